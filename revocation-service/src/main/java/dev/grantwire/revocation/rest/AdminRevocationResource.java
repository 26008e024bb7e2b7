package dev.grantwire.revocation.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.grantwire.events.RevocationKind;
import dev.grantwire.events.RevocationScope;
import dev.grantwire.revocation.security.InternalApi;
import dev.grantwire.revocation.service.AdminRevocations;
import dev.grantwire.revocation.service.RefusedException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.UUID;

/**
 * Admin revocations: {@code POST /internal/v1/admin/revocations} with {@code {"kind": "grant" |
 * "client" | "user", "subject", "scope"?, "reason"?}}, the admin named in {@value #ACTING_USER}.
 * Called by consent-service's admin pages with its service token; grant-service decides whether
 * that user is an admin (403 otherwise, nothing recorded). See {@link AdminRevocations}.
 */
@InternalApi(InternalApi.Callers.USERS_AND_ADMINS)
@Path("/internal/v1/admin/revocations")
public class AdminRevocationResource {

    /** Header naming the Grantwire user on whose behalf consent-service calls. */
    public static final String ACTING_USER = "Grantwire-Acting-User";

    private final AdminRevocations revocations;
    private final ObjectMapper json;

    AdminRevocationResource(AdminRevocations revocations, ObjectMapper json) {
        this.revocations = revocations;
        this.json = json;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces({MediaType.APPLICATION_JSON, Problems.MEDIA_TYPE})
    public Response revoke(@HeaderParam(ACTING_USER) String actingUser, String body) {
        UUID admin = actingUser(actingUser);
        return RevocationAnswers.of(revocations.revoke(admin, parse(body)));
    }

    private static UUID actingUser(String header) {
        if (header == null || header.isBlank()) {
            throw RefusedException.forbidden(ACTING_USER + " must name the acting admin");
        }
        try {
            return UUID.fromString(header.trim());
        } catch (IllegalArgumentException e) {
            throw RefusedException.forbidden(ACTING_USER + " must be a Grantwire user id");
        }
    }

    private AdminRevocations.Request parse(String body) {
        JsonNode root;
        try {
            root = body == null || body.isBlank() ? null : json.readTree(body);
        } catch (JsonProcessingException e) {
            throw RefusedException.badRequest("malformed JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw RefusedException.badRequest("a JSON object is required");
        }
        RevocationKind kind;
        RevocationScope scope;
        try {
            kind = RevocationKind.fromJsonName(required(root, "kind"));
            String scopeText = text(root, "scope");
            scope = scopeText == null ? null : RevocationScope.fromJsonName(scopeText);
        } catch (IllegalArgumentException e) {
            throw RefusedException.badRequest(e.getMessage());
        }
        return new AdminRevocations.Request(
                kind, required(root, "subject"), scope, text(root, "reason"));
    }

    private static String required(JsonNode root, String field) {
        String value = text(root, field);
        if (value == null || value.isBlank()) {
            throw RefusedException.badRequest(field + " is required");
        }
        return value;
    }

    private static String text(JsonNode root, String field) {
        JsonNode node = root.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual()) {
            throw RefusedException.badRequest(field + " must be a string");
        }
        return node.asText();
    }
}
