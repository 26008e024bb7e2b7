package dev.grantwire.grant.token;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.grantwire.grant.config.TokensConfig;
import dev.grantwire.protocol.CompactJws;
import jakarta.enterprise.context.ApplicationScoped;
import java.text.ParseException;
import java.time.Instant;
import java.util.Optional;

/**
 * Verifies access tokens grant-service issued, locally against its own published keys: signature,
 * {@code typ: at+jwt}, issuer and expiry with at most the configured clock skew. Revocation state
 * is the caller's business.
 */
@ApplicationScoped
public class AccessTokenVerifier {

    private final SigningKeys keys;
    private final TokenMinter minter;
    private final TokensConfig tokens;

    AccessTokenVerifier(SigningKeys keys, TokenMinter minter, TokensConfig tokens) {
        this.keys = keys;
        this.minter = minter;
        this.tokens = tokens;
    }

    /**
     * The token's claims, or empty when it is not a valid, unexpired access token of this issuer.
     */
    public Optional<JWTClaimsSet> verify(String token) {
        if (!CompactJws.isCanonical(token)) {
            return Optional.empty();
        }
        try {
            SignedJWT jwt = SignedJWT.parse(token);
            if (!JWSAlgorithm.RS256.equals(jwt.getHeader().getAlgorithm())
                    || !TokenMinter.AT_JWT.equals(jwt.getHeader().getType())
                    || jwt.getHeader().getKeyID() == null) {
                return Optional.empty();
            }
            Optional<RSAKey> key = keys.find(jwt.getHeader().getKeyID());
            if (key.isEmpty() || !jwt.verify(new RSASSAVerifier(key.get().toRSAPublicKey()))) {
                return Optional.empty();
            }
            JWTClaimsSet claims = jwt.getJWTClaimsSet();
            Instant now = Instant.now();
            if (!minter.issuer().equals(claims.getIssuer())
                    || claims.getExpirationTime() == null
                    || claims.getExpirationTime()
                            .toInstant()
                            .plus(tokens.clockSkew())
                            .isBefore(now)) {
                return Optional.empty();
            }
            return Optional.of(claims);
        } catch (ParseException | JOSEException e) {
            return Optional.empty();
        }
    }
}
