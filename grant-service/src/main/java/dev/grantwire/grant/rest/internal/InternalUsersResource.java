package dev.grantwire.grant.rest.internal;

import dev.grantwire.grant.domain.User;
import dev.grantwire.grant.security.InternalApi;
import dev.grantwire.grant.service.GrantQueries;
import dev.grantwire.grant.service.ProblemException;
import dev.grantwire.grant.service.UserService;
import dev.grantwire.grant.token.RevocationAssertionSigner;
import dev.grantwire.internal.grants.AdminDecision;
import dev.grantwire.internal.grants.GrantView;
import dev.grantwire.internal.grants.SignIn;
import dev.grantwire.internal.grants.UserView;
import dev.grantwire.internal.grants.UsersApi;
import java.util.List;
import java.util.UUID;

/**
 * {@link UsersApi}: the upsert at each sign-in, the admin decision, and a user's grants ready to
 * show. The caller passes the user id explicitly; this API trusts it only because the caller holds
 * {@code grants.internal}.
 */
@InternalApi
public class InternalUsersResource implements UsersApi {

    private final UserService users;
    private final GrantQueries grants;
    private final RevocationAssertionSigner assertions;

    InternalUsersResource(
            UserService users, GrantQueries grants, RevocationAssertionSigner assertions) {
        this.users = users;
        this.grants = grants;
        this.assertions = assertions;
    }

    @Override
    public UserView signIn(SignIn signIn) {
        if (signIn == null) {
            throw ProblemException.badRequest("a JSON body is required");
        }
        return view(
                users.signIn(
                        signIn.issuer(),
                        signIn.subject(),
                        signIn.name(),
                        signIn.email(),
                        signIn.roles()));
    }

    @Override
    public UserView user(UUID userId) {
        return view(users.find(userId));
    }

    @Override
    public AdminDecision admin(UUID userId) {
        boolean admin = users.isAdmin(users.find(userId));
        return new AdminDecision(userId, admin, admin ? assertions.admin(userId) : null);
    }

    @Override
    public List<GrantView> grants(UUID userId) {
        return grants.ofUser(userId);
    }

    @Override
    public GrantView grant(UUID userId, UUID grantId) {
        return grants.one(userId, grantId);
    }

    private UserView view(User user) {
        boolean admin = users.isAdmin(user);
        return new UserView(
                user.userId(),
                user.issuer(),
                user.subject(),
                user.displayName(),
                user.email(),
                admin,
                admin ? assertions.admin(user.userId()) : null);
    }
}
