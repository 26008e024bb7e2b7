package dev.grantwire.guard;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.grantwire.protocol.CompactJws;
import java.security.interfaces.RSAPublicKey;
import java.text.ParseException;
import java.time.Duration;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

/**
 * Verifies a Grantwire access token, a JWT per RFC 9068 (JWT Profile for OAuth 2.0 Access Tokens):
 * header {@code typ} {@code at+jwt} (section 2.1) and an RSA signature by a key the issuer
 * publishes; claims {@code iss} equal to the issuer, {@code aud} naming one of this API's
 * audiences, {@code exp} not passed by more than the leeway, {@code nbf} (if any) reached, {@code
 * iat}, {@code sub}, {@code client_id}, a UUID {@code jti} and, if present, a UUID {@code grant_id}
 * (section 4).
 *
 * <p>The leeway on {@code exp} must not exceed S, the clock skew the revocation margins allow for;
 * the constructor refuses a larger one. Revocation is not checked here ({@link AccessGuard} does).
 *
 * <p>Thread-safe.
 */
public final class TokenVerifier {

    private static final JOSEObjectType AT_JWT = new JOSEObjectType("at+jwt");

    private final String issuer;
    private final Set<String> audiences;
    private final long leewayMillis;
    private final JwksKeySource keys;

    /**
     * @param issuer the expected {@code iss}, e.g. {@code http://127.0.0.1:8081}
     * @param audiences the audiences this API accepts, e.g. {@code urn:grantwire:api:work-items}; a
     *     token must name at least one of them; not empty
     * @param leeway the tolerance on {@code exp} and {@code nbf}
     * @param clockSkew S; the leeway must not exceed it
     * @param keys the issuer's keys
     * @throws IllegalArgumentException if {@code leeway} is negative or larger than {@code
     *     clockSkew}
     */
    public TokenVerifier(
            String issuer,
            Collection<String> audiences,
            Duration leeway,
            Duration clockSkew,
            JwksKeySource keys) {
        this.issuer = Objects.requireNonNull(issuer, "issuer");
        this.audiences = Set.copyOf(audiences);
        if (this.audiences.isEmpty()) {
            throw new IllegalArgumentException("At least one audience is required");
        }
        checkLeeway(leeway, clockSkew);
        this.leewayMillis = leeway.toMillis();
        this.keys = Objects.requireNonNull(keys, "keys");
    }

    /**
     * Refuses a leeway larger than S: the revocation margins ({@code cutoff = revokedAt + B + S})
     * assume no host accepts a token more than S past its {@code exp}.
     *
     * @throws IllegalArgumentException if the leeway is negative or larger than the clock skew
     */
    public static void checkLeeway(Duration leeway, Duration clockSkew) {
        if (leeway.isNegative() || leeway.compareTo(clockSkew) > 0) {
            throw new IllegalArgumentException(
                    "The exp leeway ("
                            + leeway
                            + ") must be between 0 and the clock skew S ("
                            + clockSkew
                            + ")");
        }
    }

    /** The leeway on {@code exp}, in milliseconds. */
    public long leewayMillis() {
        return leewayMillis;
    }

    /**
     * Verifies a compact JWS.
     *
     * @param compact the token as sent after {@code Bearer }
     * @param nowMillis the current time, epoch milliseconds
     * @return the verified token
     * @throws AccessRefusedException {@link Refusal#INVALID_TOKEN} or {@link Refusal#EXPIRED_TOKEN}
     */
    public VerifiedToken verify(String compact, long nowMillis) throws AccessRefusedException {
        if (!CompactJws.isCanonical(compact)) {
            // Lenient base64 would accept other spellings of a real token (RFC 7515 7.1).
            throw invalid("The access token is not a well-formed compact JWS spelled as issued");
        }
        SignedJWT jwt;
        JWTClaimsSet claims;
        try {
            jwt = SignedJWT.parse(compact);
            claims = jwt.getJWTClaimsSet();
        } catch (ParseException e) {
            throw invalid("The access token is not a well-formed JWT");
        }
        JWSHeader header = jwt.getHeader();
        if (!JWSAlgorithm.Family.RSA.contains(header.getAlgorithm())) {
            throw invalid("The access token is not signed with an RSA algorithm");
        }
        JOSEObjectType type = header.getType();
        if (type == null
                || !(AT_JWT.getType().equalsIgnoreCase(type.getType())
                        || ("application/" + AT_JWT.getType()).equalsIgnoreCase(type.getType()))) {
            throw invalid("The token is not an access token (typ must be at+jwt)");
        }
        String kid = header.getKeyID();
        RSAPublicKey key = kid == null ? null : keys.key(kid);
        if (key == null) {
            throw invalid("The access token is signed with an unknown key");
        }
        try {
            if (!jwt.verify(new RSASSAVerifier(key))) {
                throw invalid("The access token signature is invalid");
            }
        } catch (JOSEException e) {
            throw invalid("The access token signature cannot be verified");
        }
        return checkClaims(claims, kid, nowMillis);
    }

    private VerifiedToken checkClaims(JWTClaimsSet claims, String kid, long nowMillis)
            throws AccessRefusedException {
        if (!issuer.equals(claims.getIssuer())) {
            throw invalid("The access token was issued by another issuer");
        }
        List<String> audience = claims.getAudience();
        if (audience == null || audience.stream().noneMatch(audiences::contains)) {
            throw invalid("The access token is not meant for this API");
        }
        Date exp = claims.getExpirationTime();
        Date iat = claims.getIssueTime();
        if (exp == null || iat == null) {
            throw invalid("The access token has no exp or iat");
        }
        if (nowMillis > exp.getTime() + leewayMillis) {
            throw new AccessRefusedException(Refusal.EXPIRED_TOKEN, "The access token expired", 0);
        }
        Date nbf = claims.getNotBeforeTime();
        if (nbf != null && nowMillis + leewayMillis < nbf.getTime()) {
            throw invalid("The access token is not valid yet");
        }
        try {
            String subject = claims.getSubject();
            String clientId = claims.getStringClaim("client_id");
            UUID jti = uuid(claims.getJWTID());
            String grant = claims.getStringClaim("grant_id");
            String scope = claims.getStringClaim("scope");
            if (subject == null || subject.isEmpty() || clientId == null || clientId.isEmpty()) {
                throw invalid("The access token has no sub or client_id");
            }
            if (jti == null || (grant != null && uuid(grant) == null)) {
                throw invalid("The access token's jti or grant_id is not a UUID");
            }
            return new VerifiedToken(
                    subject,
                    clientId,
                    scope == null ? "" : scope,
                    audience,
                    jti,
                    grant == null ? null : uuid(grant),
                    iat.getTime(),
                    exp.getTime(),
                    kid);
        } catch (ParseException e) {
            throw invalid("The access token has a claim of the wrong type");
        }
    }

    private static UUID uuid(String value) {
        return RevocationTable.uuidOrNull(value);
    }

    private static AccessRefusedException invalid(String description) {
        return new AccessRefusedException(Refusal.INVALID_TOKEN, description, 0);
    }
}
