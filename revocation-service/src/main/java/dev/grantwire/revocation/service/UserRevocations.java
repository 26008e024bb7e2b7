package dev.grantwire.revocation.service;

import dev.grantwire.events.RevocationKind;
import dev.grantwire.internal.grants.GrantOwner;
import dev.grantwire.revocation.client.GrantServiceClient;
import dev.grantwire.revocation.security.RevocationAssertionVerifier;
import dev.grantwire.revocation.service.RevocationRecorder.Command;
import dev.grantwire.revocation.service.RevocationRecorder.Recorded;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;

/**
 * A user revokes one of their own authorizations ("Manage authorizations"). grant-service says
 * whose the grant is (a read, before the revoke transaction); someone else's grant and an unknown
 * one look the same: not found, nothing recorded. Revoking a grant again replays the first record.
 */
@ApplicationScoped
public class UserRevocations {

    static final String REASON = "user_revoked";

    private final GrantServiceClient grantService;
    private final RevocationAssertionVerifier assertions;
    private final RevocationRecorder recorder;

    UserRevocations(
            GrantServiceClient grantService,
            RevocationAssertionVerifier assertions,
            RevocationRecorder recorder) {
        this.grantService = grantService;
        this.assertions = assertions;
        this.recorder = recorder;
    }

    /**
     * Records the user's revoke of their grant: alone when {@code ownership} is an assertion of
     * exactly this user and grant, else (no assertion: an older caller) after asking grant-service.
     *
     * @param ownership the grant's ownership assertion, or null
     * @throws RefusedException 403 when the assertion is not valid for this user and grant, 404
     *     when grant-service says the grant is not the user's
     * @throws dev.grantwire.revocation.client.GrantServiceUnavailableException if grant-service
     *     gave no answer (only without an assertion)
     */
    public Recorded revokeGrant(UUID userId, UUID grantId, String ownership) {
        if (ownership != null) {
            return recorder.record(
                    grantCommand(owned(ownership, userId, grantId), REASON, "user:" + userId));
        }
        GrantOwner owner =
                grantService
                        .grant(grantId)
                        .filter(g -> userId.equals(g.userId()))
                        .orElseThrow(
                                () -> RefusedException.notFound("no such grant for this user"));
        return recorder.record(grantCommand(owner, REASON, "user:" + userId));
    }

    /** The owner an ownership assertion vouches for, which must be this user's grant. */
    GrantOwner owned(String ownership, UUID userId, UUID grantId) {
        RevocationAssertionVerifier.Ownership owned =
                assertions
                        .ownership(ownership)
                        .filter(o -> o.grantId().equals(grantId))
                        .filter(o -> userId == null || o.userId().equals(userId))
                        .orElseThrow(
                                () ->
                                        RefusedException.forbidden(
                                                "the ownership assertion is not valid for this"
                                                        + " grant"));
        return new GrantOwner(grantId, owned.userId(), owned.clientId(), "active");
    }

    static Command grantCommand(GrantOwner owner, String reason, String actor) {
        String subject = owner.grantId().toString();
        return new Command(
                OnceCommands.of(RevocationKind.GRANT, subject),
                RevocationKind.GRANT,
                subject,
                null,
                owner.clientId(),
                owner.userId() == null ? null : owner.userId().toString(),
                reason,
                actor);
    }
}
