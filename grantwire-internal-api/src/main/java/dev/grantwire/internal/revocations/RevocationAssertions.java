package dev.grantwire.internal.revocations;

/**
 * The signed assertions that let revocation-service record a user's or an admin's revoke without
 * asking grant-service: grant-service signs them with a key of its JWKS (compact JWS, RS256, {@code
 * kid}), consent-service carries them from grant-service's answers to the revoke, and
 * revocation-service checks them locally. Each has its own {@code typ}, so neither can stand in for
 * the other or for an access token.
 *
 * <ul>
 *   <li><b>Ownership</b> ({@value #OWNERSHIP_TYPE}): {@code sub} the grant's user, {@value
 *       #GRANT_ID} the grant, {@value #CLIENT_ID} its app. Sent in {@value #OWNERSHIP_HEADER}.
 *   <li><b>Admin</b> ({@value #ADMIN_TYPE}): {@code sub} a user grant-service judges an admin. Sent
 *       in {@value #ADMIN_HEADER}.
 * </ul>
 *
 * Both carry {@code iss} (grant-service's issuer), {@code aud} {@value #AUDIENCE}, {@code iat},
 * {@code exp} (minutes) and {@code jti}. An admin demoted a moment ago can still revoke until the
 * assertion expires: that only widens revocation, never access.
 */
public final class RevocationAssertions {

    /** {@code typ} of an ownership assertion. */
    public static final String OWNERSHIP_TYPE = "grant-ownership+jwt";

    /** {@code typ} of an admin assertion. */
    public static final String ADMIN_TYPE = "grantwire-admin+jwt";

    /** The audience of both: revocation-service. */
    public static final String AUDIENCE = "urn:grantwire:revocation-service";

    /** Claim naming the grant. */
    public static final String GRANT_ID = "grant_id";

    /** Claim naming the grant's app. */
    public static final String CLIENT_ID = "client_id";

    /** Header carrying an ownership assertion to revocation-service. */
    public static final String OWNERSHIP_HEADER = "Grantwire-Ownership";

    /** Header carrying an admin assertion to revocation-service. */
    public static final String ADMIN_HEADER = "Grantwire-Admin";

    private RevocationAssertions() {}
}
