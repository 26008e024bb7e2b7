package dev.grantwire.consent.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** consent-service's own settings ({@code grantwire.consent.*}). */
@ConfigMapping(prefix = "grantwire.consent")
public interface ConsentConfig {

    /**
     * grant-service's issuer identifier, sent as {@code iss} in every authorization response (RFC
     * 9207). The Stack sets it to where grant-service really runs.
     */
    @WithDefault("http://127.0.0.1:8081")
    String issuer();

    /** How long a stored authorization request may wait for the user's decision. */
    @WithDefault("PT10M")
    Duration requestLifetime();

    /** How long a confirmation page (revoke, admin actions) can be confirmed. */
    @WithDefault("PT10M")
    Duration confirmationLifetime();

    /**
     * How many undecided authorization requests one user may have stored; a new one deletes the
     * oldest beyond it.
     */
    @WithDefault("20")
    int maxOpenRequests();

    /**
     * How long a signed-out session is remembered and refused: longer than any session cookie of it
     * can live (the provider's session and refresh-token lifetime).
     */
    @WithDefault("PT24H")
    Duration signedOutMemory();

    /**
     * How long a revocation made here is remembered for its user: its grant stays hidden from
     * "Manage authorizations" and its sequence goes with the user's next Accept. grant-service
     * applies a revocation within milliseconds; this only has to outlast a slow feed.
     */
    @WithDefault("PT10M")
    Duration revocationMemory();

    /**
     * The role the organization's provider must assert for the admin pages; grant-service must also
     * say the user is an admin.
     */
    @WithDefault("admin")
    String adminRole();

    /** grant-service, whose internal API records users and grants. */
    GrantService grantService();

    /** revocation-service, for the revocations made from "Manage authorizations" and admins. */
    RevocationService revocationService();

    /** Where revocation-service is. */
    interface RevocationService {

        /**
         * Base URL of revocation-service (the Stack sets it). Calls use grant-service's {@code
         * timeout} and consent-service's service token.
         */
        @WithDefault("http://127.0.0.1:8082")
        String url();
    }

    /** Where grant-service is and how consent-service authenticates to it. */
    interface GrantService {

        /** Base URL of grant-service (the Stack sets it). */
        @WithDefault("http://127.0.0.1:8081")
        String url();

        /** consent-service's client id at grant-service (a bootstrapped internal client). */
        @WithDefault("consent-service")
        String clientId();

        /**
         * Its client secret (grant-service's {@code
         * grantwire.bootstrap.clients.consent-service.secret}); production sets {@code
         * GRANTWIRE_CONSENT_GRANT_SERVICE_CLIENT_SECRET}.
         */
        Optional<String> clientSecret();

        /** Connect and request timeout of every call. */
        @WithDefault("5s")
        Duration timeout();

        /** The service token is renewed this long before it expires. */
        @WithDefault("60s")
        Duration tokenRenewal();
    }
}
