package dev.grantwire.internal.revocations;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

/**
 * revocation-service: the ledger, in sequence order for grant-service's reconciliation, newest
 * first for the audit pages. Parameters are text so that bad ones get a clear 400 problem.
 */
@Path("/internal/v1/revocations")
public interface LedgerApi {

    /** Largest page. */
    int MAX_LIMIT = 1000;

    /**
     * The entries after {@code since} (a ledger sequence, default 0), optionally from a time
     * ({@code revokedSince}, ISO-8601, compared with {@code revokedAt}), of an app or a user; at
     * most {@code limit} (default 100, at most {@value #MAX_LIMIT}). Page with {@code since=<next>}
     * until a page is empty.
     */
    @GET
    @Produces({MediaType.APPLICATION_JSON, "application/problem+json"})
    LedgerPage page(
            @QueryParam("since") String since,
            @QueryParam("revokedSince") String revokedSince,
            @QueryParam("clientId") String clientId,
            @QueryParam("userId") String userId,
            @QueryParam("limit") String limit);

    /**
     * The newest {@code limit} entries (default 100, at most {@value #MAX_LIMIT}), newest first,
     * for the audit pages; {@code next} is the newest entry's sequence (0 for an empty ledger).
     */
    @GET
    @Path("newest")
    @Produces({MediaType.APPLICATION_JSON, "application/problem+json"})
    LedgerPage newest(@QueryParam("limit") String limit);

    /** The entries after {@code since}, at most {@code limit}, of every app and user. */
    default LedgerPage after(long since, int limit) {
        return page(Long.toString(since), null, null, null, Integer.toString(limit));
    }
}
