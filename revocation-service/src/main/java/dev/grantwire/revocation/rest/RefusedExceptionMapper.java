package dev.grantwire.revocation.rest;

import dev.grantwire.internal.Problems;
import dev.grantwire.revocation.service.RefusedException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** A refused revoke request as {@code application/problem+json}. */
@Provider
public class RefusedExceptionMapper implements ExceptionMapper<RefusedException> {

    @Override
    public Response toResponse(RefusedException exception) {
        return Problems.response(exception.status(), exception.title(), exception.getMessage());
    }
}
