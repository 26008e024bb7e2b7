package dev.grantwire.revocation.rest;

import dev.grantwire.revocation.security.InternalApi;
import dev.grantwire.revocation.service.RefusedException;
import dev.grantwire.revocation.service.UserRevocations;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.UUID;

/**
 * A user revokes one of their grants: {@code POST
 * /internal/v1/users/{userId}/grants/{grantId}/revocations}, no body. Called by consent-service
 * with its service token for the signed-in user it names in the path ({@link
 * dev.grantwire.revocation.security.InternalApiFilter}); the grant must be that user's (404
 * otherwise, nothing recorded). 201 (or 200 when the grant was already revoked here) with the
 * ledger {@code sequence}.
 */
@InternalApi(InternalApi.Callers.USERS_AND_ADMINS)
@Path("/internal/v1/users/{userId}/grants/{grantId}/revocations")
public class UserRevocationResource {

    private final UserRevocations revocations;

    UserRevocationResource(UserRevocations revocations) {
        this.revocations = revocations;
    }

    @POST
    @Produces({MediaType.APPLICATION_JSON, Problems.MEDIA_TYPE})
    public Response revoke(
            @PathParam("userId") String userId, @PathParam("grantId") String grantId) {
        return RevocationAnswers.of(revocations.revokeGrant(uuid(userId), uuid(grantId)));
    }

    private static UUID uuid(String value) {
        try {
            return UUID.fromString(value);
        } catch (IllegalArgumentException e) {
            throw RefusedException.notFound("no such grant for this user");
        }
    }
}
