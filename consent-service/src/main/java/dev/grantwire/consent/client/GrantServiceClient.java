package dev.grantwire.consent.client;

import dev.grantwire.internal.InternalCallException;
import dev.grantwire.internal.InternalClient;
import dev.grantwire.internal.grants.AdminApi;
import dev.grantwire.internal.grants.AdminDecision;
import dev.grantwire.internal.grants.AppView;
import dev.grantwire.internal.grants.AppsApi;
import dev.grantwire.internal.grants.AuditEntry;
import dev.grantwire.internal.grants.Consent;
import dev.grantwire.internal.grants.GrantView;
import dev.grantwire.internal.grants.GrantsApi;
import dev.grantwire.internal.grants.IssuedCode;
import dev.grantwire.internal.grants.PolicyApi;
import dev.grantwire.internal.grants.PolicySwitches;
import dev.grantwire.internal.grants.PolicyView;
import dev.grantwire.internal.grants.Registered;
import dev.grantwire.internal.grants.Registration;
import dev.grantwire.internal.grants.SignIn;
import dev.grantwire.internal.grants.UserView;
import dev.grantwire.internal.grants.UsersApi;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

/**
 * grant-service's internal API as consent-service uses it: apps, the sign-in upsert, a user's
 * grants, Accept, the policy switches and the admin API, each call with consent-service's service
 * token ({@link InternalApis}). Anything but a clear answer is a {@link
 * GrantServiceUnavailableException}. Thread-safe.
 */
@ApplicationScoped
public class GrantServiceClient {

    private final InternalClient<AppsApi> apps;
    private final InternalClient<UsersApi> users;
    private final InternalClient<GrantsApi> grants;
    private final InternalClient<PolicyApi> policy;
    private final InternalClient<AdminApi> admin;

    GrantServiceClient(InternalApis apis) {
        this.apps = apis.grantService(AppsApi.class);
        this.users = apis.grantService(UsersApi.class);
        this.grants = apis.grantService(GrantsApi.class);
        this.policy = apis.grantService(PolicyApi.class);
        this.admin = apis.grantService(AdminApi.class);
    }

    /** {@link AppsApi#app}; empty when no such (third-party) app exists. */
    public Optional<AppView> app(String clientId) {
        try {
            return apps.find(api -> api.app(clientId));
        } catch (InternalCallException e) {
            throw unavailable("app lookup", e);
        }
    }

    /** {@link UsersApi#signIn}: records the user at sign-in, returns the Grantwire user. */
    public UserView signIn(SignIn signIn) {
        UserView user = call(users, api -> api.signIn(signIn), "sign-in record");
        if (user == null || user.userId() == null) {
            throw new GrantServiceUnavailableException("grant-service returned no user id");
        }
        return user;
    }

    /** {@link UsersApi#grants}: the user's grants, active or not. */
    public List<GrantView> grants(UUID userId) {
        return call(users, api -> api.grants(userId), "grants lookup");
    }

    /** {@link UsersApi#grant}: one of the user's grants; empty when unknown or someone else's. */
    public Optional<GrantView> grant(UUID userId, UUID grantId) {
        try {
            return users.find(api -> api.grant(userId, grantId));
        } catch (InternalCallException e) {
            throw unavailable("grant lookup", e);
        }
    }

    /**
     * {@link GrantsApi#consent}: records or widens the grant and returns a one-time code.
     *
     * @throws GrantRefusedException when grant-service refuses the consent (400)
     */
    public IssuedCode consent(Consent consent) {
        IssuedCode code;
        try {
            code = grants.call(api -> api.consent(consent)).getEntity();
        } catch (InternalCallException e) {
            if (e.is(400)) {
                throw new GrantRefusedException(e.detail());
            }
            throw unavailable("consent", e);
        }
        if (code == null || code.code() == null || code.code().isEmpty()) {
            throw new GrantServiceUnavailableException("grant-service returned no code");
        }
        return code;
    }

    /** {@link PolicyApi#switches} (no admin rights needed). */
    public PolicySwitches policySwitches() {
        return call(policy, PolicyApi::switches, "policy lookup");
    }

    /** {@link UsersApi#admin}: grant-service's own decision; an unknown user is no admin. */
    public boolean isAdmin(UUID userId) {
        try {
            return users.find(api -> api.admin(userId)).map(AdminDecision::admin).orElse(false);
        } catch (InternalCallException e) {
            throw unavailable("admin lookup", e);
        }
    }

    /**
     * {@link UsersApi#admin}'s admin assertion: grant-service's signed word that the user is an
     * admin now, for revocation-service; empty when the user is not (or grant-service signs none).
     */
    public Optional<String> adminAssertion(UUID userId) {
        try {
            return users.find(api -> api.admin(userId))
                    .filter(AdminDecision::admin)
                    .map(AdminDecision::assertion);
        } catch (InternalCallException e) {
            throw unavailable("admin lookup", e);
        }
    }

    // --- The admin API: every call names the acting admin, grant-service checks them ------

    /** {@link AdminApi#grants}: every grant, optionally of one user and/or app. */
    public List<GrantView> adminGrants(UUID actor, UUID userId, String clientId, int limit) {
        return adminCall(api -> api.grants(actor, userId, clientId, limit));
    }

    /** {@link AdminApi#apps}: every third-party app. */
    public List<AppView> adminApps(UUID actor) {
        return adminCall(api -> api.apps(actor));
    }

    /**
     * {@link AdminApi#register}: registers an app; the answer holds its secret once.
     *
     * @throws GrantRefusedException when grant-service refuses the metadata (400)
     */
    public Registered register(UUID actor, Registration registration) {
        Registered registered = adminCall(api -> api.register(actor, registration).getEntity());
        if (registered == null) {
            throw new GrantServiceUnavailableException("grant-service returned no app");
        }
        return registered;
    }

    /** {@link AdminApi#disable} or {@link AdminApi#enable}. */
    public void setEnabled(UUID actor, String clientId, boolean enabled) {
        adminCall(
                api -> {
                    if (enabled) {
                        api.enable(actor, clientId);
                    } else {
                        api.disable(actor, clientId);
                    }
                    return null;
                });
    }

    /** {@link AdminApi#regenerateSecret}: the new secret. */
    public String regenerateSecret(UUID actor, String clientId) {
        String secret = adminCall(api -> api.regenerateSecret(actor, clientId).clientSecret());
        if (secret == null || secret.isEmpty()) {
            throw new GrantServiceUnavailableException("grant-service returned no secret");
        }
        return secret;
    }

    /** {@link AdminApi#policy}. */
    public PolicyView policy(UUID actor) {
        return adminCall(api -> api.policy(actor));
    }

    /** {@link AdminApi#updatePolicy}: the whole policy, as grant-service wants it. */
    public PolicyView updatePolicy(UUID actor, PolicyView next) {
        return adminCall(api -> api.updatePolicy(actor, next));
    }

    /** {@link AdminApi#audit}: grant-service's audit trail, newest first. */
    public List<AuditEntry> audit(UUID actor, int limit) {
        return adminCall(api -> api.audit(actor, null, limit));
    }

    /**
     * An admin call: 403 is {@link NotAdminException}, 404 and 400 a {@link GrantRefusedException}
     * with grant-service's words.
     */
    private <R> R adminCall(Function<AdminApi, R> call) {
        try {
            return admin.call(call);
        } catch (InternalCallException e) {
            if (e.is(403)) {
                throw new NotAdminException();
            }
            if (e.is(400) || e.is(404)) {
                throw new GrantRefusedException(e.detail());
            }
            throw unavailable("admin call", e);
        }
    }

    private static <A, R> R call(InternalClient<A> client, Function<A, R> call, String what) {
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
