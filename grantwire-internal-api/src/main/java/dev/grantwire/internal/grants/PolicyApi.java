package dev.grantwire.internal.grants;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** grant-service: the org policy's switches, read-only, for any Grantwire service. */
@Path("/internal/v1/policy")
@Produces(MediaType.APPLICATION_JSON)
public interface PolicyApi {

    /** The current switches. Changing them is an admin action ({@link AdminApi}). */
    @GET
    PolicySwitches switches();
}
