package dev.grantwire.internal.revocations;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A recorded revocation, as revocation-service answers a revoke: 201 when recorded now, 200 when
 * the same revocation (or command id) was recorded before. {@code sequence} is its ledger position,
 * which consent-service passes on for read-your-writes. Times in epoch milliseconds; {@code scope}
 * and {@code cutoff} only for app- and user-wide kinds.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record Recorded(
        long sequence,
        String eventId,
        String kind,
        String subject,
        String scope,
        long revokedAt,
        Long cutoff,
        long expiresAt) {}
