package dev.grantwire.revocation.rest;

import dev.grantwire.events.RevocationKind;
import dev.grantwire.events.RevocationScope;
import dev.grantwire.internal.revocations.CommandsApi;
import dev.grantwire.internal.revocations.Recorded;
import dev.grantwire.internal.revocations.RevocationCommand;
import dev.grantwire.revocation.security.InternalApi;
import dev.grantwire.revocation.security.InternalApiFilter;
import dev.grantwire.revocation.service.CommandConflictException;
import dev.grantwire.revocation.service.RefusedException;
import dev.grantwire.revocation.service.RevocationRecorder;
import dev.grantwire.revocation.service.RevocationRecorder.Command;
import java.util.UUID;
import org.jboss.resteasy.reactive.RestResponse;

/**
 * {@link CommandsApi} for grant-service, idempotent by {@code commandId}: 201 when recorded, 200
 * when the command id was already recorded (same answer, nothing new written), 400 problem for bad
 * input, 409 problem for a command id reused for another revocation.
 *
 * <p>Requires a grant-service service token with scope {@code revocations.internal} (see {@link
 * dev.grantwire.revocation.security.InternalApiFilter}).
 */
@InternalApi(InternalApi.Callers.COMMANDS)
public class CommandResource implements CommandsApi {

    private final RevocationRecorder recorder;

    CommandResource(RevocationRecorder recorder) {
        this.recorder = recorder;
    }

    @Override
    public RestResponse<Recorded> submit(RevocationCommand body) {
        Command command = parse(body);
        if (command.kind() == RevocationKind.CLIENT
                && InternalApiFilter.internalClients().contains(command.subject())) {
            // Only an admin revokes one of Grantwire's own services (the admin API).
            throw RefusedException.badRequest(
                    "an internal client is revoked only through the admin API");
        }
        try {
            recorder.validate(command);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw RefusedException.badRequest(e.getMessage());
        }
        try {
            return RevocationAnswers.of(recorder.record(command));
        } catch (CommandConflictException e) {
            throw new RefusedException(409, "Conflict", e.getMessage());
        }
    }

    private static Command parse(RevocationCommand body) {
        if (body == null) {
            throw RefusedException.badRequest("a JSON object is required");
        }
        UUID commandId;
        try {
            commandId = UUID.fromString(required(body.commandId(), "commandId"));
        } catch (IllegalArgumentException e) {
            throw RefusedException.badRequest("commandId must be a UUID");
        }
        RevocationKind kind;
        RevocationScope scope;
        try {
            kind = RevocationKind.fromJsonName(required(body.kind(), "kind"));
            scope = body.scope() == null ? null : RevocationScope.fromJsonName(body.scope());
        } catch (IllegalArgumentException e) {
            throw RefusedException.badRequest(e.getMessage());
        }
        if (kind == RevocationKind.CLIENT && scope == null) {
            throw RefusedException.badRequest(
                    "scope (tokens or grants) is required for kind client");
        }
        return new Command(
                commandId,
                kind,
                required(body.subject(), "subject"),
                scope,
                body.clientId(),
                body.userId(),
                required(body.reason(), "reason"),
                required(body.actor(), "actor"));
    }

    private static String required(String value, String field) {
        if (value == null || value.isBlank()) {
            throw RefusedException.badRequest(field + " is required");
        }
        return value;
    }
}
