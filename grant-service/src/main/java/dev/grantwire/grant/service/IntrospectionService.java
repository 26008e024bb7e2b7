package dev.grantwire.grant.service;

import com.nimbusds.jwt.JWTClaimsSet;
import dev.grantwire.grant.domain.App;
import dev.grantwire.grant.domain.Grant;
import dev.grantwire.grant.domain.RefreshToken;
import dev.grantwire.grant.persistence.AppRepository;
import dev.grantwire.grant.persistence.AppliedRevocationRepository;
import dev.grantwire.grant.persistence.GrantRepository;
import dev.grantwire.grant.persistence.RefreshTokenRepository;
import dev.grantwire.grant.protocol.Secrets;
import dev.grantwire.grant.token.AccessTokenVerifier;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Timestamp;
import java.text.ParseException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Token introspection, <a href="https://www.rfc-editor.org/rfc/rfc7662">RFC 7662</a>: an expired,
 * unknown, revoked or foreign token is {@code {"active": false}} and nothing more, and so is a
 * delegated token (one with a grant) while this replica's view of revocations is stale: it cannot
 * know whether the token was revoked during the outage.
 */
@ApplicationScoped
public class IntrospectionService {

    private static final Map<String, Object> INACTIVE = Map.of("active", false);

    private final AccessTokenVerifier verifier;
    private final AppRepository apps;
    private final GrantRepository grants;
    private final RefreshTokenRepository refreshTokens;
    private final AppliedRevocationRepository revocations;
    private final FeedGate feedGate;

    IntrospectionService(
            AccessTokenVerifier verifier,
            AppRepository apps,
            GrantRepository grants,
            RefreshTokenRepository refreshTokens,
            AppliedRevocationRepository revocations,
            FeedGate feedGate) {
        this.verifier = verifier;
        this.apps = apps;
        this.grants = grants;
        this.refreshTokens = refreshTokens;
        this.revocations = revocations;
        this.feedGate = feedGate;
    }

    /**
     * Introspects a token for an authenticated caller. Only Grantwire's internal clients may
     * introspect any token; any other client learns about its own tokens only ({@code {"active":
     * false}} for the others).
     */
    public Map<String, Object> introspect(String token, App caller) {
        Optional<JWTClaimsSet> claims = verifier.verify(token);
        if (claims.isPresent()) {
            if (!caller.internal() && !caller.clientId().equals(clientIdOf(claims.get()))) {
                return INACTIVE;
            }
            return accessToken(claims.get());
        }
        return refreshToken(token, caller);
    }

    /**
     * The claims of a valid access token of this issuer that has no applied revocation (app
     * enabled, grant active, no applied token, grant, app or user revocation), else empty. Not
     * gated on the feed's staleness: RFC 7009 revocation resolves tokens through it during an
     * outage; a caller that vouches for a delegated token asks {@link FeedGate} as well.
     */
    public Optional<JWTClaimsSet> activeAccessToken(String token) {
        return verifier.verify(token).filter(this::active);
    }

    private static String clientIdOf(JWTClaimsSet claims) {
        try {
            return claims.getStringClaim("client_id");
        } catch (ParseException e) {
            return null;
        }
    }

    private boolean active(JWTClaimsSet claims) {
        try {
            String clientId = claims.getStringClaim("client_id");
            String grantId = claims.getStringClaim("grant_id");
            if (clientId == null || !apps.find(clientId).map(App::isEnabled).orElse(false)) {
                return false;
            }
            if (grantId != null && !grantActive(grantId)) {
                return false;
            }
            Timestamp iat = Timestamp.from(claims.getIssueTime().toInstant());
            return !revocations.refuses(
                    claims.getJWTID(), grantId, clientId, claims.getSubject(), iat);
        } catch (ParseException | IllegalArgumentException | NullPointerException e) {
            return false;
        }
    }

    private Map<String, Object> accessToken(JWTClaimsSet claims) {
        try {
            if (!active(claims)) {
                return INACTIVE;
            }
            String clientId = claims.getStringClaim("client_id");
            String grantId = claims.getStringClaim("grant_id");
            if (grantId != null && !feedGate.isFresh()) {
                return INACTIVE;
            }
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("active", true);
            answer.put("scope", claims.getStringClaim("scope"));
            answer.put("client_id", clientId);
            answer.put("token_type", "Bearer");
            answer.put("sub", claims.getSubject());
            answer.put("aud", claims.getAudience());
            answer.put("iss", claims.getIssuer());
            answer.put("exp", claims.getExpirationTime().toInstant().getEpochSecond());
            answer.put("iat", claims.getIssueTime().toInstant().getEpochSecond());
            answer.put("jti", claims.getJWTID());
            if (grantId != null) {
                answer.put("grant_id", grantId);
            }
            return answer;
        } catch (ParseException | IllegalArgumentException | NullPointerException e) {
            return INACTIVE;
        }
    }

    private Map<String, Object> refreshToken(String token, App caller) {
        Optional<RefreshToken> found =
                refreshTokens
                        .find(Secrets.sha256(token))
                        .filter(t -> t.clientId().equals(caller.clientId()))
                        .filter(t -> !t.isRotated())
                        .filter(t -> t.expiresAt().isAfter(Instant.now()));
        if (found.isEmpty() || !feedGate.isFresh()) {
            return INACTIVE;
        }
        Optional<Grant> grant = grants.find(found.get().grantId()).filter(Grant::isActive);
        if (grant.isEmpty()) {
            return INACTIVE;
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("active", true);
        answer.put("scope", String.join(" ", found.get().scopes()));
        answer.put("client_id", caller.clientId());
        answer.put("token_type", "refresh_token");
        answer.put("sub", grant.get().userId().toString());
        answer.put("exp", found.get().expiresAt().getEpochSecond());
        answer.put("grant_id", grant.get().grantId().toString());
        return answer;
    }

    private boolean grantActive(String grantId) {
        try {
            return grants.find(java.util.UUID.fromString(grantId))
                    .map(Grant::isActive)
                    .orElse(false);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
