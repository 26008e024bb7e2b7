package dev.grantwire.grant.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.grantwire.internal.Problems;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/**
 * Framework rejections (unreadable JSON, wrong media type, unknown path) as problem+json with their
 * own status: bad input is never a 500 and never shows a stack trace.
 */
@Provider
public class WebApplicationExceptionMapper implements ExceptionMapper<WebApplicationException> {

    @Override
    public Response toResponse(WebApplicationException exception) {
        Response original = exception.getResponse();
        int status = original == null ? 500 : original.getStatus();
        String title = original == null ? "Error" : original.getStatusInfo().getReasonPhrase();
        String detail = status >= 500 ? null : detailOf(exception);
        return Problems.response(status, title, detail);
    }

    private static String detailOf(WebApplicationException exception) {
        Throwable cause = exception.getCause();
        if (cause instanceof JsonProcessingException) {
            return "the request body is not valid JSON for this endpoint";
        }
        return exception.getMessage();
    }
}
