package dev.grantwire.revocation.rest;

import dev.grantwire.internal.Problems;
import dev.grantwire.revocation.client.GrantServiceUnavailableException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import org.jboss.logging.Logger;

/**
 * grant-service gave no answer: 503 problem with {@code Retry-After}; nothing was recorded, so the
 * caller retries. ({@code /oauth2/revoke} answers its own RFC 6749 error instead.)
 */
@Provider
public class GrantServiceUnavailableMapper
        implements ExceptionMapper<GrantServiceUnavailableException> {

    private static final Logger LOG = Logger.getLogger(GrantServiceUnavailableMapper.class);

    @Override
    public Response toResponse(GrantServiceUnavailableException exception) {
        LOG.warnf("grant-service unavailable: %s", exception.getMessage());
        Response response =
                Problems.response(
                        503,
                        "Service Unavailable",
                        "grant-service could not be asked; nothing was recorded, retry");
        response.getHeaders().putSingle("Retry-After", "1");
        return response;
    }
}
