package dev.grantwire.revocation.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.grantwire.events.RevocationKind;
import dev.grantwire.events.RevocationScope;
import dev.grantwire.revocation.security.InternalApi;
import dev.grantwire.revocation.service.CommandConflictException;
import dev.grantwire.revocation.service.RevocationRecorder;
import dev.grantwire.revocation.service.RevocationRecorder.Command;
import dev.grantwire.revocation.service.RevocationRecorder.Recorded;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The internal command API for grant-service: {@code POST /internal/v1/revocations/commands},
 * idempotent by {@code commandId}. 201 when recorded, 200 when the command id was already recorded
 * (same answer, nothing new written), 400 problem for bad input, 409 problem for a command id
 * reused for another revocation.
 *
 * <p>Requires a grant-service service token with scope {@code revocations.internal} (see {@link
 * dev.grantwire.revocation.security.InternalApiFilter}).
 */
@InternalApi(InternalApi.Callers.COMMANDS)
@Path("/internal/v1/revocations/commands")
public class CommandResource {

    private final RevocationRecorder recorder;
    private final ObjectMapper json;

    CommandResource(RevocationRecorder recorder, ObjectMapper json) {
        this.recorder = recorder;
        this.json = json;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces({MediaType.APPLICATION_JSON, Problems.MEDIA_TYPE})
    public Response submit(String body) {
        Command command;
        try {
            command = parse(body);
            recorder.validate(command);
        } catch (InvalidCommand e) {
            return Problems.badRequest(e.getMessage());
        } catch (IllegalArgumentException | NullPointerException e) {
            return Problems.badRequest(e.getMessage());
        }
        Recorded recorded;
        try {
            recorded = recorder.record(command);
        } catch (CommandConflictException e) {
            return Problems.response(409, "Conflict", e.getMessage());
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("sequence", recorded.sequence());
        answer.put("revokedAt", recorded.event().revokedAt());
        answer.put("eventId", recorded.eventId().toString());
        if (recorded.event().cutoff() != null) {
            answer.put("cutoff", recorded.event().cutoff());
        }
        answer.put("expiresAt", recorded.event().expiresAt());
        return Response.status(recorded.replayed() ? 200 : 201)
                .type(MediaType.APPLICATION_JSON)
                .entity(answer)
                .build();
    }

    private Command parse(String body) {
        if (body == null || body.isBlank()) {
            throw new InvalidCommand("a JSON object is required");
        }
        JsonNode root;
        try {
            root = json.readTree(body);
        } catch (JsonProcessingException e) {
            throw new InvalidCommand("malformed JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw new InvalidCommand("a JSON object is required");
        }
        UUID commandId;
        try {
            commandId = UUID.fromString(required(root, "commandId"));
        } catch (IllegalArgumentException e) {
            throw new InvalidCommand("commandId must be a UUID");
        }
        RevocationKind kind;
        try {
            kind = RevocationKind.fromJsonName(required(root, "kind"));
        } catch (IllegalArgumentException e) {
            throw new InvalidCommand(e.getMessage());
        }
        String scopeText = optional(root, "scope");
        RevocationScope scope = null;
        if (scopeText != null) {
            try {
                scope = RevocationScope.fromJsonName(scopeText);
            } catch (IllegalArgumentException e) {
                throw new InvalidCommand(e.getMessage());
            }
        }
        if (kind == RevocationKind.CLIENT && scope == null) {
            throw new InvalidCommand("scope (tokens or grants) is required for kind client");
        }
        return new Command(
                commandId,
                kind,
                required(root, "subject"),
                scope,
                optional(root, "clientId"),
                optional(root, "userId"),
                required(root, "reason"),
                required(root, "actor"));
    }

    private static String required(JsonNode root, String field) {
        String value = optional(root, field);
        if (value == null || value.isBlank()) {
            throw new InvalidCommand(field + " is required");
        }
        return value;
    }

    private static String optional(JsonNode root, String field) {
        JsonNode node = root.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual()) {
            throw new InvalidCommand(field + " must be a string");
        }
        return node.asText();
    }

    private static final class InvalidCommand extends RuntimeException {
        private static final long serialVersionUID = 1L;

        InvalidCommand(String message) {
            super(message);
        }
    }
}
