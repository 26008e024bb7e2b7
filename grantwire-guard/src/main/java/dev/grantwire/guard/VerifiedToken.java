package dev.grantwire.guard;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

/**
 * A Grantwire access token (RFC 9068) whose signature, issuer, audience and type have been
 * verified. Expiry and revocation are not part of this object: {@link AccessGuard} re-checks them
 * on every request.
 *
 * <p>The ids the revocation check needs are split into longs once, at verification, so that
 * checking a cached token allocates nothing. Immutable and thread-safe.
 */
public final class VerifiedToken {

    private final String subject;
    private final String clientId;
    private final String scope;
    private final Set<String> scopes;
    private final List<String> audience;
    private final UUID jti;
    private final UUID grantId;
    private final long issuedAtMillis;
    private final long expiresAtMillis;
    private final String keyId;

    final long jtiHi;
    final long jtiLo;
    final boolean hasGrant;
    final long grantHi;
    final long grantLo;
    final boolean subjectIsUuid;
    final long subjectHi;
    final long subjectLo;

    /**
     * Creates a verified token; the guard's verifier calls this after every check passed.
     *
     * @param subject {@code sub}: a Grantwire user id, or the client id of a client-credentials
     *     token; not null
     * @param clientId {@code client_id}; not null
     * @param scope {@code scope}, space separated; not null (empty when absent)
     * @param audience {@code aud}; not null
     * @param jti {@code jti}; not null
     * @param grantId {@code grant_id}; null for a client-credentials token
     * @param issuedAtMillis {@code iat}, epoch milliseconds
     * @param expiresAtMillis {@code exp}, epoch milliseconds
     * @param keyId the {@code kid} of the key that signed it; not null
     */
    public VerifiedToken(
            String subject,
            String clientId,
            String scope,
            List<String> audience,
            UUID jti,
            UUID grantId,
            long issuedAtMillis,
            long expiresAtMillis,
            String keyId) {
        // Interned: the strings the cached entry looks up by keep their hash codes.
        this.subject = Objects.requireNonNull(subject, "subject").intern();
        this.clientId = Objects.requireNonNull(clientId, "clientId").intern();
        this.scope = Objects.requireNonNull(scope, "scope");
        this.scopes = Set.of(scope.isBlank() ? new String[0] : scope.trim().split("\\s+"));
        this.audience = List.copyOf(audience);
        this.jti = Objects.requireNonNull(jti, "jti");
        this.grantId = grantId;
        this.issuedAtMillis = issuedAtMillis;
        this.expiresAtMillis = expiresAtMillis;
        this.keyId = Objects.requireNonNull(keyId, "keyId");
        this.jtiHi = jti.getMostSignificantBits();
        this.jtiLo = jti.getLeastSignificantBits();
        this.hasGrant = grantId != null;
        this.grantHi = hasGrant ? grantId.getMostSignificantBits() : 0;
        this.grantLo = hasGrant ? grantId.getLeastSignificantBits() : 0;
        UUID subjectUuid = RevocationTable.uuidOrNull(subject);
        this.subjectIsUuid = subjectUuid != null;
        this.subjectHi = subjectIsUuid ? subjectUuid.getMostSignificantBits() : 0;
        this.subjectLo = subjectIsUuid ? subjectUuid.getLeastSignificantBits() : 0;
        this.subject.hashCode();
        this.clientId.hashCode();
    }

    /** {@code sub}: the Grantwire user id, or the client id of a client-credentials token. */
    public String subject() {
        return subject;
    }

    /** {@code client_id}: the app the token was issued to. */
    public String clientId() {
        return clientId;
    }

    /** The granted scopes (unmodifiable, possibly empty). */
    public Set<String> scopes() {
        return scopes;
    }

    /** The {@code scope} claim as issued, space separated. */
    public String scope() {
        return scope;
    }

    /** True if the token carries that scope. */
    public boolean hasScope(String name) {
        return scopes.contains(name);
    }

    /** {@code aud} (unmodifiable). */
    public List<String> audience() {
        return audience;
    }

    /** {@code jti}. */
    public UUID jti() {
        return jti;
    }

    /**
     * {@code grant_id}: the user's authorization, or {@code null} for a client-credentials token.
     */
    public UUID grantId() {
        return grantId;
    }

    /** True for a token issued on a user's behalf (it has a {@code grant_id}). */
    public boolean isDelegated() {
        return hasGrant;
    }

    /** {@code iat} in epoch milliseconds. */
    public long issuedAtMillis() {
        return issuedAtMillis;
    }

    /** {@code exp} in epoch milliseconds. */
    public long expiresAtMillis() {
        return expiresAtMillis;
    }

    /** {@code iat}. */
    public Instant issuedAt() {
        return Instant.ofEpochMilli(issuedAtMillis);
    }

    /** {@code exp}. */
    public Instant expiresAt() {
        return Instant.ofEpochMilli(expiresAtMillis);
    }

    /** The {@code kid} of the signing key. */
    public String keyId() {
        return keyId;
    }

    @Override
    public String toString() {
        return "VerifiedToken[sub="
                + subject
                + ", client_id="
                + clientId
                + ", scope="
                + scope
                + ", grant_id="
                + grantId
                + ", jti="
                + jti
                + "]";
    }
}
