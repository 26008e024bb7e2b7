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
            body.put("error_description", exception.getMessage());
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
}
