package dev.grantwire.grant.rest;

import dev.grantwire.grant.service.ProblemException;
import dev.grantwire.internal.Problems;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** {@code application/problem+json} (RFC 9457) for refused requests outside the OAuth endpoints. */
@Provider
public class ProblemExceptionMapper implements ExceptionMapper<ProblemException> {

    @Override
    public Response toResponse(ProblemException exception) {
        jakarta.ws.rs.core.Response response =
                Problems.response(exception.status(), exception.title(), exception.getMessage());
        if (exception.status() == 503) {
            response.getHeaders().putSingle("Retry-After", "1");
        }
        return response;
    }
}
