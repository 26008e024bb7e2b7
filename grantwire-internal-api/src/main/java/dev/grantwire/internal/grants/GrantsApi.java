package dev.grantwire.internal.grants;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.jboss.resteasy.reactive.RestResponse;

/** grant-service: grants, recorded at consent-service's Accept and looked up by id. */
@Path("/internal/v1/grants")
@Produces(MediaType.APPLICATION_JSON)
public interface GrantsApi {

    /**
     * Records or widens the grant and issues a one-time code for it: 201. A consent grant-service
     * refuses (unknown app, scope, redirect URI, PKCE) is a 400 problem. Waits (at most B) until
     * {@link Consent#revocationSequence()} is applied.
     */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    RestResponse<IssuedCode> consent(Consent consent);

    /** Whose a grant is; 404 problem when unknown. */
    @GET
    @Path("{grantId}")
    GrantOwner owner(@PathParam("grantId") String grantId);
}
