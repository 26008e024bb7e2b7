package dev.grantwire.examples.resource;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.config.ConfigProvider;

/** Access tokens shaped like grant-service's, signed with the {@link TestIssuerResource} key. */
final class Tokens {

    static final List<String> AUDIENCES =
            List.of(
                    "urn:grantwire:api:work-items",
                    "urn:grantwire:api:code",
                    "urn:grantwire:api:builds");

    private Tokens() {}

    /** A token issued for a user through a grant. */
    static String delegated(String userId, UUID grantId, String scope) {
        return sign(
                claims(userId, "demo-app", scope).claim("grant_id", grantId.toString()).build());
    }

    /** A client-credentials token (no grant_id; sub is the client id). */
    static String service(String clientId, String scope) {
        return sign(claims(clientId, clientId, scope).build());
    }

    static JWTClaimsSet.Builder claims(String subject, String clientId, String scope) {
        long now = System.currentTimeMillis() / 1000 * 1000;
        return new JWTClaimsSet.Builder()
                .issuer(ConfigProvider.getConfig().getValue("grantwire.guard.issuer", String.class))
                .subject(subject)
                .audience(AUDIENCES)
                .claim("client_id", clientId)
                .claim("scope", scope)
                .jwtID(UUID.randomUUID().toString())
                .issueTime(new Date(now))
                .expirationTime(new Date(now + 30 * 60_000));
    }

    static String sign(JWTClaimsSet claims) {
        try {
            RSAKey key = key();
            SignedJWT jwt =
                    new SignedJWT(
                            new JWSHeader.Builder(JWSAlgorithm.RS256)
                                    .type(new JOSEObjectType("at+jwt"))
                                    .keyID(key.getKeyID())
                                    .build(),
                            claims);
            jwt.sign(new RSASSASigner(key));
            return jwt.serialize();
        } catch (JOSEException | ParseException e) {
            throw new IllegalStateException(e);
        }
    }

    private static RSAKey key() throws ParseException {
        String encoded =
                ConfigProvider.getConfig().getValue(TestIssuerResource.SIGNING_KEY, String.class);
        return RSAKey.parse(
                new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8));
    }
}
