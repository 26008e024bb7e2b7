package dev.grantwire.internal.grants;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.jboss.resteasy.reactive.RestResponse;

/**
 * grant-service: client authentication and token resolution for revocation-service's {@code
 * /oauth2/revoke} (<a href="https://www.rfc-editor.org/rfc/rfc7009#section-2.1">RFC 7009 section
 * 2.1</a>). {@link #resolve} is a POST because the body carries secrets, which never travel in a
 * URL; it changes nothing and is open to revocation-service's own client only. {@link #corsOrigin}
 * is a read open to every internal client.
 */
@Path("/internal/v1/token-resolutions")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public interface TokenResolutionsApi {

    /** Resolves the token as the token endpoint would judge the client; {@code no-store}. */
    @POST
    RestResponse<TokenResolution> resolve(TokenResolutionRequest request);

    /**
     * Whether {@code /oauth2/revoke} may let a browser at this origin read its answer (CORS), by
     * the rule of grant-service's own token endpoint: the origins of enabled public clients.
     */
    @GET
    @Path("cors-origin")
    CorsOrigin corsOrigin(@QueryParam("origin") String origin);
}
