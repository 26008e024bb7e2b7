package dev.grantwire.grant.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What grant-service creates from configuration at every start, idempotently: the internal clients
 * of the other Grantwire services, the initial access token for dynamic registration, and who the
 * first admin is.
 */
@ConfigMapping(prefix = "grantwire.bootstrap")
public interface BootstrapConfig {

    /**
     * Internal clients by client id (e.g. {@code consent-service}). Each uses {@code
     * client_credentials} with {@code client_secret_basic} and may hold {@code *.internal} scopes.
     */
    Map<String, InternalClient> clients();

    /**
     * Client ids of the internal clients that may change state through the internal API (sign-in
     * upserts, consents, admin actions); every other internal client may only read.
     */
    @WithDefault("consent-service")
    List<String> internalWriters();

    /** Initial access token for RFC 7591 registration; stored only as a SHA-256 hash. */
    Optional<String> initialAccessToken();

    /** The first admin. */
    Admin admin();

    /** One internal client. */
    interface InternalClient {
        /** Its secret (a Kubernetes Secret in production); at least 32 characters. */
        String secret();

        /** Its scopes, e.g. {@code grants.internal}. */
        List<String> scopes();
    }

    /** The first admin, matched at sign-in by the upstream issuer and subject, or else by email. */
    interface Admin {
        /** Upstream issuer of the first admin (with {@link #subject()}). */
        Optional<String> issuer();

        /** Upstream subject of the first admin (with {@link #issuer()}). */
        Optional<String> subject();

        /** Email of the first admin, used only when issuer and subject are not set. */
        Optional<String> email();

        /** Upstream role that makes a user an admin. */
        @WithDefault("admin")
        String role();
    }
}
