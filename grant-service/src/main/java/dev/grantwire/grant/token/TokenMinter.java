package dev.grantwire.grant.token;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.grantwire.grant.domain.PermissionCatalog;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Signs access tokens as JWTs per <a href="https://www.rfc-editor.org/rfc/rfc9068">RFC 9068</a>
 * ({@code typ: at+jwt}) and OpenID Connect ID tokens, with the current signing key.
 */
@ApplicationScoped
public class TokenMinter {

    /** {@code typ} of an RFC 9068 access token. */
    public static final JOSEObjectType AT_JWT = new JOSEObjectType("at+jwt");

    private final SigningKeys keys;
    private final PermissionCatalog catalog;
    private final String issuer;

    TokenMinter(
            SigningKeys keys,
            PermissionCatalog catalog,
            @ConfigProperty(name = "grantwire.issuer") String issuer) {
        this.keys = keys;
        this.catalog = catalog;
        this.issuer = issuer;
    }

    public String issuer() {
        return issuer;
    }

    /**
     * An access token.
     *
     * @param subject the Grantwire user id, or the client id for client_credentials
     * @param grantId the grant for a delegated token, null for client_credentials
     */
    public String accessToken(
            String subject,
            String clientId,
            Collection<String> scopes,
            UUID grantId,
            Duration lifetime) {
        Instant now = Instant.now();
        List<String> audiences = catalog.audiences(scopes);
        JWTClaimsSet.Builder claims =
                new JWTClaimsSet.Builder()
                        .issuer(issuer)
                        .subject(subject)
                        .audience(audiences.isEmpty() ? List.of(issuer) : audiences)
                        .claim("client_id", clientId)
                        .claim("scope", String.join(" ", scopes))
                        .jwtID(UUID.randomUUID().toString())
                        .issueTime(Date.from(now))
                        .expirationTime(Date.from(now.plus(lifetime)));
        if (grantId != null) {
            claims.claim("grant_id", grantId.toString());
        }
        return sign(claims.build(), AT_JWT);
    }

    /**
     * An OpenID Connect ID token for the client; {@code authTime}, when known, is the user's last
     * authentication at the organization's provider ({@code auth_time}).
     */
    public String idToken(
            String subject,
            String clientId,
            String nonce,
            Instant authTime,
            Duration lifetime,
            String name,
            String email) {
        Instant now = Instant.now();
        JWTClaimsSet.Builder claims =
                new JWTClaimsSet.Builder()
                        .issuer(issuer)
                        .subject(subject)
                        .audience(clientId)
                        .claim("azp", clientId)
                        .issueTime(Date.from(now))
                        .expirationTime(Date.from(now.plus(lifetime)));
        if (nonce != null) {
            claims.claim("nonce", nonce);
        }
        if (authTime != null) {
            claims.claim("auth_time", authTime.getEpochSecond());
        }
        if (name != null) {
            claims.claim("name", name);
        }
        if (email != null) {
            claims.claim("email", email);
        }
        return sign(claims.build(), JOSEObjectType.JWT);
    }

    /** Signs the claims with the current signing key, under the given {@code typ}. */
    String sign(JWTClaimsSet claims, JOSEObjectType type) {
        RSAKey key = keys.current();
        SignedJWT jwt =
                new SignedJWT(
                        new JWSHeader.Builder(JWSAlgorithm.RS256)
                                .type(type)
                                .keyID(key.getKeyID())
                                .build(),
                        claims);
        try {
            jwt.sign(new RSASSASigner(key));
        } catch (JOSEException e) {
            throw new IllegalStateException("could not sign a token", e);
        }
        return jwt.serialize();
    }
}
