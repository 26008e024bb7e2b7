package dev.grantwire.grant.rest.internal;

import dev.grantwire.grant.security.InternalApi;
import dev.grantwire.grant.security.InternalQuery;
import dev.grantwire.grant.service.ProblemException;
import dev.grantwire.grant.service.TokenResolution;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * {@code POST /internal/v1/token-resolutions}: revocation-service forwards the credentials an app
 * presented at {@code /oauth2/revoke} and the token, and learns whether the app authenticated and
 * what the token is ({@link TokenResolution}). A POST because the body carries secrets; it changes
 * nothing. Only revocation-service's own client may call it.
 */
@InternalApi
@Path("/internal/v1/token-resolutions")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class InternalTokenResolutionResource {

    /** The internal client that serves {@code /oauth2/revoke}. */
    public static final String REVOCATION_SERVICE = "revocation-service";

    private final TokenResolution resolution;

    InternalTokenResolutionResource(TokenResolution resolution) {
        this.resolution = resolution;
    }

    @POST
    @InternalQuery(callers = REVOCATION_SERVICE)
    public Response resolve(TokenResolution.Request request) {
        if (request == null) {
            throw ProblemException.badRequest("a JSON body is required");
        }
        return Response.ok(resolution.resolve(request)).header("Cache-Control", "no-store").build();
    }
}
