package dev.grantwire.grant.service;

import dev.grantwire.grant.config.TokensConfig;
import dev.grantwire.grant.domain.App;
import dev.grantwire.grant.domain.Grant;
import dev.grantwire.grant.domain.PermissionCatalog;
import dev.grantwire.grant.domain.User;
import dev.grantwire.grant.persistence.AppRepository;
import dev.grantwire.grant.persistence.AuditRepository;
import dev.grantwire.grant.persistence.CodeRepository;
import dev.grantwire.grant.persistence.GrantRepository;
import dev.grantwire.grant.persistence.UserRepository;
import dev.grantwire.grant.protocol.Secrets;
import dev.grantwire.internal.grants.IssuedCode;
import dev.grantwire.protocol.Pkce;
import dev.grantwire.protocol.RedirectUris;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * What consent-service records when a user clicks Accept: the grant (created, or widened to the
 * union of scopes) and a one-time authorization code bound to the app, redirect URI, scopes, nonce
 * and PKCE S256 challenge (RFC 6749 section 4.1.2, RFC 7636 section 4.4).
 */
@ApplicationScoped
public class ConsentService {

    private final AppRepository apps;
    private final UserRepository users;
    private final GrantRepository grants;
    private final CodeRepository codes;
    private final AuditRepository audit;
    private final PermissionCatalog catalog;
    private final PolicyService policy;
    private final TokensConfig tokens;

    ConsentService(
            AppRepository apps,
            UserRepository users,
            GrantRepository grants,
            CodeRepository codes,
            AuditRepository audit,
            PermissionCatalog catalog,
            PolicyService policy,
            TokensConfig tokens) {
        this.apps = apps;
        this.users = users;
        this.grants = grants;
        this.codes = codes;
        this.audit = audit;
        this.catalog = catalog;
        this.policy = policy;
        this.tokens = tokens;
    }

    /** Records (or widens) the user's grant for the app and returns a fresh code for it. */
    @Transactional
    public IssuedCode consent(
            UUID userId,
            String clientId,
            List<String> requestedScopes,
            String redirectUri,
            String nonce,
            String codeChallenge,
            String codeChallengeMethod,
            Instant authTime) {
        if (userId == null || clientId == null || redirectUri == null) {
            throw ProblemException.badRequest("userId, clientId and redirectUri are required");
        }
        ProblemException.requireNoNullElements("scopes", requestedScopes);
        if (!"S256".equals(codeChallengeMethod) || !Pkce.isS256Challenge(codeChallenge)) {
            throw ProblemException.badRequest("a PKCE S256 code challenge is required");
        }
        App app =
                apps.find(clientId)
                        .filter(a -> !a.internal())
                        .orElseThrow(() -> ProblemException.badRequest("unknown client"));
        if (!app.isEnabled()) {
            throw ProblemException.badRequest("the app is disabled");
        }
        if (!policy.current().thirdPartyAccess()) {
            throw ProblemException.badRequest("third-party access is switched off");
        }
        if (App.LEGACY.equals(app.type()) && !policy.current().legacyAppsAllowed()) {
            throw ProblemException.badRequest("legacy apps are switched off by the org policy");
        }
        if (app.redirectUris().stream().noneMatch(r -> RedirectUris.matches(r, redirectUri))) {
            throw ProblemException.badRequest("redirect URI is not registered for the app");
        }
        Set<String> scopes =
                new LinkedHashSet<>(requestedScopes == null ? List.of() : requestedScopes);
        if (scopes.isEmpty()) {
            throw ProblemException.badRequest("no scope requested");
        }
        for (String scope : scopes) {
            if (!catalog.grantableToApps(scope) || !app.allowedScopes().contains(scope)) {
                throw ProblemException.badRequest(
                        "scope " + scope + " cannot be granted to this app");
            }
        }
        User user =
                users.find(userId).orElseThrow(() -> ProblemException.badRequest("unknown user"));
        Grant grant = grants.lockOrCreateActive(user.userId(), clientId, scopes, app.type());
        if (!grant.scopes().containsAll(scopes)) {
            Set<String> union = new LinkedHashSet<>(grant.scopes());
            union.addAll(scopes);
            grants.widen(grant.grantId(), union);
        }
        audit.append(
                "user:" + userId,
                "grant.consented",
                "grant:" + grant.grantId(),
                String.join(" ", scopes));
        String code = Secrets.newSecret();
        codes.insert(
                Secrets.sha256(code),
                grant.grantId(),
                clientId,
                redirectUri,
                scopes,
                nonce,
                codeChallenge,
                authTime,
                Instant.now().plus(tokens.codeLifetime()));
        return new IssuedCode(code, grant.grantId(), tokens.codeLifetime().toSeconds());
    }
}
