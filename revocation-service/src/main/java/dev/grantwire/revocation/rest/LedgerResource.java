package dev.grantwire.revocation.rest;

import dev.grantwire.events.RevocationEvent;
import dev.grantwire.internal.revocations.LedgerApi;
import dev.grantwire.internal.revocations.LedgerEntry;
import dev.grantwire.internal.revocations.LedgerPage;
import dev.grantwire.revocation.persistence.LedgerRepository;
import dev.grantwire.revocation.persistence.LedgerRepository.Entry;
import dev.grantwire.revocation.security.InternalApi;
import dev.grantwire.revocation.service.RefusedException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * {@link LedgerApi}, for grant-service's reconciliation and the audit trail: after a ledger
 * sequence, from a time, by app, by user, in sequence order; or the newest entries, newest first.
 */
@InternalApi(InternalApi.Callers.ANY)
public class LedgerResource implements LedgerApi {

    static final int DEFAULT_LIMIT = 100;

    private final LedgerRepository ledger;

    LedgerResource(LedgerRepository ledger) {
        this.ledger = ledger;
    }

    @Override
    public LedgerPage newest(String limit) {
        List<LedgerEntry> rows =
                ledger.newest(size(limit)).stream().map(LedgerResource::view).toList();
        return new LedgerPage(rows, rows.isEmpty() ? 0 : rows.get(0).sequence());
    }

    @Override
    public LedgerPage page(
            String since, String revokedSince, String clientId, String userId, String limit) {
        long after;
        try {
            after = since == null || since.isBlank() ? 0 : Long.parseLong(since);
        } catch (NumberFormatException e) {
            throw RefusedException.badRequest("since must be an integer");
        }
        int size = size(limit);
        Instant fromTime;
        try {
            fromTime =
                    revokedSince == null || revokedSince.isBlank()
                            ? null
                            : Instant.parse(revokedSince);
        } catch (DateTimeParseException e) {
            throw RefusedException.badRequest(
                    "revokedSince must be an ISO-8601 instant, e.g. 2026-11-29T12:00:00Z");
        }
        if (after < 0) {
            throw RefusedException.badRequest("since must be >= 0");
        }
        List<LedgerEntry> rows = new ArrayList<>();
        long next = after;
        for (Entry entry :
                ledger.page(after, fromTime, blankToNull(clientId), blankToNull(userId), size)) {
            rows.add(view(entry));
            next = entry.event().sequence();
        }
        return new LedgerPage(rows, next);
    }

    /** The page size asked for: {@value #DEFAULT_LIMIT} when absent, else 1 to the maximum. */
    private static int size(String limit) {
        int size;
        try {
            size = limit == null || limit.isBlank() ? DEFAULT_LIMIT : Integer.parseInt(limit);
        } catch (NumberFormatException e) {
            throw RefusedException.badRequest("limit must be an integer");
        }
        if (size < 1 || size > MAX_LIMIT) {
            throw RefusedException.badRequest("limit must be between 1 and " + MAX_LIMIT);
        }
        return size;
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    private static LedgerEntry view(Entry entry) {
        RevocationEvent event = entry.event();
        return new LedgerEntry(
                event.sequence(),
                entry.eventId().toString(),
                event.kind().jsonName(),
                event.subject(),
                event.scope() == null ? null : event.scope().jsonName(),
                event.clientId(),
                event.userId(),
                event.revokedAt(),
                event.cutoff(),
                event.expiresAt(),
                event.reason(),
                event.actor(),
                entry.commandId() == null ? null : entry.commandId().toString());
    }
}
