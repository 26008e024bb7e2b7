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
 * pages, the admin named in {@value InternalHeaders#ACTING_USER}. With an admin assertion for that
 * user ({@link RevocationAssertions}; for a grant also the grant's ownership assertion in the body)
 * revocation-service records alone; an assertion that is not valid is a 403 problem. Without one (a
 * caller older than the assertions) it asks grant-service: a user who is not an admin gets a 403
 * problem, an unknown subject a 404 problem. Bad input is a 400 problem; nothing is recorded on a
 * refusal.
 */
@Path("/internal/v1/admin/revocations")
public interface AdminRevocationsApi {

    /** Records the revocation: 201, or 200 when it replays an earlier record. */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces({MediaType.APPLICATION_JSON, "application/problem+json"})
    RestResponse<Recorded> revoke(
            @HeaderParam(InternalHeaders.ACTING_USER) String actingUser,
            @HeaderParam(RevocationAssertions.ADMIN_HEADER) String adminAssertion,
            AdminRevocation revocation);
}
