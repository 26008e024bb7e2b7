package dev.grantwire.consent.rest;

import dev.grantwire.consent.client.GrantServiceUnavailableException;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import org.jboss.logging.Logger;

/**
 * grant-service (or revocation-service, {@link
 * dev.grantwire.consent.client.RevocationServiceUnavailableException}) did not answer: a plain "try
 * again" page (503), never a stack trace.
 */
@Provider
public class GrantServiceUnavailableMapper
        implements ExceptionMapper<GrantServiceUnavailableException> {

    private static final Logger LOG = Logger.getLogger(GrantServiceUnavailableMapper.class);

    @CheckedTemplate(basePath = "AuthorizeResource")
    static class Templates {
        static native TemplateInstance unavailable();
    }

    @Override
    public Response toResponse(GrantServiceUnavailableException exception) {
        LOG.warnf("service unavailable: %s", exception.getMessage());
        return Response.status(503)
                .type("text/html;charset=UTF-8")
                .header("Cache-Control", "no-store")
                .header("Retry-After", "5")
                .entity(Templates.unavailable())
                .build();
    }
}
