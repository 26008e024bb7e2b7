package dev.grantwire.internal.revocations;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * One row of the revocation ledger: the event's fields (grantwire-events' contract), its event id
 * and the command id it was recorded for (null when none). Times in epoch milliseconds.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record LedgerEntry(
        long sequence,
        String eventId,
        String kind,
        String subject,
        String scope,
        String clientId,
        String userId,
        long revokedAt,
        Long cutoff,
        long expiresAt,
        String reason,
        String actor,
        String commandId) {}
