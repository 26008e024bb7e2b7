package dev.grantwire.grant.service;

import dev.grantwire.grant.domain.App;
import dev.grantwire.grant.domain.OrgPolicy;
import dev.grantwire.grant.domain.User;
import dev.grantwire.grant.persistence.AppRepository;
import dev.grantwire.grant.persistence.AuditRepository;
import dev.grantwire.grant.persistence.CommandOutboxRepository;
import dev.grantwire.grant.persistence.GrantRepository;
import dev.grantwire.grant.persistence.Jdbc;
import dev.grantwire.grant.persistence.PolicyRepository;
import dev.grantwire.grant.protocol.Secrets;
import dev.grantwire.grant.token.SigningKeys;
import dev.grantwire.internal.grants.AppDetails;
import dev.grantwire.internal.grants.AuditEntry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * What an organization admin does to apps and the policy. Every change that ends tokens or grants
 * writes its revocation command to the outbox in the same transaction (docs/ARCHITECTURE.md,
 * "grant-service's command outbox"), and every change is audited.
 */
@ApplicationScoped
public class AdminService {

    /** The longest refresh-token lifetime a policy may set (standard and legacy apps). */
    public static final Duration REFRESH_TOKEN_LIFETIME_CAP = Duration.ofDays(3650);

    /** The longest time a rotated secret may keep working next to the new one. */
    public static final Duration SECRET_OVERLAP_CAP = Duration.ofDays(30);

    private final AppRepository apps;
    private final GrantRepository grants;
    private final PolicyRepository policies;
    private final PolicyService policy;
    private final CommandOutboxRepository outbox;
    private final AuditRepository audit;
    private final UserService users;
    private final Jdbc jdbc;
    private final SigningKeys keys;

    AdminService(
            AppRepository apps,
            GrantRepository grants,
            PolicyRepository policies,
            PolicyService policy,
            CommandOutboxRepository outbox,
            AuditRepository audit,
            UserService users,
            Jdbc jdbc,
            SigningKeys keys) {
        this.apps = apps;
        this.grants = grants;
        this.policies = policies;
        this.policy = policy;
        this.outbox = outbox;
        this.audit = audit;
        this.users = users;
        this.jdbc = jdbc;
        this.keys = keys;
    }

    /**
     * Starts a signing-key rotation: the new key is published in the JWKS at once and signs only
     * after the activation delay (at least one JWKS cache lifetime), so no resource server meets a
     * token whose key it has not fetched yet.
     *
     * @return the new key's {@code kid}
     */
    @Transactional
    public String rotateSigningKey(String actor) {
        String kid = keys.rotate();
        audit.append(actor, "key.rotated", "key:" + kid, null);
        return kid;
    }

    /**
     * The acting user, if an admin; 403 otherwise (decided here, never from the caller's claim).
     */
    public String requireAdmin(UUID actingUser) {
        if (actingUser == null) {
            throw new ProblemException(403, "Forbidden", "an acting admin user is required");
        }
        User user =
                users.findOptional(actingUser)
                        .orElseThrow(() -> new ProblemException(403, "Forbidden", "not an admin"));
        if (!users.isAdmin(user)) {
            throw new ProblemException(403, "Forbidden", "not an admin");
        }
        return "admin:" + actingUser;
    }

    public List<App> apps() {
        return apps.all().stream().filter(a -> !a.internal()).toList();
    }

    public App app(String clientId) {
        return apps.find(clientId)
                .filter(a -> !a.internal())
                .orElseThrow(() -> ProblemException.notFound("unknown app"));
    }

    /** Updates an app's details; redirect URIs follow the registration rules. */
    @Transactional
    public App update(String clientId, AppDetails details, String actor) {
        App app = locked(clientId);
        if (details.name() == null || details.name().isBlank()) {
            throw ProblemException.badRequest("name is required");
        }
        ProblemException.requireNoNullElements("redirectUris", details.redirectUris());
        String tooLong =
                RegistrationService.firstProblem(
                        RegistrationService.tooLong(
                                "name", details.name(), RegistrationService.MAX_NAME),
                        RegistrationService.tooLong(
                                "publisher", details.publisher(), RegistrationService.MAX_NAME),
                        RegistrationService.tooLong(
                                "description",
                                details.description(),
                                RegistrationService.MAX_DESCRIPTION),
                        RegistrationService.tooLong(
                                "website", details.website(), RegistrationService.MAX_URI),
                        RegistrationService.tooLong(
                                "logoUri", details.logoUri(), RegistrationService.MAX_URI),
                        RegistrationService.redirectUrisProblem(details.redirectUris()));
        if (tooLong != null) {
            throw ProblemException.badRequest("invalid_client_metadata: " + tooLong);
        }
        List<String> redirectUris =
                details.redirectUris() == null
                        ? app.redirectUris()
                        : List.copyOf(details.redirectUris());
        for (String uri : redirectUris) {
            String problem = dev.grantwire.protocol.RedirectUris.registrationProblem(uri);
            if (problem != null) {
                throw ProblemException.badRequest(problem);
            }
        }
        if (app.allowsGrantType("authorization_code") && redirectUris.isEmpty()) {
            throw ProblemException.badRequest(
                    "an app using authorization_code needs a redirect URI");
        }
        for (String problem :
                new String[] {
                    RegistrationService.pageUriProblem("website", details.website()),
                    RegistrationService.pageUriProblem("logoUri", details.logoUri())
                }) {
            if (problem != null) {
                throw ProblemException.badRequest("invalid_client_metadata: " + problem);
            }
        }
        App updated =
                new App(
                        app.clientId(),
                        details.name(),
                        details.publisher(),
                        details.website(),
                        details.logoUri(),
                        details.description(),
                        redirectUris,
                        app.grantTypes(),
                        app.tokenEndpointAuthMethod(),
                        app.allowedScopes(),
                        app.type(),
                        false,
                        app.dynamicallyRegistered(),
                        app.status());
        apps.updateDetails(updated);
        audit.append(actor, "app.updated", "client:" + clientId, String.join(" ", redirectUris));
        return updated;
    }

    /** Disables an app: an app-wide {@code tokens} revocation; no new tokens until enabled. */
    @Transactional
    public void disable(String clientId, String actor) {
        App app = locked(clientId);
        if (app.isEnabled()) {
            apps.setStatus(clientId, "disabled");
            outbox.add("client", clientId, "tokens", "app disabled", actor);
            audit.append(actor, "app.disabled", "client:" + clientId, null);
        }
    }

    @Transactional
    public void enable(String clientId, String actor) {
        App app = locked(clientId);
        if (!app.isEnabled()) {
            apps.setStatus(clientId, App.ENABLED);
            audit.append(actor, "app.enabled", "client:" + clientId, null);
        }
    }

    /** Deletes an app: every grant of it revoked, an app-wide {@code grants} revocation. */
    @Transactional
    public void delete(String clientId, String actor) {
        locked(clientId);
        grants.revokeAllOfClient(clientId, "app deleted");
        outbox.add("client", clientId, "grants", "app deleted", actor);
        audit.append(actor, "app.deleted", "client:" + clientId, null);
        apps.delete(clientId);
    }

    /** Adds a second secret; the current ones retire later, with no revocation. Shown once. */
    @Transactional
    public String rotateSecret(String clientId, Duration overlap, String actor) {
        if (overlap.isNegative() || overlap.isZero() || overlap.compareTo(SECRET_OVERLAP_CAP) > 0) {
            throw ProblemException.badRequest(
                    "the overlap must be positive and at most 30 days ("
                            + SECRET_OVERLAP_CAP.toSeconds()
                            + " seconds)");
        }
        App app = locked(clientId);
        requireConfidential(app);
        apps.retireSecrets(clientId, Instant.now().plus(overlap));
        if (apps.activeSecretHashes(clientId).size() >= 2) {
            throw new ProblemException(409, "Conflict", "the app already holds two active secrets");
        }
        String secret = Secrets.newSecret();
        apps.addSecret(clientId, Secrets.sha256(secret));
        audit.append(actor, "app.secret.rotated", "client:" + clientId, null);
        return secret;
    }

    /** Replaces every secret at once (a leak): ends every token issued before. Shown once. */
    @Transactional
    public String regenerateSecret(String clientId, String actor) {
        App app = locked(clientId);
        requireConfidential(app);
        apps.deleteSecrets(clientId);
        String secret = Secrets.newSecret();
        apps.addSecret(clientId, Secrets.sha256(secret));
        outbox.add("client", clientId, "tokens", "secret regenerated", actor);
        audit.append(actor, "app.secret.regenerated", "client:" + clientId, null);
        return secret;
    }

    /**
     * Changes the policy. Switching third-party access off revokes every app's grants; switching
     * legacy apps off revokes the legacy apps' grants: both act on existing tokens, not only on new
     * authorizations.
     */
    @Transactional
    public OrgPolicy updatePolicy(OrgPolicy next, String actor) {
        PolicyService.checkAccessTokenLifetimeForPolicy(next.accessTokenLifetime());
        if (next.refreshTokenLifetime().isNegative()
                || next.refreshTokenLifetime().isZero()
                || next.legacyRefreshLifetime().isNegative()
                || next.legacyRefreshLifetime().isZero()) {
            throw ProblemException.badRequest("refresh-token lifetimes must be positive");
        }
        if (next.refreshTokenLifetime().compareTo(REFRESH_TOKEN_LIFETIME_CAP) > 0
                || next.legacyRefreshLifetime().compareTo(REFRESH_TOKEN_LIFETIME_CAP) > 0) {
            throw ProblemException.badRequest(
                    "refresh-token lifetimes must be at most 10 years ("
                            + REFRESH_TOKEN_LIFETIME_CAP.toSeconds()
                            + " seconds)");
        }
        policies.lock();
        OrgPolicy previous = policy.current();
        policies.update(next, actor);
        for (App app : apps.all()) {
            if (app.internal()) {
                continue;
            }
            String reason = null;
            if (previous.thirdPartyAccess() && !next.thirdPartyAccess()) {
                reason = "third-party access switched off";
            } else if (previous.legacyAppsAllowed()
                    && !next.legacyAppsAllowed()
                    && App.LEGACY.equals(app.type())) {
                reason = "legacy apps switched off";
            }
            if (reason != null) {
                grants.revokeAllOfClient(app.clientId(), reason);
                outbox.add("client", app.clientId(), "grants", reason, actor);
            }
        }
        audit.append(actor, "policy.updated", "policy", next.toString());
        return next;
    }

    /** The audit trail, newest first. */
    public List<AuditEntry> audit(String target, int limit) {
        return jdbc.list(
                "SELECT id, at, actor, action, target, detail FROM audit_event"
                        + " WHERE (?::text IS NULL OR target = ?) ORDER BY id DESC LIMIT ?",
                row ->
                        new AuditEntry(
                                row.getLong("id"),
                                Jdbc.instant(row, "at"),
                                row.getString("actor"),
                                row.getString("action"),
                                row.getString("target"),
                                row.getString("detail")),
                target,
                target,
                Math.min(Math.max(limit, 1), 500));
    }

    private App locked(String clientId) {
        return apps.lock(clientId)
                .filter(a -> !a.internal())
                .orElseThrow(() -> ProblemException.notFound("unknown app"));
    }

    private static void requireConfidential(App app) {
        if (app.isPublic()) {
            throw ProblemException.badRequest("a public client has no secret");
        }
    }
}
