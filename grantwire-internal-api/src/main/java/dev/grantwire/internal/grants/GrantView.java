package dev.grantwire.internal.grants;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * One grant with its app and permissions, ready to show; in the admin search also whose it is.
 *
 * @param userName the user's name as the provider said at the last sign-in (admin search only)
 * @param userEmail the user's email likewise (admin search only)
 * @param type {@code standard} or {@code legacy}
 * @param status {@code active} or {@code revoked}
 * @param lastUsedAt null when no token was issued since it was granted
 * @param ownership an ownership assertion of an active grant for revocation-service ({@link
 *     dev.grantwire.internal.revocations.RevocationAssertions}), only in the answer about one of
 *     the user's grants ({@code GET /internal/v1/users/{userId}/grants/{grantId}}); null in lists
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record GrantView(
        UUID grantId,
        UUID userId,
        String userName,
        String userEmail,
        String clientId,
        String appName,
        String publisher,
        String website,
        String logoUri,
        List<Permission> permissions,
        String type,
        String status,
        Instant createdAt,
        Instant updatedAt,
        Instant lastUsedAt,
        Instant revokedAt,
        String ownership) {

    /** The status of a grant that still issues tokens. */
    public static final String ACTIVE = "active";

    public GrantView {
        permissions = permissions == null ? List.of() : List.copyOf(permissions);
    }

    /** Whether the grant still issues tokens. */
    public boolean isActive() {
        return ACTIVE.equals(status);
    }

    /** The granted scopes, in the order of {@link #permissions()}. */
    public List<String> scopes() {
        return permissions.stream().map(Permission::scope).toList();
    }
}
