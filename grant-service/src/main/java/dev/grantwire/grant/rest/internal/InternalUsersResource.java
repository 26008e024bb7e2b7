package dev.grantwire.grant.rest.internal;

import dev.grantwire.grant.domain.User;
import dev.grantwire.grant.security.InternalApi;
import dev.grantwire.grant.service.GrantQueries;
import dev.grantwire.grant.service.ProblemException;
import dev.grantwire.grant.service.UserService;
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
 * Users, for consent-service and the other services: the upsert at each sign-in, the admin
 * decision, and a user's grants ready to show. The caller passes the user id explicitly; this API
 * trusts it only because the caller holds {@code grants.internal}.
 */
@InternalApi
@Path("/internal/v1/users")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class InternalUsersResource {

    /** What the upstream provider asserted at sign-in. */
    public record SignIn(
            String issuer, String subject, String name, String email, List<String> roles) {}

    /** A recorded user. */
    public record UserView(
            UUID userId, String issuer, String subject, String name, String email, boolean admin) {}

    /** The admin decision. */
    public record AdminView(UUID userId, boolean admin) {}

    private final UserService users;
    private final GrantQueries grants;

    InternalUsersResource(UserService users, GrantQueries grants) {
        this.users = users;
        this.grants = grants;
    }

    @POST
    public UserView signIn(SignIn signIn) {
        if (signIn == null) {
            throw ProblemException.badRequest("a JSON body is required");
        }
        User user =
                users.signIn(
                        signIn.issuer(),
                        signIn.subject(),
                        signIn.name(),
                        signIn.email(),
                        signIn.roles());
        return view(user);
    }

    @GET
    @Path("{userId}")
    public UserView user(@PathParam("userId") UUID userId) {
        return view(users.find(userId));
    }

    @GET
    @Path("{userId}/admin")
    public AdminView admin(@PathParam("userId") UUID userId) {
        return new AdminView(userId, users.isAdmin(users.find(userId)));
    }

    @GET
    @Path("{userId}/grants")
    public List<GrantQueries.GrantView> grants(@PathParam("userId") UUID userId) {
        return grants.ofUser(userId);
    }

    @GET
    @Path("{userId}/grants/{grantId}")
    public GrantQueries.GrantView grant(
            @PathParam("userId") UUID userId, @PathParam("grantId") UUID grantId) {
        return grants.one(userId, grantId);
    }

    private UserView view(User user) {
        return new UserView(
                user.userId(),
                user.issuer(),
                user.subject(),
                user.displayName(),
                user.email(),
                users.isAdmin(user));
    }
}
