package dev.grantwire.grant.service;

import static dev.grantwire.internal.grants.TokenResolution.ACCESS;
import static dev.grantwire.internal.grants.TokenResolution.REFRESH;
import static dev.grantwire.internal.grants.TokenResolution.UNKNOWN;

import com.nimbusds.jwt.JWTClaimsSet;
import dev.grantwire.grant.domain.App;
import dev.grantwire.grant.domain.Grant;
import dev.grantwire.grant.domain.RefreshToken;
import dev.grantwire.grant.persistence.GrantRepository;
import dev.grantwire.grant.persistence.RefreshTokenRepository;
import dev.grantwire.grant.protocol.OAuthException;
import dev.grantwire.grant.protocol.Secrets;
import dev.grantwire.grant.protocol.TokenForm;
import dev.grantwire.internal.grants.TokenResolution;
import dev.grantwire.internal.grants.TokenResolutionRequest;
import jakarta.enterprise.context.ApplicationScoped;
import java.text.ParseException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * What revocation-service needs to answer <a href="https://www.rfc-editor.org/rfc/rfc7009">RFC
 * 7009</a> {@code /oauth2/revoke} without holding any client or token state itself: the caller's
 * client authentication, judged exactly as at the token endpoint ({@link ClientAuthenticator}), and
 * what the presented token is. Reads only.
 *
 * <p>A token is resolved only for an authenticated client. The {@code token_type_hint} decides
 * which kind is tried first, never which is tried (RFC 7009 section 2.1). A token that cannot be
 * used any more (expired, rotated, its grant or app revoked or disabled, a revocation applied) is
 * {@code unknown}: revoking it again would change nothing.
 */
@ApplicationScoped
public class TokenResolver {

    private static TokenResolution refused(OAuthException e) {
        return new TokenResolution(
                false,
                null,
                e.error(),
                e.getMessage(),
                e.basicChallenge(),
                null,
                null,
                null,
                null,
                null,
                null);
    }

    private static TokenResolution of(String clientId, String tokenType) {
        return new TokenResolution(
                true, clientId, null, null, false, tokenType, null, null, null, null, null);
    }

    private final ClientAuthenticator authenticator;
    private final IntrospectionService introspection;
    private final RefreshTokenRepository refreshTokens;
    private final GrantRepository grants;

    TokenResolver(
            ClientAuthenticator authenticator,
            IntrospectionService introspection,
            RefreshTokenRepository refreshTokens,
            GrantRepository grants) {
        this.authenticator = authenticator;
        this.introspection = introspection;
        this.refreshTokens = refreshTokens;
        this.grants = grants;
    }

    public TokenResolution resolve(TokenResolutionRequest request) {
        App client;
        try {
            client = authenticator.authenticate(request.authorization(), form(request));
        } catch (OAuthException e) {
            return refused(e);
        }
        String token = request.token();
        if (token == null || token.isEmpty()) {
            return of(client.clientId(), null);
        }
        Optional<TokenResolution> found;
        if ("refresh_token".equals(request.tokenTypeHint())) {
            found = refresh(client, token).or(() -> access(client, token));
        } else {
            found = access(client, token).or(() -> refresh(client, token));
        }
        return found.orElse(of(client.clientId(), UNKNOWN));
    }

    private static TokenForm form(TokenResolutionRequest request) {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("client_id", request.clientId());
        values.put("client_secret", request.clientSecret());
        values.put("client_assertion_type", request.clientAssertionType());
        values.put("client_assertion", request.clientAssertion());
        return TokenForm.of(values);
    }

    private Optional<TokenResolution> access(App client, String token) {
        Optional<JWTClaimsSet> claims = introspection.activeAccessToken(token);
        if (claims.isEmpty()) {
            return Optional.empty();
        }
        try {
            JWTClaimsSet c = claims.get();
            String grantId = c.getStringClaim("grant_id");
            return Optional.of(
                    new TokenResolution(
                            true,
                            client.clientId(),
                            null,
                            null,
                            false,
                            ACCESS,
                            c.getStringClaim("client_id"),
                            grantId == null ? null : UUID.fromString(grantId),
                            c.getJWTID(),
                            grantId == null ? null : UUID.fromString(c.getSubject()),
                            c.getExpirationTime().getTime()));
        } catch (ParseException | IllegalArgumentException | NullPointerException e) {
            return Optional.empty();
        }
    }

    private Optional<TokenResolution> refresh(App client, String token) {
        Optional<RefreshToken> found =
                refreshTokens
                        .find(Secrets.sha256(token))
                        .filter(t -> !t.isRotated())
                        .filter(t -> t.expiresAt().isAfter(Instant.now()));
        if (found.isEmpty()) {
            return Optional.empty();
        }
        Optional<Grant> grant = grants.find(found.get().grantId()).filter(Grant::isActive);
        return grant.map(
                g ->
                        new TokenResolution(
                                true,
                                client.clientId(),
                                null,
                                null,
                                false,
                                REFRESH,
                                found.get().clientId(),
                                g.grantId(),
                                null,
                                g.userId(),
                                found.get().expiresAt().toEpochMilli()));
    }
}
