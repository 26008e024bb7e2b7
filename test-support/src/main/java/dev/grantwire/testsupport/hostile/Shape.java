package dev.grantwire.testsupport.hostile;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Locale;
import java.util.Set;

/**
 * The documented error shape of an endpoint (docs/ARCHITECTURE.md, "Errors"): what a refusal must
 * look like there. {@link #violation} names what is wrong with an answer, or returns null.
 */
public enum Shape {

    /** RFC 6749 section 5.2: a JSON object with a registered {@code error}. */
    OAUTH,
    /** RFC 7591 section 3.2.2 for 400s; RFC 6749/6750 JSON for the rest. */
    REGISTRATION,
    /** RFC 9457 {@code application/problem+json} whose {@code status} is the answer's. */
    PROBLEM,
    /** RFC 6750 at a resource API: a Bearer challenge on 401/403, problem+json otherwise. */
    BEARER,
    /** A page of Grantwire's own layout (consent-service). */
    GRANTWIRE_PAGE,
    /** A page of the demo app's own layout. */
    DEMO_PAGE;

    private static final ObjectMapper JSON = new ObjectMapper();

    /** RFC 6749 5.2, RFC 6750 3.1, RFC 7009 2.2.1, RFC 7662, plus 429's slow_down-free answer. */
    static final Set<String> OAUTH_ERRORS =
            Set.of(
                    "invalid_request",
                    "invalid_client",
                    "invalid_grant",
                    "unauthorized_client",
                    "unsupported_grant_type",
                    "invalid_scope",
                    "invalid_token",
                    "insufficient_scope",
                    "unsupported_token_type",
                    "temporarily_unavailable",
                    "access_denied",
                    "unsupported_response_type");

    static final Set<String> REGISTRATION_ERRORS =
            Set.of(
                    "invalid_redirect_uri",
                    "invalid_client_metadata",
                    "invalid_software_statement",
                    "unapproved_software_statement");

    /** What is wrong with a refusal (4xx) at an endpoint of this shape; null when nothing is. */
    public String violation(RawHttp.Answer answer, boolean head) {
        int status = answer.status();
        if (status == 429
                && this != GRANTWIRE_PAGE
                && this != DEMO_PAGE
                && answer.body().length == 0) {
            return null;
        }
        if (head) {
            // A HEAD answer has no body by definition; its headers still say what it would be.
            return null;
        }
        return switch (this) {
            case OAUTH -> oauth(answer);
            case REGISTRATION -> registration(answer);
            case PROBLEM -> problem(answer);
            case BEARER -> bearer(answer);
            case GRANTWIRE_PAGE -> page(answer, "· Grantwire</title>");
            case DEMO_PAGE -> page(answer, "<title>Work tracker demo</title>");
        };
    }

    private static String oauth(RawHttp.Answer answer) {
        String challenge = answer.header("WWW-Authenticate");
        if ((answer.status() == 401 || answer.status() == 403)
                && answer.body().length == 0
                && challenge != null
                && challenge.regionMatches(true, 0, "Bearer", 0, 6)) {
            // RFC 6750 section 3 at a protected resource (userinfo): the challenge is the error.
            return null;
        }
        JsonNode body = json(answer, "application/json");
        if (body == null) {
            return "not an RFC 6749 JSON error (" + answer.mediaType() + ")";
        }
        String error = body.path("error").asText(null);
        if (error == null || !OAUTH_ERRORS.contains(error)) {
            return "error code " + error + " is not one RFC 6749/6750/7009 defines";
        }
        String description = descriptionViolation(body);
        if (description != null) {
            return description;
        }
        if (answer.status() == 401 && answer.header("WWW-Authenticate") == null) {
            return "401 without a WWW-Authenticate challenge";
        }
        return null;
    }

    private static String registration(RawHttp.Answer answer) {
        if (answer.status() != 400) {
            return oauth(answer);
        }
        JsonNode body = json(answer, "application/json");
        if (body == null) {
            return "not an RFC 7591 JSON error (" + answer.mediaType() + ")";
        }
        String error = body.path("error").asText(null);
        if (error == null || !REGISTRATION_ERRORS.contains(error)) {
            return "error code " + error + " is not one RFC 7591 defines";
        }
        return descriptionViolation(body);
    }

    /**
     * RFC 6749 5.2 keeps {@code error_description} to printable ASCII without '"' and '\': a
     * description that echoes the caller's bytes breaks it.
     */
    private static String descriptionViolation(JsonNode body) {
        JsonNode description = body.get("error_description");
        if (description == null) {
            return null;
        }
        if (!description.isTextual()) {
            return "error_description is not a string";
        }
        for (char c : description.asText().toCharArray()) {
            if (c < 0x20 || c > 0x7e || c == '"' || c == '\\') {
                return "error_description has a character RFC 6749 5.2 excludes (U+"
                        + String.format(Locale.ROOT, "%04X", (int) c)
                        + ")";
            }
        }
        return null;
    }

    private static String problem(RawHttp.Answer answer) {
        JsonNode body = json(answer, "application/problem+json");
        if (body == null) {
            return "not problem+json (" + answer.mediaType() + ")";
        }
        if (body.path("status").asInt(-1) != answer.status()) {
            return "problem status "
                    + body.path("status")
                    + " is not the answer's "
                    + answer.status();
        }
        if (!body.path("title").isTextual()) {
            return "problem without a title";
        }
        return null;
    }

    private static String bearer(RawHttp.Answer answer) {
        if (answer.status() == 401 || answer.status() == 403) {
            String challenge = answer.header("WWW-Authenticate");
            if (challenge == null || !challenge.regionMatches(true, 0, "Bearer", 0, 6)) {
                return answer.status() + " without a Bearer challenge";
            }
            return null;
        }
        return problem(answer);
    }

    private static String page(RawHttp.Answer answer, String marker) {
        if (!answer.mediaType().equals("text/html")) {
            return "not a page (" + answer.mediaType() + ")";
        }
        String text = answer.text();
        if (!text.startsWith("<!DOCTYPE html>") || !text.contains(marker)) {
            return "not a page of the service's own layout";
        }
        return null;
    }

    private static JsonNode json(RawHttp.Answer answer, String mediaType) {
        if (!answer.mediaType().equals(mediaType)) {
            return null;
        }
        try {
            JsonNode body = JSON.readTree(answer.body());
            return body != null && body.isObject() ? body : null;
        } catch (IOException e) {
            return null;
        }
    }
}
