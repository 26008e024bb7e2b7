package dev.grantwire.consent.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** The shapes of grant-service's internal API that consent-service reads and sends. */
public final class GrantServiceModels {

    private GrantServiceModels() {}

    /** {@code GET /internal/v1/apps/{clientId}}: an app's public face. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record App(
            String clientId,
            String name,
            String publisher,
            String website,
            String logoUri,
            String description,
            List<String> redirectUris,
            List<String> allowedScopes,
            boolean publicClient,
            String type,
            boolean enabled) {

        public App {
            redirectUris = redirectUris == null ? List.of() : List.copyOf(redirectUris);
            allowedScopes = allowedScopes == null ? List.of() : List.copyOf(allowedScopes);
        }
    }

    /** {@code POST /internal/v1/users}: what the upstream provider asserted at sign-in. */
    public record SignIn(
            String issuer, String subject, String name, String email, List<String> roles) {}

    /** The recorded user. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record User(UUID userId, String name, String email, boolean admin) {}

    /** One permission of a grant. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Permission(String scope) {}

    /**
     * {@code GET /internal/v1/users/{userId}/grants} (and the admin search): one grant, ready to
     * show.
     *
     * @param type {@code standard} or {@code legacy}
     * @param userName the user's name, in the admin search only
     * @param userEmail the user's email, in the admin search only
     * @param lastUsedAt null when no token was issued since it was granted
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Grant(
            UUID grantId,
            UUID userId,
            String userName,
            String userEmail,
            String clientId,
            String appName,
            String publisher,
            List<Permission> permissions,
            String type,
            String status,
            Instant createdAt,
            Instant lastUsedAt) {

        public boolean isActive() {
            return "active".equals(status);
        }

        public List<String> scopes() {
            return permissions == null
                    ? List.of()
                    : permissions.stream().map(Permission::scope).toList();
        }
    }

    /**
     * {@code POST /internal/v1/grants}: the request the user accepted, as it was stored.
     *
     * @param revocationSequence the ledger position of the user's latest revocation made here,
     *     which grant-service applies before it records the grant; null when there is none
     */
    public record Consent(
            UUID userId,
            String clientId,
            List<String> scopes,
            String redirectUri,
            String nonce,
            String codeChallenge,
            String codeChallengeMethod,
            Long revocationSequence) {}

    /** {@code GET /internal/v1/policy}: the organization's switches. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record PolicySwitches(boolean thirdPartyAccess, boolean legacyAppsAllowed) {}

    /** {@code GET} / {@code PUT /internal/v1/admin/policy} (durations in seconds). */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Policy(
            boolean thirdPartyAccess,
            boolean legacyAppsAllowed,
            long accessTokenLifetimeSeconds,
            long refreshTokenLifetimeSeconds,
            long legacyRefreshLifetimeSeconds) {}

    /** {@code GET /internal/v1/admin/audit}: one entry of grant-service's audit trail. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record AuditEntry(
            long id, Instant at, String actor, String action, String target, String detail) {}

    /** {@code POST /internal/v1/admin/apps}: RFC 7591 metadata of a new app. */
    public record Registration(
            @JsonProperty("client_name") String clientName,
            @JsonProperty("publisher") String publisher,
            @JsonProperty("client_uri") String clientUri,
            @JsonProperty("description") String description,
            @JsonProperty("redirect_uris") List<String> redirectUris,
            @JsonProperty("grant_types") List<String> grantTypes,
            @JsonProperty("token_endpoint_auth_method") String tokenEndpointAuthMethod,
            @JsonProperty("scope") String scope,
            @JsonProperty("grantwire_app_type") String appType) {}

    /** The registered app; {@code clientSecret} is shown this once (null for a public client). */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Registered(
            @JsonProperty("client_id") String clientId,
            @JsonProperty("client_secret") String clientSecret,
            @JsonProperty("client_name") String clientName) {}

    /** The one-time code grant-service issued for a consent. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record IssuedCode(String code, UUID grantId, long expiresIn) {}
}
