package dev.grantwire.consent.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
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

    /** {@code GET /internal/v1/users/{userId}/grants}: one of the user's grants. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Grant(
            UUID grantId, String clientId, List<Permission> permissions, String status) {

        public boolean isActive() {
            return "active".equals(status);
        }

        public List<String> scopes() {
            return permissions == null
                    ? List.of()
                    : permissions.stream().map(Permission::scope).toList();
        }
    }

    /** {@code POST /internal/v1/grants}: the request the user accepted, as it was stored. */
    public record Consent(
            UUID userId,
            String clientId,
            List<String> scopes,
            String redirectUri,
            String nonce,
            String codeChallenge,
            String codeChallengeMethod) {}

    /** The one-time code grant-service issued for a consent. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record IssuedCode(String code, UUID grantId, long expiresIn) {}
}
