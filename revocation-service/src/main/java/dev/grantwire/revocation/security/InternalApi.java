package dev.grantwire.revocation.security;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks an internal resource and names which Grantwire services may call it ({@link
 * InternalApiFilter} checks the service token's {@code client_id}). Decided by the matched
 * resource, not by the path, so no spelling of a URL reaches an API past its callers.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface InternalApi {

    /** Who may call. */
    Callers value();

    /** The caller groups, from configuration. */
    enum Callers {
        /** {@code grantwire.revocation.command-clients}: grant-service. */
        COMMANDS,
        /** {@code grantwire.revocation.api-clients}: consent-service. */
        USERS_AND_ADMINS,
        /** Both groups (the ledger). */
        ANY
    }
}
