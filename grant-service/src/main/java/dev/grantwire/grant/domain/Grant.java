package dev.grantwire.grant.domain;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A user's authorization of an app. At most one is active per user and app; a revoked grant is
 * never revived.
 *
 * @param type {@code standard} or {@code legacy}, from the app at creation
 * @param status {@code active} or {@code revoked}
 */
public record Grant(
        UUID grantId,
        UUID userId,
        String clientId,
        List<String> scopes,
        String type,
        String status,
        Instant createdAt,
        Instant updatedAt,
        Instant lastUsedAt,
        Instant revokedAt) {

    public static final String ACTIVE = "active";
    public static final String REVOKED = "revoked";

    public boolean isActive() {
        return ACTIVE.equals(status);
    }
}
