package dev.grantwire.revocation;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.text.ParseException;
import java.time.Instant;
import java.util.Date;
import java.util.UUID;
import java.util.function.UnaryOperator;

/**
 * Mints grant-service-like access tokens for the tests, signed by a key generated once per JVM. The
 * key lives in a system property so the test code and the app under test (its JWKS endpoint, {@link
 * JwksTestResource}) see the same key whatever class loader loaded them.
 */
final class TestTokens {

    static final String ISSUER = "http://127.0.0.1:8081";
    static final String AUDIENCE = "urn:grantwire:revocation-service";
    private static final String PROPERTY = "grantwire.test.signing-jwk";

    private TestTokens() {}

    /** The test signing key (private). */
    static RSAKey key() {
        synchronized (System.class) {
            String stored = System.getProperty(PROPERTY);
            try {
                if (stored == null) {
                    RSAKey key = generate("test-key");
                    System.setProperty(PROPERTY, key.toJSONString());
                    return key;
                }
                return RSAKey.parse(stored);
            } catch (ParseException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** The public key set grant-service would publish. */
    static JWKSet publicKeys() {
        return new JWKSet(key().toPublicJWK());
    }

    static RSAKey generate(String kid) {
        try {
            return new RSAKeyGenerator(2048).keyID(kid).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A valid service token for revocation-service with scope revocations.internal. */
    static String valid() {
        return mint(UnaryOperator.identity());
    }

    static String bearer() {
        return "Bearer " + valid();
    }

    /** A service token whose claims the caller may change. */
    static String mint(UnaryOperator<JWTClaimsSet.Builder> change) {
        return sign(key(), change);
    }

    /**
     * An assertion as grant-service signs it for revokes ({@code typ} given), about {@code userId},
     * for revocation-service, valid five minutes; {@code change} may alter any claim.
     */
    static String assertion(
            RSAKey key, String type, UUID userId, UnaryOperator<JWTClaimsSet.Builder> change) {
        Instant now = Instant.now();
        JWTClaimsSet claims =
                change.apply(
                                new JWTClaimsSet.Builder()
                                        .issuer(ISSUER)
                                        .subject(userId.toString())
                                        .audience(AUDIENCE)
                                        .issueTime(Date.from(now))
                                        .expirationTime(Date.from(now.plusSeconds(300)))
                                        .jwtID(UUID.randomUUID().toString()))
                        .build();
        return signed(key, new JOSEObjectType(type), claims);
    }

    static String sign(RSAKey key, UnaryOperator<JWTClaimsSet.Builder> change) {
        Instant now = Instant.now();
        JWTClaimsSet claims =
                change.apply(
                                new JWTClaimsSet.Builder()
                                        .issuer(ISSUER)
                                        .subject("grant-service")
                                        .audience(AUDIENCE)
                                        .issueTime(Date.from(now))
                                        .expirationTime(Date.from(now.plusSeconds(300)))
                                        .jwtID(UUID.randomUUID().toString())
                                        .claim("client_id", "grant-service")
                                        .claim("scope", "revocations.internal"))
                        .build();
        return signed(key, new JOSEObjectType("at+jwt"), claims);
    }

    private static String signed(RSAKey key, JOSEObjectType type, JWTClaimsSet claims) {
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
            throw new IllegalStateException(e);
        }
        return jwt.serialize();
    }
}
