package dev.grantwire.grant.service;

import dev.grantwire.grant.config.TokensConfig;
import dev.grantwire.grant.domain.App;
import dev.grantwire.grant.domain.Grant;
import dev.grantwire.grant.domain.PermissionCatalog;
import dev.grantwire.grant.domain.RefreshToken;
import dev.grantwire.grant.persistence.GrantRepository;
import dev.grantwire.grant.persistence.RefreshTokenRepository;
import dev.grantwire.grant.protocol.CommittedOAuthException;
import dev.grantwire.grant.protocol.GraceResponses;
import dev.grantwire.grant.protocol.OAuthException;
import dev.grantwire.grant.protocol.ScopeNarrowing;
import dev.grantwire.grant.protocol.Secrets;
import dev.grantwire.grant.protocol.TokenForm;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The {@code refresh_token} grant, <a href="https://www.rfc-editor.org/rfc/rfc6749#section-6">RFC
 * 6749 section 6</a>, with rotation on every use (<a
 * href="https://www.rfc-editor.org/rfc/rfc9700#section-4.14.2">RFC 9700 section 4.14.2</a>): the
 * grant row is locked, so of concurrent uses exactly one rotates; a confidential client's retry
 * within the grace period gets the identical answer ({@link GraceResponses}); any later reuse kills
 * the grant. The scope may only narrow; the new refresh token keeps the old one's scope.
 */
@ApplicationScoped
public class RefreshTokenRotation {

    private final GrantRepository grants;
    private final RefreshTokenRepository refreshTokens;
    private final GrantRevoker revoker;
    private final FeedGate feedGate;
    private final TokenIssuer issuer;
    private final TokensConfig config;

    RefreshTokenRotation(
            GrantRepository grants,
            RefreshTokenRepository refreshTokens,
            GrantRevoker revoker,
            FeedGate feedGate,
            TokenIssuer issuer,
            TokensConfig config) {
        this.grants = grants;
        this.refreshTokens = refreshTokens;
        this.revoker = revoker;
        this.feedGate = feedGate;
        this.issuer = issuer;
        this.config = config;
    }

    @Transactional(dontRollbackOn = CommittedOAuthException.class)
    public String refresh(App client, TokenForm form) {
        GrantTypes.require(client, "refresh_token");
        feedGate.requireFresh();
        String presented = form.required("refresh_token");
        Set<String> requested = PermissionCatalog.parse(form.single("scope"));
        byte[] hash = Secrets.sha256(presented);
        RefreshToken seen =
                refreshTokens
                        .find(hash)
                        .filter(t -> t.clientId().equals(client.clientId()))
                        .orElseThrow(() -> OAuthException.invalidGrant("refresh token is invalid"));
        Optional<Grant> locked = grants.lock(seen.grantId());
        // Re-read under the lock: a concurrent rotation or kill has committed by now.
        Optional<RefreshToken> current = refreshTokens.find(hash);
        if (locked.isEmpty() || current.isEmpty() || !locked.get().isActive()) {
            throw OAuthException.invalidGrant("refresh token is invalid");
        }
        Grant grant = locked.get();
        RefreshToken token = current.get();
        Instant now = Instant.now();
        if (token.isRotated()) {
            Optional<String> retry = graceRetry(client, token, presented, now);
            if (retry.isPresent()) {
                return retry.get();
            }
            revoker.kill(grant.grantId(), "refresh token reused");
            throw new CommittedOAuthException("refresh token was already used");
        }
        if (!token.expiresAt().isAfter(now)) {
            throw OAuthException.invalidGrant("refresh token has expired");
        }
        List<String> scopes = ScopeNarrowing.narrow(token.scopes(), requested);
        String next = Secrets.newSecret();
        String body =
                issuer.delegated(
                        new TokenIssuer.Delegated(
                                client,
                                grant,
                                scopes,
                                token.scopes(),
                                null,
                                null,
                                next,
                                token.expiresAt(),
                                false));
        byte[] sealed = null;
        Instant graceUntil = null;
        if (!client.isPublic()) {
            graceUntil = now.plus(config.refreshGracePeriod());
            sealed = GraceResponses.seal(presented, hash, body);
        }
        refreshTokens.markRotated(hash, Secrets.sha256(next), sealed, graceUntil);
        return body;
    }

    private static Optional<String> graceRetry(
            App client, RefreshToken token, String presented, Instant now) {
        if (client.isPublic()
                || token.graceResponse() == null
                || token.graceUntil() == null
                || !now.isBefore(token.graceUntil())) {
            return Optional.empty();
        }
        return GraceResponses.open(presented, token.tokenHash(), token.graceResponse());
    }
}
