package dev.grantwire.internal.revocations;

import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.jboss.resteasy.reactive.RestResponse;

/**
 * revocation-service: a user revokes one of their grants, for consent-service. With an ownership
 * assertion ({@link RevocationAssertions}) revocation-service checks it and records alone; an
 * assertion that is not valid for this user and grant is a 403 problem. Without one (a caller older
 * than the assertions) it asks grant-service whose the grant is: 404 problem when it is not that
 * user's. Either way nothing is recorded on a refusal.
 */
@Path("/internal/v1/users/{userId}/grants/{grantId}/revocations")
public interface UserRevocationsApi {

    /** Records the revocation: 201, or 200 with the first record when already revoked. */
    @POST
    @Produces({MediaType.APPLICATION_JSON, "application/problem+json"})
    RestResponse<Recorded> revoke(
            @PathParam("userId") String userId,
            @PathParam("grantId") String grantId,
            @HeaderParam(RevocationAssertions.OWNERSHIP_HEADER) String ownership);
}
