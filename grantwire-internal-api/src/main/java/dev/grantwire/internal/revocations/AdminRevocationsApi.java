package dev.grantwire.internal.revocations;

import dev.grantwire.internal.InternalHeaders;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.jboss.resteasy.reactive.RestResponse;

/**
 * revocation-service: an admin revokes a grant, an app or a user, for consent-service's admin
 * pages, the admin named in {@value InternalHeaders#ACTING_USER}. A user who is not an admin gets a
 * 403 problem; bad input a 400 problem; an unknown subject a 404 problem; nothing is recorded.
 */
@Path("/internal/v1/admin/revocations")
public interface AdminRevocationsApi {

    /** Records the revocation: 201, or 200 when it replays an earlier record. */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces({MediaType.APPLICATION_JSON, "application/problem+json"})
    RestResponse<Recorded> revoke(
            @HeaderParam(InternalHeaders.ACTING_USER) String actingUser,
            AdminRevocation revocation);
}
