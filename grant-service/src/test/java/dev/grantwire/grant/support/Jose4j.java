package dev.grantwire.grant.support;

import java.net.URI;
import org.jose4j.jwk.HttpsJwks;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.keys.resolvers.HttpsJwksVerificationKeyResolver;

/**
 * Verifies access tokens with jose4j, a library other than the one that signed them, against the
 * JWKS fetched over HTTP, as a resource server would (5 s leeway, the design's clock skew S).
 */
public final class Jose4j {

    private Jose4j() {}

    public static JwtClaims verify(String token, URI jwks, String issuer, String audience)
            throws Exception {
        JwtConsumer consumer =
                new JwtConsumerBuilder()
                        .setVerificationKeyResolver(
                                new HttpsJwksVerificationKeyResolver(
                                        new HttpsJwks(jwks.toString())))
                        .setExpectedIssuer(issuer)
                        .setExpectedAudience(audience)
                        .setRequireExpirationTime()
                        .setRequireJwtId()
                        .setAllowedClockSkewInSeconds(5)
                        .setExpectedType(true, "at+jwt")
                        .build();
        return consumer.processToClaims(token);
    }
}
