package dev.grantwire.revocation.service;

import dev.grantwire.events.RevocationKind;
import dev.grantwire.events.RevocationScope;
import dev.grantwire.internal.grants.GrantOwner;
import dev.grantwire.revocation.client.GrantServiceClient;
import dev.grantwire.revocation.service.RevocationRecorder.Command;
import dev.grantwire.revocation.service.RevocationRecorder.Recorded;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;

/**
 * An organization admin revokes one grant, an app ({@code tokens}: every token issued before the
 * cutoff; {@code grants}: every grant too) or a user (every grant). grant-service decides whether
 * the acting user is an admin and whether the subject exists (reads, before the revoke
 * transaction); nothing is recorded otherwise. A grant is revoked once (again: the first record);
 * an app or a user is recorded anew each time, since a later cutoff kills more.
 */
@ApplicationScoped
public class AdminRevocations {

    /** What the admin asked for. {@code scope} for {@code client} (and optionally {@code user}). */
    public record Request(
            RevocationKind kind, String subject, RevocationScope scope, String reason) {}

    static final String REASON = "admin_revoked";

    private final GrantServiceClient grantService;
    private final RevocationRecorder recorder;

    AdminRevocations(GrantServiceClient grantService, RevocationRecorder recorder) {
        this.grantService = grantService;
        this.recorder = recorder;
    }

    /**
     * @throws RefusedException 403 not an admin, 400 a request that cannot be a revocation, 404 an
     *     unknown grant, app or user
     * @throws dev.grantwire.revocation.client.GrantServiceUnavailableException if grant-service
     *     gave no answer
     */
    public Recorded revoke(UUID actingUser, Request request) {
        if (!grantService.isAdmin(actingUser)) {
            throw RefusedException.forbidden("the acting user is not an admin");
        }
        String actor = "admin:" + actingUser;
        String reason = request.reason() == null ? REASON : request.reason();
        Command command;
        if (request.kind() == RevocationKind.GRANT) {
            command = grant(request, reason, actor);
        } else if (request.kind() == RevocationKind.CLIENT) {
            command = client(request, reason, actor);
        } else if (request.kind() == RevocationKind.USER) {
            command = user(request, reason, actor);
        } else {
            throw RefusedException.badRequest("kind must be grant, client or user");
        }
        try {
            recorder.validate(command);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw RefusedException.badRequest(e.getMessage());
        }
        return recorder.record(command);
    }

    private Command grant(Request request, String reason, String actor) {
        if (request.scope() != null) {
            throw RefusedException.badRequest("scope is only for kinds client and user");
        }
        GrantOwner owner =
                grantService
                        .grant(uuid(request.subject(), "a grant id"))
                        .orElseThrow(() -> RefusedException.notFound("unknown grant"));
        return UserRevocations.grantCommand(owner, reason, actor);
    }

    private Command client(Request request, String reason, String actor) {
        if (request.scope() == null) {
            throw RefusedException.badRequest("scope (tokens or grants) is required for an app");
        }
        if (!grantService.appExists(request.subject())) {
            throw RefusedException.notFound("unknown app");
        }
        return new Command(
                null,
                RevocationKind.CLIENT,
                request.subject(),
                request.scope(),
                request.subject(),
                null,
                reason,
                actor);
    }

    private Command user(Request request, String reason, String actor) {
        if (request.scope() != null && request.scope() != RevocationScope.GRANTS) {
            throw RefusedException.badRequest("a user is always revoked with scope grants");
        }
        UUID userId = uuid(request.subject(), "a user id");
        if (!grantService.userExists(userId)) {
            throw RefusedException.notFound("unknown user");
        }
        return new Command(
                null,
                RevocationKind.USER,
                userId.toString(),
                RevocationScope.GRANTS,
                null,
                userId.toString(),
                reason,
                actor);
    }

    private static UUID uuid(String value, String what) {
        try {
            UUID parsed = UUID.fromString(value);
            if (!parsed.toString().equals(value.toLowerCase())) {
                throw new IllegalArgumentException(value);
            }
            return parsed;
        } catch (IllegalArgumentException e) {
            throw RefusedException.badRequest("subject must be " + what + " (a UUID)");
        }
    }
}
