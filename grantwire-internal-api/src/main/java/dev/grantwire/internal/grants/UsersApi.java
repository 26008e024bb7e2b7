package dev.grantwire.internal.grants;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.UUID;

/**
 * grant-service: users, recorded at each sign-in, their admin decision and their grants. The caller
 * names the user explicitly; grant-service trusts the name only from a caller holding {@code
 * grants.internal}. Unknown users are a 404 problem.
 */
@Path("/internal/v1/users")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public interface UsersApi {

    /** The sign-in upsert (by issuer and subject): the Grantwire user. */
    @POST
    UserView signIn(SignIn signIn);

    /** One user. */
    @GET
    @Path("{userId}")
    UserView user(@PathParam("userId") UUID userId);

    /** grant-service's own decision whether the user is an admin. */
    @GET
    @Path("{userId}/admin")
    AdminDecision admin(@PathParam("userId") UUID userId);

    /** The user's grants, active or not, newest first. */
    @GET
    @Path("{userId}/grants")
    List<GrantView> grants(@PathParam("userId") UUID userId);

    /** One of the user's grants; 404 problem when it is someone else's or unknown. */
    @GET
    @Path("{userId}/grants/{grantId}")
    GrantView grant(@PathParam("userId") UUID userId, @PathParam("grantId") UUID grantId);
}
