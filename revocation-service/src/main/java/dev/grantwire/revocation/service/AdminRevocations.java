package dev.grantwire.revocation.service;

import dev.grantwire.events.RevocationKind;
import dev.grantwire.events.RevocationScope;
import dev.grantwire.internal.grants.GrantOwner;
import dev.grantwire.revocation.client.GrantServiceClient;
import dev.grantwire.revocation.security.InternalApiFilter;
import dev.grantwire.revocation.security.RevocationAssertionVerifier;
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
            RevocationKind kind,
            String subject,
            RevocationScope scope,
            String reason,
            String ownership) {}

    static final String REASON = "admin_revoked";

    private final GrantServiceClient grantService;
    private final RevocationAssertionVerifier assertions;
    private final UserRevocations users;
    private final RevocationRecorder recorder;

    AdminRevocations(
            GrantServiceClient grantService,
            RevocationAssertionVerifier assertions,
            UserRevocations users,
            RevocationRecorder recorder) {
        this.grantService = grantService;
        this.assertions = assertions;
        this.users = users;
        this.recorder = recorder;
    }

    /**
     * Records an admin's revoke. With {@code adminAssertion} (an admin assertion of {@code
     * actingUser}) nothing is asked of grant-service: a grant needs its ownership assertion in the
     * request, and an app or user is recorded as named (revoking one that does not exist refuses
     * nothing). Without it (an older caller), grant-service decides whether the user is an admin
     * and whether the subject exists.
     *
     * @param adminAssertion the acting user's admin assertion, or null
     * @throws RefusedException 403 not an admin or an assertion that is not valid, 400 a request
     *     that cannot be a revocation, 404 an unknown grant, app or user (without an assertion)
     * @throws dev.grantwire.revocation.client.GrantServiceUnavailableException if grant-service
     *     gave no answer (only without an assertion)
     */
    public Recorded revoke(UUID actingUser, String adminAssertion, Request request) {
        boolean asserted = adminAssertion != null;
        if (asserted && !assertions.admin(adminAssertion, actingUser)) {
            throw RefusedException.forbidden(
                    "the admin assertion is not valid for the acting user");
        }
        if (!asserted && !grantService.isAdmin(actingUser)) {
            throw RefusedException.forbidden("the acting user is not an admin");
        }
        String actor = "admin:" + actingUser;
        String reason = request.reason() == null ? REASON : request.reason();
        Command command;
        if (request.kind() == RevocationKind.GRANT) {
            command = grant(request, reason, actor, asserted);
        } else if (request.kind() == RevocationKind.CLIENT) {
            command = client(request, reason, actor, asserted);
        } else if (request.kind() == RevocationKind.USER) {
            command = user(request, reason, actor, asserted);
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

    private Command grant(Request request, String reason, String actor, boolean asserted) {
        if (request.scope() != null) {
            throw RefusedException.badRequest("scope is only for kinds client and user");
        }
        UUID grantId = uuid(request.subject(), "a grant id");
        if (asserted && request.ownership() == null) {
            throw RefusedException.badRequest(
                    "a grant revoked with an admin assertion needs its ownership assertion");
        }
        GrantOwner owner =
                request.ownership() != null
                        ? users.owned(request.ownership(), null, grantId)
                        : grantService
                                .grant(grantId)
                                .orElseThrow(() -> RefusedException.notFound("unknown grant"));
        return UserRevocations.grantCommand(owner, reason, actor);
    }

    private Command client(Request request, String reason, String actor, boolean asserted) {
        if (request.scope() == null) {
            throw RefusedException.badRequest("scope (tokens or grants) is required for an app");
        }
        // One of Grantwire's own services is no third-party app, but an admin may revoke it (the
        // only way to): its service tokens issued before the cutoff are refused by every API.
        boolean internal = InternalApiFilter.internalClients().contains(request.subject());
        if (!asserted && !internal && !grantService.appExists(request.subject())) {
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

    private Command user(Request request, String reason, String actor, boolean asserted) {
        if (request.scope() != null && request.scope() != RevocationScope.GRANTS) {
            throw RefusedException.badRequest("a user is always revoked with scope grants");
        }
        UUID userId = uuid(request.subject(), "a user id");
        if (!asserted && !grantService.userExists(userId)) {
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
