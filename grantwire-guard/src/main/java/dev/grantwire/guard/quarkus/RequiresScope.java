package dev.grantwire.guard.quarkus;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Requires a valid Grantwire access token carrying every listed scope, on a JAX-RS resource method
 * or class (a method's annotation replaces its class's). A token without one of them gets 403 with
 * {@code WWW-Authenticate: Bearer error="insufficient_scope", scope="..."} (RFC 6750 section 3.1).
 *
 * <p>An annotated endpoint needs a token even outside {@link GuardConfig#protectedPaths()}.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
public @interface RequiresScope {

    /** The scopes required, all of them, e.g. {@code "work_items.read"}. */
    String[] value();
}
