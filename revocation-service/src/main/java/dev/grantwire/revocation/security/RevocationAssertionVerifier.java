package dev.grantwire.revocation.security;

import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import dev.grantwire.internal.revocations.RevocationAssertions;
import dev.grantwire.protocol.CompactJws;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Checks the assertions grant-service signs for revokes ({@link RevocationAssertions}) locally,
 * against grant-service's keys ({@link GrantServiceKeys}): its own {@code typ}, RS256, a key of the
 * JWKS, {@code iss}, {@code aud} revocation-service, unexpired with at most S of skew, and the
 * claims each kind needs. Anything else (forged, expired, another {@code typ} such as an access
 * token, another audience, a claim missing or malformed) is no assertion at all. Thread-safe.
 */
@ApplicationScoped
public class RevocationAssertionVerifier {

    /** What a valid ownership assertion says. */
    public record Ownership(UUID userId, UUID grantId, String clientId) {}

    private static final Logger LOG = Logger.getLogger(RevocationAssertionVerifier.class);

    private volatile DefaultJWTProcessor<SecurityContext> ownership;
    private volatile DefaultJWTProcessor<SecurityContext> admin;

    /** The grant, user and app an ownership assertion names; empty unless it is valid. */
    public Optional<Ownership> ownership(String assertion) {
        return claims(assertion, true)
                .flatMap(
                        claims -> {
                            try {
                                return Optional.of(
                                        new Ownership(
                                                UUID.fromString(claims.getSubject()),
                                                UUID.fromString(
                                                        claims.getStringClaim(
                                                                RevocationAssertions.GRANT_ID)),
                                                claims.getStringClaim(
                                                        RevocationAssertions.CLIENT_ID)));
                            } catch (java.text.ParseException | RuntimeException e) {
                                return Optional.empty();
                            }
                        });
    }

    /** Whether the admin assertion is valid and names {@code userId}. */
    public boolean admin(String assertion, UUID userId) {
        return claims(assertion, false)
                .map(claims -> userId.toString().equals(claims.getSubject()))
                .orElse(false);
    }

    private Optional<JWTClaimsSet> claims(String assertion, boolean ownershipKind) {
        if (!CompactJws.isCanonical(assertion)) {
            return Optional.empty();
        }
        try {
            return Optional.of(processor(ownershipKind).process(assertion, null));
        } catch (Exception e) {
            LOG.debugf("revocation assertion refused: %s", e.getMessage());
            return Optional.empty();
        }
    }

    private DefaultJWTProcessor<SecurityContext> processor(boolean ownershipKind)
            throws java.net.MalformedURLException {
        if (ownershipKind) {
            DefaultJWTProcessor<SecurityContext> current = ownership;
            if (current == null) {
                current =
                        GrantServiceKeys.processor(
                                RevocationAssertions.OWNERSHIP_TYPE,
                                RevocationAssertions.AUDIENCE,
                                Set.of(
                                        "exp",
                                        "sub",
                                        RevocationAssertions.GRANT_ID,
                                        RevocationAssertions.CLIENT_ID));
                ownership = current;
            }
            return current;
        }
        DefaultJWTProcessor<SecurityContext> current = admin;
        if (current == null) {
            current =
                    GrantServiceKeys.processor(
                            RevocationAssertions.ADMIN_TYPE,
                            RevocationAssertions.AUDIENCE,
                            Set.of("exp", "sub"));
            admin = current;
        }
        return current;
    }
}
