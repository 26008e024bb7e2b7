package dev.grantwire.revocation.rest;

import dev.grantwire.internal.Problems;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** Framework rejections (wrong media type, unknown path, wrong method) as problem+json. */
@Provider
public class WebApplicationExceptionMapper implements ExceptionMapper<WebApplicationException> {

    @Override
    public Response toResponse(WebApplicationException exception) {
        Response original = exception.getResponse();
        int status = original == null ? 500 : original.getStatus();
        String title =
                original == null || original.getStatusInfo() == null
                        ? "Error"
                        : original.getStatusInfo().getReasonPhrase();
        return Problems.response(status, title, exception.getMessage());
    }
}
