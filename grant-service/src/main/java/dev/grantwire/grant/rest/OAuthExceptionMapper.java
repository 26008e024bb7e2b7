package dev.grantwire.grant.rest;

import dev.grantwire.grant.protocol.OAuthException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.LinkedHashMap;
import java.util.Map;

/** RFC 6749 section 5.2 error responses, never cached. */
@Provider
public class OAuthExceptionMapper implements ExceptionMapper<OAuthException> {

    @Override
    public Response toResponse(OAuthException exception) {
        Map<String, String> body = new LinkedHashMap<>();
        body.put("error", exception.error());
        if (exception.getMessage() != null) {
            body.put("error_description", describable(exception.getMessage()));
        }
        Response.ResponseBuilder response =
                Response.status(exception.status())
                        .type(MediaType.APPLICATION_JSON_TYPE)
                        .header(HttpHeaders.CACHE_CONTROL, "no-store")
                        .header("Pragma", "no-cache")
                        .entity(body);
        if (exception.basicChallenge()) {
            response.header(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"grantwire\"");
        }
        if (exception.retryAfterSeconds() > 0) {
            response.header(HttpHeaders.RETRY_AFTER, exception.retryAfterSeconds());
        }
        return response.build();
    }

    /**
     * RFC 6749 section 5.2 keeps {@code error_description} to printable ASCII without {@code "} and
     * {@code \}; a description holding anything else (a caller's text slipped into it) is replaced
     * by a plain one rather than sent.
     */
    static String describable(String description) {
        for (int i = 0; i < description.length(); i++) {
            char c = description.charAt(i);
            if (c < 0x20 || c > 0x7e || c == '"' || c == '\\') {
                return "the request is not valid";
            }
        }
        return description;
    }
}
