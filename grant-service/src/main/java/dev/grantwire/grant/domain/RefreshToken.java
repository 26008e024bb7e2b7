package dev.grantwire.grant.domain;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A refresh token as stored (hashed). A rotated token keeps its row so that a later reuse is
 * recognized; {@code graceResponse} is the encrypted answer of its rotation, kept until {@code
 * graceUntil}.
 */
public record RefreshToken(
        byte[] tokenHash,
        UUID grantId,
        String clientId,
        List<String> scopes,
        Instant expiresAt,
        Instant rotatedAt,
        byte[] graceResponse,
        Instant graceUntil) {

    public boolean isRotated() {
        return rotatedAt != null;
    }
}
