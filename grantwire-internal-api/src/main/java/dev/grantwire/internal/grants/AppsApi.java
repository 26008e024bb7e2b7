package dev.grantwire.internal.grants;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * grant-service: third-party apps as the other services see them. Scope {@code grants.internal}.
 */
@Path("/internal/v1/apps")
@Produces(MediaType.APPLICATION_JSON)
public interface AppsApi {

    /** An app; 404 problem when there is no such third-party app (internal clients included). */
    @GET
    @Path("{clientId}")
    AppView app(@PathParam("clientId") String clientId);
}
