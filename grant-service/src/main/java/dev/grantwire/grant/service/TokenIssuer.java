package dev.grantwire.grant.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.grantwire.grant.config.TokensConfig;
import dev.grantwire.grant.domain.App;
import dev.grantwire.grant.domain.Grant;
import dev.grantwire.grant.domain.OrgPolicy;
import dev.grantwire.grant.domain.User;
import dev.grantwire.grant.persistence.AppliedRevocationRepository;
import dev.grantwire.grant.persistence.GrantRepository;
import dev.grantwire.grant.persistence.RefreshTokenRepository;
import dev.grantwire.grant.persistence.UserRepository;
import dev.grantwire.grant.protocol.OAuthException;
import dev.grantwire.grant.protocol.Secrets;
import dev.grantwire.grant.protocol.TokenResponse;
import dev.grantwire.grant.token.TokenMinter;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Optional;

/**
 * Mints a token response, in the caller's transaction: the access token, a refresh token (stored
 * hashed) when {@code offline_access} is granted, and an ID token for {@code openid}. Shared by the
 * grant types; it refuses what the org policy or a pending revocation cutoff forbids.
 */
@ApplicationScoped
public class TokenIssuer {

    /** What a delegated response is made of. */
    public record Delegated(
            App client,
            Grant grant,
            Collection<String> scopes,
            Collection<String> refreshScopes,
            String nonce,
            Instant authTime,
            String refreshToken,
            Instant refreshExpiresAt,
            boolean withIdToken) {}

    private final UserRepository users;
    private final GrantRepository grants;
    private final RefreshTokenRepository refreshTokens;
    private final AppliedRevocationRepository revocations;
    private final PolicyService policy;
    private final TokenMinter minter;
    private final ObjectMapper json;

    TokenIssuer(
            UserRepository users,
            GrantRepository grants,
            RefreshTokenRepository refreshTokens,
            AppliedRevocationRepository revocations,
            PolicyService policy,
            TokenMinter minter,
            ObjectMapper json) {
        this.users = users;
        this.grants = grants;
        this.refreshTokens = refreshTokens;
        this.revocations = revocations;
        this.policy = policy;
        this.minter = minter;
        this.json = json;
    }

    /** The current policy's refresh-token lifetime for a grant (long only for legacy apps). */
    public Duration refreshLifetime(Grant grant) {
        OrgPolicy current = policy.current();
        return App.LEGACY.equals(grant.type()) && current.legacyAppsAllowed()
                ? current.legacyRefreshLifetime()
                : current.refreshTokenLifetime();
    }

    /** A legacy app while the org policy does not allow legacy apps. */
    private static boolean isLegacyRefused(App client, OrgPolicy current) {
        return App.LEGACY.equals(client.type()) && !current.legacyAppsAllowed();
    }

    /** A response for a user's grant; the body as JSON. */
    public String delegated(Delegated request) {
        OrgPolicy current = policy.current();
        App client = request.client();
        if (!client.internal() && !current.thirdPartyAccess()) {
            throw OAuthException.invalidGrant("third-party access is switched off");
        }
        if (isLegacyRefused(client, current)) {
            throw OAuthException.invalidGrant("legacy apps are switched off by the org policy");
        }
        User user =
                users.find(request.grant().userId())
                        .orElseThrow(() -> OAuthException.invalidGrant("user is unknown"));
        String subject = user.userId().toString();
        Optional<Instant> cutoff = revocations.pendingCutoff(client.clientId(), subject);
        if (cutoff.isPresent()) {
            // docs/ARCHITECTURE.md, "The margins": between revokedAt and the cutoff, mint nothing
            // that would be refused.
            long seconds = Duration.between(Instant.now(), cutoff.get()).toSeconds() + 1;
            throw OAuthException.temporarilyUnavailable(
                    "a revocation for this app or user is being applied", Math.max(1, seconds));
        }
        Duration lifetime = accessLifetime(current);
        String accessToken =
                minter.accessToken(
                        subject,
                        client.clientId(),
                        request.scopes(),
                        request.grant().grantId(),
                        lifetime);
        String issuedRefresh = null;
        if (request.refreshScopes().contains("offline_access")
                && client.allowsGrantType("refresh_token")) {
            refreshTokens.insert(
                    Secrets.sha256(request.refreshToken()),
                    request.grant().grantId(),
                    client.clientId(),
                    request.refreshScopes(),
                    request.refreshExpiresAt());
            issuedRefresh = request.refreshToken();
        }
        String idToken = null;
        if (request.withIdToken() && request.scopes().contains("openid")) {
            boolean profile = request.scopes().contains("profile.read");
            idToken =
                    minter.idToken(
                            subject,
                            client.clientId(),
                            request.nonce(),
                            request.authTime(),
                            lifetime,
                            profile ? user.displayName() : null,
                            profile ? user.email() : null);
        }
        grants.touch(request.grant().grantId());
        return write(
                new TokenResponse(
                        accessToken,
                        "Bearer",
                        lifetime.toSeconds(),
                        issuedRefresh,
                        String.join(" ", request.scopes()),
                        idToken));
    }

    /**
     * A response for a client acting for itself (client_credentials); never gated on the feed's
     * staleness, but not minted while a revocation of the client waits for its cutoff.
     */
    public String forClient(App client, Collection<String> scopes) {
        OrgPolicy current = policy.current();
        if (!client.internal() && !current.thirdPartyAccess()) {
            throw OAuthException.unauthorizedClient("third-party access is switched off");
        }
        if (isLegacyRefused(client, current)) {
            throw OAuthException.unauthorizedClient(
                    "legacy apps are switched off by the org policy");
        }
        Optional<Instant> cutoff = revocations.pendingCutoff(client.clientId(), null);
        if (cutoff.isPresent()) {
            // The client was revoked (for an internal client, by an admin): a token minted before
            // the cutoff would be refused by every API, so the caller waits for it.
            long seconds = Duration.between(Instant.now(), cutoff.get()).toSeconds() + 1;
            throw OAuthException.temporarilyUnavailable(
                    "a revocation of this client is being applied", Math.max(1, seconds));
        }
        Duration lifetime = accessLifetime(current);
        String accessToken =
                minter.accessToken(client.clientId(), client.clientId(), scopes, null, lifetime);
        return write(
                new TokenResponse(
                        accessToken,
                        "Bearer",
                        lifetime.toSeconds(),
                        null,
                        String.join(" ", scopes),
                        null));
    }

    private static Duration accessLifetime(OrgPolicy current) {
        Duration lifetime = current.accessTokenLifetime();
        return lifetime.compareTo(TokensConfig.ACCESS_TOKEN_CAP) > 0
                ? TokensConfig.ACCESS_TOKEN_CAP
                : lifetime;
    }

    private String write(TokenResponse response) {
        try {
            return json.writeValueAsString(response);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("could not write a token response", e);
        }
    }
}
