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
        // The path alone: the full request URI needs a Host header, which HTTP/1.0 may omit.
        String relative = request.getUriInfo().getPath();
        String path = relative.startsWith("/") ? relative : "/" + relative;
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
