package dev.grantwire.revocation.service;

import dev.grantwire.events.RevocationKind;
import dev.grantwire.internal.grants.GrantOwner;
import dev.grantwire.revocation.client.GrantServiceClient;
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
    private final RevocationRecorder recorder;

    UserRevocations(GrantServiceClient grantService, RevocationRecorder recorder) {
        this.grantService = grantService;
        this.recorder = recorder;
    }

    /**
     * @throws RefusedException 404 when the grant is not the user's
     * @throws dev.grantwire.revocation.client.GrantServiceUnavailableException if grant-service
     *     gave no answer
     */
    public Recorded revokeGrant(UUID userId, UUID grantId) {
        GrantOwner owner =
                grantService
                        .grant(grantId)
                        .filter(g -> userId.equals(g.userId()))
                        .orElseThrow(
                                () -> RefusedException.notFound("no such grant for this user"));
        return recorder.record(grantCommand(owner, REASON, "user:" + userId));
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
