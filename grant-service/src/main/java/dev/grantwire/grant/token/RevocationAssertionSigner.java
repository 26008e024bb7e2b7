package dev.grantwire.grant.token;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jwt.JWTClaimsSet;
import dev.grantwire.grant.config.TokensConfig;
import dev.grantwire.internal.revocations.RevocationAssertions;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.UUID;

/**
 * Signs the assertions that let revocation-service record a user's or an admin's revoke alone
 * ({@link RevocationAssertions}), with the signing key of access tokens: revocation-service already
 * follows that JWKS, so key rotation needs nothing more.
 */
@ApplicationScoped
public class RevocationAssertionSigner {

    private static final JOSEObjectType OWNERSHIP =
            new JOSEObjectType(RevocationAssertions.OWNERSHIP_TYPE);
    private static final JOSEObjectType ADMIN = new JOSEObjectType(RevocationAssertions.ADMIN_TYPE);

    private final TokenMinter minter;
    private final TokensConfig tokens;
    private final Clock clock = Clock.systemUTC();

    RevocationAssertionSigner(TokenMinter minter, TokensConfig tokens) {
        this.minter = minter;
        this.tokens = tokens;
    }

    /** That {@code grantId}, of the app {@code clientId}, is {@code userId}'s. */
    public String ownership(UUID userId, UUID grantId, String clientId) {
        return minter.sign(
                claims(userId)
                        .claim(RevocationAssertions.GRANT_ID, grantId.toString())
                        .claim(RevocationAssertions.CLIENT_ID, clientId)
                        .build(),
                OWNERSHIP);
    }

    /** That grant-service holds {@code userId} to be an admin now. */
    public String admin(UUID userId) {
        return minter.sign(claims(userId).build(), ADMIN);
    }

    private JWTClaimsSet.Builder claims(UUID userId) {
        Instant now = clock.instant();
        return new JWTClaimsSet.Builder()
                .issuer(minter.issuer())
                .subject(userId.toString())
                .audience(RevocationAssertions.AUDIENCE)
                .jwtID(UUID.randomUUID().toString())
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(tokens.revocationAssertionLifetime())));
    }
}
