package dev.grantwire.internal.edge;

import dev.grantwire.internal.Problems;
import io.vertx.core.http.HttpServerResponse;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How a service answers a request it refuses before an endpoint of its own could: a request the
 * edge rules refuse ({@link EdgeRules}), a path nothing serves, a wrong method or media type, a
 * body that is not the JSON expected. Each service has exactly one implementation, which picks the
 * shape its endpoints document for that path (RFC 6749 JSON on OAuth endpoints, RFC 7591 on
 * registration, problem+json on APIs, a plain page on pages). Without one, every answer is
 * problem+json.
 */
public interface ErrorAnswers {

    /** The words for a body that is not the JSON an endpoint expects; never the parser's. */
    String NOT_JSON = "the request body is not valid JSON for this endpoint";

    /**
     * The answer to a request for {@code path} refused with {@code status}.
     *
     * @param detail what was wrong, in plain words of this code's own (never the caller's bytes or
     *     a library's message)
     */
    Answer answer(String path, int status, String detail);

    /**
     * The request's path as the routes read it, for choosing a shape: normalized as Vert.x and
     * RESTEasy route it (percent-encoded unreserved characters decoded, dot segments removed),
     * repeated slashes counted as one, so {@code //oauth2/%74oken} is still an OAuth endpoint's
     * path.
     */
    static String pathOf(io.vertx.ext.web.RoutingContext context) {
        String path = context == null ? null : context.normalizedPath();
        return path == null || path.isEmpty() ? "/" : path.replaceAll("/{2,}", "/");
    }

    /** A finished answer: status, media type, body and extra headers. */
    record Answer(int status, String mediaType, String body, Map<String, String> headers) {

        /** This answer with one more header. */
        public Answer withHeader(String name, String value) {
            Map<String, String> more = new LinkedHashMap<>(headers);
            more.put(name, value);
            return new Answer(status, mediaType, body, Map.copyOf(more));
        }

        /** As a JAX-RS response (exception mappers). */
        public Response toResponse() {
            Response.ResponseBuilder response =
                    Response.status(status).type(mediaType).entity(body);
            headers.forEach(response::header);
            return response.build();
        }

        /** Sent on a Vert.x response (filters and routes outside JAX-RS). */
        public void send(HttpServerResponse response) {
            response.setStatusCode(status).putHeader("Content-Type", mediaType);
            headers.forEach(response::putHeader);
            response.end(body);
        }
    }

    /** RFC 9457 problem+json. */
    static Answer problem(int status, String detail) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "about:blank");
        body.put("title", reason(status));
        body.put("status", status);
        if (detail != null) {
            body.put("detail", detail);
        }
        return new Answer(status, Problems.MEDIA_TYPE, Json.write(body), Map.of());
    }

    /**
     * An RFC 6749 section 5.2 error; never cached. The description must be printable ASCII without
     * {@code "} or {@code \}, as section 5.2 requires, so it is always this code's words. A 503 is
     * always {@code temporarily_unavailable} and any other 5xx {@code server_error} (RFC 6749
     * section 4.1.2.1's codes for the server's own failures), whatever {@code error} says.
     */
    static Answer oauth(int status, String error, String description) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put(
                "error",
                status == 503 ? "temporarily_unavailable" : status >= 500 ? "server_error" : error);
        if (description != null) {
            body.put("error_description", description);
        }
        return new Answer(
                status,
                "application/json",
                Json.write(body),
                Map.of("Cache-Control", "no-store", "Pragma", "no-cache"));
    }

    /** The reason phrase of a status, for a title. */
    static String reason(int status) {
        Response.Status known = Response.Status.fromStatusCode(status);
        if (known != null) {
            return known.getReasonPhrase();
        }
        return switch (status) {
            case 422 -> "Unprocessable Content";
            case 431 -> "Request Header Fields Too Large";
            default -> "Error";
        };
    }

    /** Plain words for a framework's refusal of that status. */
    static String describe(int status) {
        return switch (status) {
            case 404 -> "nothing is served at this path";
            case 405 -> "this method is not allowed here";
            case 406 -> "no answer of an acceptable media type can be given here";
            case 413 -> "the request body is too large";
            case 415 -> "this media type is not accepted here";
            default -> "the request is not valid here";
        };
    }
}
