package dev.grantwire.internal.revocations;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.jboss.resteasy.reactive.RestResponse;

/**
 * revocation-service: grant-service's own revocations, from its command outbox. 400 problem for a
 * bad command and 409 problem for a command id reused for another revocation: sending either again
 * cannot help.
 */
@Path("/internal/v1/revocations/commands")
public interface CommandsApi {

    /** Records the command: 201, or 200 with the same answer when its id was recorded before. */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces({MediaType.APPLICATION_JSON, "application/problem+json"})
    RestResponse<Recorded> submit(RevocationCommand command);
}
