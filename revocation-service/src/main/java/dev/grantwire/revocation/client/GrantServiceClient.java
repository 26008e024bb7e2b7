package dev.grantwire.revocation.client;

import dev.grantwire.internal.ClientCredentialsToken;
import dev.grantwire.internal.InternalCallException;
import dev.grantwire.internal.InternalClient;
import dev.grantwire.internal.grants.AppsApi;
import dev.grantwire.internal.grants.GrantOwner;
import dev.grantwire.internal.grants.GrantsApi;
import dev.grantwire.internal.grants.TokenResolution;
import dev.grantwire.internal.grants.TokenResolutionRequest;
import dev.grantwire.internal.grants.TokenResolutionsApi;
import dev.grantwire.internal.grants.UsersApi;
import dev.grantwire.revocation.config.RevocationConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.time.Clock;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The reads revocation-service asks of grant-service's internal API before it records a revocation
 * (never inside the revoke transaction): client authentication and token resolution for {@code
 * /oauth2/revoke}, a grant's owner, whether a user is an admin, whether an app or a user exists.
 * Every call carries revocation-service's own client-credentials token (scope {@value #SCOPE}).
 * Anything but a clear answer is a {@link GrantServiceUnavailableException}.
 */
@ApplicationScoped
public class GrantServiceClient {

    static final String SCOPE = "grants.internal";

    private final InternalClient<TokenResolutionsApi> resolutions;
    private final InternalClient<GrantsApi> grants;
    private final InternalClient<UsersApi> users;
    private final InternalClient<AppsApi> apps;

    GrantServiceClient(RevocationConfig config, GrantServiceUrl url) {
        RevocationConfig.GrantService settings = config.grantService();
        Supplier<URI> base = () -> URI.create(url.get());
        ClientCredentialsToken token =
                new ClientCredentialsToken(
                        base,
                        settings.timeout(),
                        settings.clientId(),
                        settings::clientSecret,
                        SCOPE,
                        settings.tokenRenewal(),
                        Clock.systemUTC());
        this.resolutions =
                InternalClient.of(TokenResolutionsApi.class, base, settings.timeout(), token);
        this.grants = InternalClient.of(GrantsApi.class, base, settings.timeout(), token);
        this.users = InternalClient.of(UsersApi.class, base, settings.timeout(), token);
        this.apps = InternalClient.of(AppsApi.class, base, settings.timeout(), token);
    }

    /** {@link TokenResolutionsApi#resolve}. */
    public TokenResolution resolve(TokenResolutionRequest request) {
        return read(resolutions, api -> api.resolve(request).getEntity(), "token resolution");
    }

    /** {@link TokenResolutionsApi#corsOrigin}: whether a browser at this origin may read. */
    public boolean corsAllowed(String origin) {
        return read(resolutions, api -> api.corsOrigin(origin).allowed(), "CORS origin check");
    }

    /** {@link GrantsApi#owner}; empty when grant-service knows no such grant. */
    public Optional<GrantOwner> grant(UUID grantId) {
        return found(grants, api -> api.owner(grantId.toString()), "grant lookup");
    }

    /** {@link UsersApi#admin}; an unknown user is no admin. */
    public boolean isAdmin(UUID userId) {
        return found(users, api -> api.admin(userId).admin(), "admin check").orElse(false);
    }

    /** {@link UsersApi#user}: whether grant-service knows the user. */
    public boolean userExists(UUID userId) {
        return found(users, api -> api.user(userId), "user lookup").isPresent();
    }

    /** {@link AppsApi#app}: whether the app exists (internal clients do not). */
    public boolean appExists(String clientId) {
        return found(apps, api -> api.app(clientId), "app lookup").isPresent();
    }

    private static <A, R> Optional<R> found(
            InternalClient<A> client, Function<A, R> call, String what) {
        try {
            return client.find(call);
        } catch (InternalCallException e) {
            throw unavailable(what, e);
        }
    }

    private static <A, R> R read(InternalClient<A> client, Function<A, R> call, String what) {
        try {
            return client.require(call);
        } catch (InternalCallException e) {
            throw unavailable(what, e);
        }
    }

    private static GrantServiceUnavailableException unavailable(
            String what, InternalCallException e) {
        return new GrantServiceUnavailableException(
                "grant-service " + what + " failed: " + e.getMessage(), e);
    }
}
