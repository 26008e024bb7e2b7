package dev.grantwire.revocation.rest;

import dev.grantwire.events.RevocationEvent;
import dev.grantwire.revocation.persistence.LedgerRepository;
import dev.grantwire.revocation.persistence.LedgerRepository.Entry;
import dev.grantwire.revocation.security.InternalApi;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The ledger API: {@code GET
 * /internal/v1/revocations?since=&revokedSince=&clientId=&userId=&limit=}, in sequence order, for
 * grant-service's reconciliation and the audit trail: after a ledger sequence, from a time ({@code
 * revokedSince}, an ISO-8601 instant, compared with {@code revokedAt}), by app, by user. Page with
 * {@code since=<next>} until {@code revocations} is empty.
 */
@InternalApi(InternalApi.Callers.ANY)
@Path("/internal/v1/revocations")
public class LedgerResource {

    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 1000;

    private final LedgerRepository ledger;

    LedgerResource(LedgerRepository ledger) {
        this.ledger = ledger;
    }

    @GET
    @Produces({MediaType.APPLICATION_JSON, Problems.MEDIA_TYPE})
    public Response page(
            @QueryParam("since") String since,
            @QueryParam("revokedSince") String revokedSince,
            @QueryParam("clientId") String clientId,
            @QueryParam("userId") String userId,
            @QueryParam("limit") String limit) {
        long after;
        int size;
        try {
            after = since == null || since.isBlank() ? 0 : Long.parseLong(since);
            size = limit == null || limit.isBlank() ? DEFAULT_LIMIT : Integer.parseInt(limit);
        } catch (NumberFormatException e) {
            return Problems.badRequest("since and limit must be integers");
        }
        Instant fromTime;
        try {
            fromTime =
                    revokedSince == null || revokedSince.isBlank()
                            ? null
                            : Instant.parse(revokedSince);
        } catch (DateTimeParseException e) {
            return Problems.badRequest(
                    "revokedSince must be an ISO-8601 instant, e.g. 2026-11-29T12:00:00Z");
        }
        if (after < 0 || size < 1 || size > MAX_LIMIT) {
            return Problems.badRequest("since must be >= 0 and limit between 1 and " + MAX_LIMIT);
        }
        List<Map<String, Object>> rows = new ArrayList<>();
        long next = after;
        for (Entry entry :
                ledger.page(after, fromTime, blankToNull(clientId), blankToNull(userId), size)) {
            rows.add(view(entry));
            next = entry.event().sequence();
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("revocations", rows);
        body.put("next", next);
        return Response.ok(body, MediaType.APPLICATION_JSON).build();
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    private static Map<String, Object> view(Entry entry) {
        RevocationEvent event = entry.event();
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("sequence", event.sequence());
        row.put("eventId", entry.eventId().toString());
        row.put("kind", event.kind().jsonName());
        row.put("subject", event.subject());
        row.put("scope", event.scope() == null ? null : event.scope().jsonName());
        row.put("clientId", event.clientId());
        row.put("userId", event.userId());
        row.put("revokedAt", event.revokedAt());
        row.put("cutoff", event.cutoff());
        row.put("expiresAt", event.expiresAt());
        row.put("reason", event.reason());
        row.put("actor", event.actor());
        row.put("commandId", entry.commandId() == null ? null : entry.commandId().toString());
        return row;
    }
}
