package dev.grantwire.revocation.rest;

import dev.grantwire.internal.revocations.Recorded;
import dev.grantwire.internal.revocations.UserRevocationsApi;
import dev.grantwire.revocation.security.InternalApi;
import dev.grantwire.revocation.service.RefusedException;
import dev.grantwire.revocation.service.UserRevocations;
import java.util.UUID;
import org.jboss.resteasy.reactive.RestResponse;

/**
 * {@link UserRevocationsApi}: a user revokes one of their grants. Called by consent-service with
 * its service token for the signed-in user it names in the path ({@link
 * dev.grantwire.revocation.security.InternalApiFilter}); the grant must be that user's (404
 * otherwise, nothing recorded).
 */
@InternalApi(InternalApi.Callers.USERS_AND_ADMINS)
public class UserRevocationResource implements UserRevocationsApi {

    private final UserRevocations revocations;

    UserRevocationResource(UserRevocations revocations) {
        this.revocations = revocations;
    }

    @Override
    public RestResponse<Recorded> revoke(String userId, String grantId, String ownership) {
        return RevocationAnswers.of(
                revocations.revokeGrant(uuid(userId), uuid(grantId), ownership));
    }

    private static UUID uuid(String value) {
        try {
            return UUID.fromString(value);
        } catch (IllegalArgumentException e) {
            throw RefusedException.notFound("no such grant for this user");
        }
    }
}
