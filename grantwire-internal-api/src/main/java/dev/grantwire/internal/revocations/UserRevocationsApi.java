package dev.grantwire.internal.revocations;

import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.jboss.resteasy.reactive.RestResponse;

/**
 * revocation-service: a user revokes one of their grants, for consent-service. The grant must be
 * that user's: 404 problem otherwise, nothing recorded.
 */
@Path("/internal/v1/users/{userId}/grants/{grantId}/revocations")
public interface UserRevocationsApi {

    /** Records the revocation: 201, or 200 with the first record when already revoked. */
    @POST
    @Produces({MediaType.APPLICATION_JSON, "application/problem+json"})
    RestResponse<Recorded> revoke(
            @PathParam("userId") String userId, @PathParam("grantId") String grantId);
}
