package dev.grantwire.grant.security;

import jakarta.ws.rs.NameBinding;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks resources only Grantwire's own services may call: they need an access token grant-service
 * issued through client_credentials with the scope {@link #GRANTS_INTERNAL}.
 */
@NameBinding
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface InternalApi {

    /** The scope the internal API requires. */
    String GRANTS_INTERNAL = "grants.internal";
}
