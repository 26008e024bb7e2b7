package dev.grantwire.grant.service;

import dev.grantwire.grant.config.BootstrapConfig;
import dev.grantwire.grant.config.TokensConfig;
import dev.grantwire.grant.domain.App;
import dev.grantwire.grant.domain.Scope;
import dev.grantwire.grant.persistence.AppRepository;
import dev.grantwire.grant.persistence.AuditRepository;
import dev.grantwire.grant.persistence.InitialAccessTokenRepository;
import dev.grantwire.grant.persistence.Jdbc;
import dev.grantwire.grant.persistence.PolicyRepository;
import dev.grantwire.grant.protocol.Secrets;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.transaction.Transactional;
import java.util.List;
import java.util.Map;

/**
 * Creates what configuration declares, at every start and idempotently: the org policy's first row,
 * the internal clients of the other services (their secrets follow the configuration), and the
 * initial access token for registration. The first admin needs no row: {@link UserService} matches
 * it from configuration at each check.
 */
@ApplicationScoped
public class Bootstrap {

    /** The shortest configured secret (initial access token, internal client secret). */
    static final int MIN_SECRET_LENGTH = 32;

    static final String ACTOR = "bootstrap";

    private final BootstrapConfig config;
    private final TokensConfig tokens;
    private final PolicyService policy;
    private final PolicyRepository policies;
    private final AppRepository apps;
    private final InitialAccessTokenRepository initialTokens;
    private final AuditRepository audit;
    private final Jdbc jdbc;

    Bootstrap(
            BootstrapConfig config,
            TokensConfig tokens,
            PolicyService policy,
            PolicyRepository policies,
            AppRepository apps,
            InitialAccessTokenRepository initialTokens,
            AuditRepository audit,
            Jdbc jdbc) {
        this.config = config;
        this.tokens = tokens;
        this.policy = policy;
        this.policies = policies;
        this.apps = apps;
        this.initialTokens = initialTokens;
        this.audit = audit;
        this.jdbc = jdbc;
    }

    void onStart(@Observes @Priority(5) StartupEvent event) {
        PolicyService.checkAccessTokenLifetime(tokens.accessTokenLifetime());
        run();
    }

    /** Applies the configuration; replicas starting together take turns on an advisory lock. */
    @Transactional
    public void run() {
        jdbc.list("SELECT pg_advisory_xact_lock(hashtext('grantwire.bootstrap'))", row -> 1);
        if (policies.insertIfAbsent(policy.initial(), ACTOR)) {
            audit.append(ACTOR, "policy.created", "policy", null);
        }
        for (Map.Entry<String, BootstrapConfig.InternalClient> client :
                config.clients().entrySet()) {
            internalClient(client.getKey(), client.getValue());
        }
        config.initialAccessToken()
                .ifPresent(
                        token -> {
                            requireLongSecret("grantwire.bootstrap.initial-access-token", token);
                            byte[] hash = Secrets.sha256(token);
                            initialTokens.insertIfAbsent(hash, ACTOR);
                            initialTokens.deleteOthers(hash, ACTOR);
                        });
    }

    /**
     * Refuses to start with a configured secret shorter than 32 characters: the initial access
     * token and the internal clients' secrets are compared by their SHA-256 hash, which is right
     * only for values too long to guess.
     */
    static void requireLongSecret(String setting, String value) {
        if (value.length() < MIN_SECRET_LENGTH) {
            throw new IllegalStateException(
                    setting + " must have " + MIN_SECRET_LENGTH + "+ characters");
        }
    }

    private void internalClient(String clientId, BootstrapConfig.InternalClient client) {
        requireLongSecret("grantwire.bootstrap.clients." + clientId + ".secret", client.secret());
        for (String scope : client.scopes()) {
            if (!Scope.isInternal(scope)) {
                throw new IllegalStateException(
                        "grantwire.bootstrap.clients."
                                + clientId
                                + ".scopes may hold only *.internal scopes, not "
                                + scope);
            }
        }
        List<String> scopes = List.copyOf(client.scopes());
        java.util.Optional<App> existing = apps.find(clientId);
        if (existing.isPresent() && !existing.get().internal()) {
            throw new IllegalStateException(
                    "grantwire.bootstrap.clients."
                            + clientId
                            + " names a registered third-party app");
        }
        if (existing.isEmpty()) {
            apps.insert(
                    new App(
                            clientId,
                            clientId,
                            "Grantwire",
                            null,
                            null,
                            "Grantwire internal service",
                            List.of(),
                            List.of("client_credentials"),
                            App.AUTH_BASIC,
                            scopes,
                            App.STANDARD,
                            true,
                            false,
                            App.ENABLED));
            audit.append(ACTOR, "app.created", "client:" + clientId, "internal client");
        } else {
            apps.updateInternal(clientId, scopes);
        }
        byte[] hash = Secrets.sha256(client.secret());
        if (apps.activeSecretHashes(clientId).stream()
                .noneMatch(h -> Secrets.constantTimeEquals(h, hash))) {
            apps.addSecret(clientId, hash);
        }
        apps.deleteSecretsExcept(clientId, hash);
    }
}
