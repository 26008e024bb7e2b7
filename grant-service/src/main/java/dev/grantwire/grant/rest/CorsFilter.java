package dev.grantwire.grant.rest;

import dev.grantwire.grant.service.CorsPolicy;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.ext.Provider;

/** Adds the CORS answer header that {@link CorsPolicy} allows (preflights: see TokenResource). */
@Provider
public class CorsFilter implements ContainerResponseFilter {

    static final String ALLOW_ORIGIN = "Access-Control-Allow-Origin";

    private final CorsPolicy policy;

    CorsFilter(CorsPolicy policy) {
        this.policy = policy;
    }

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        String origin = request.getHeaderString("Origin");
        String path = request.getUriInfo().getRequestUri().getPath();
        // Only token POSTs look at the database, and those run on a worker thread.
        if (origin == null
                || response.getHeaders().containsKey(ALLOW_ORIGIN)
                || (path.startsWith("/oauth2/token") && !"POST".equals(request.getMethod()))) {
            return;
        }
        String allowed = policy.allowedOrigin(path, origin);
        if (allowed != null) {
            response.getHeaders().putSingle(ALLOW_ORIGIN, allowed);
            response.getHeaders().add("Vary", "Origin");
        }
    }
}
