package dev.grantwire.events;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A recorded revocation ({@link EventTypes#REVOCATION_CREATED_V1}), as published by
 * revocation-service, the single writer of revocations.
 *
 * <p>Applying revocations is a max per {@link #key()}: keep the latest {@code cutoff} and {@code
 * expiresAt} seen for a key, drop the entry after {@code expiresAt} plus a leeway. Order and
 * duplicates do not matter, and a record never deletes an entry.
 *
 * <p>Build one with {@link #builder(RevocationKind, String)} so that {@code cutoff} and {@code
 * expiresAt} come from {@link RevocationBounds}; the canonical constructor is for decoders and
 * checks the invariants only. Immutable and thread-safe.
 *
 * @param kind what is revoked
 * @param subject the id the key is made of: a {@code jti} or a grant id (UUIDs in canonical
 *     lowercase text), a client id or a user id (1 to {@value #MAX_ID_LENGTH} characters, no
 *     whitespace or control characters)
 * @param scope for {@link RevocationKind#CLIENT} and {@link RevocationKind#USER} only (always
 *     {@link RevocationScope#GRANTS} for a user); {@code null} otherwise
 * @param clientId the app concerned, when known; nullable; equal to {@code subject} for {@link
 *     RevocationKind#CLIENT}
 * @param userId the user concerned, when known; nullable; equal to {@code subject} for {@link
 *     RevocationKind#USER}
 * @param revokedAt when the revocation was recorded (database clock), epoch milliseconds UTC
 * @param cutoff for {@link RevocationKind#CLIENT} and {@link RevocationKind#USER} only: tokens with
 *     {@code iat * 1000 < cutoff} are refused; epoch milliseconds UTC, a whole second, after {@code
 *     revokedAt}; {@code null} otherwise
 * @param expiresAt when the entry may be forgotten, after {@code revokedAt} (and after {@code
 *     cutoff}), epoch milliseconds UTC
 * @param reason why, for audit and logs, e.g. {@code user_revoked}; free text up to {@value
 *     #MAX_TEXT_LENGTH} characters, not blank
 * @param actor who, e.g. {@code user:<id>}, {@code admin:<id>}, {@code client:<id>}, {@code
 *     service:grant-service}; not blank, up to {@value #MAX_ID_LENGTH} characters
 * @param sequence the position in revocation-service's ledger, from 1
 */
public record RevocationEvent(
        RevocationKind kind,
        String subject,
        RevocationScope scope,
        String clientId,
        String userId,
        long revokedAt,
        Long cutoff,
        long expiresAt,
        String reason,
        String actor,
        long sequence)
        implements FeedEvent {

    /** The longest subject, client id, user id or actor accepted. */
    public static final int MAX_ID_LENGTH = 255;

    /** The longest reason accepted. */
    public static final int MAX_TEXT_LENGTH = 1024;

    private static final Pattern CANONICAL_UUID =
            Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    /**
     * Checks every invariant of the contract.
     *
     * @throws NullPointerException if {@code kind}, {@code subject}, {@code reason} or {@code
     *     actor} is null
     * @throws IllegalArgumentException naming the field and the rule, if any other invariant is
     *     broken
     */
    public RevocationEvent {
        Objects.requireNonNull(kind, "RevocationEvent.kind must not be null");
        Objects.requireNonNull(subject, "RevocationEvent.subject must not be null");
        Objects.requireNonNull(reason, "RevocationEvent.reason must not be null");
        Objects.requireNonNull(actor, "RevocationEvent.actor must not be null");
        checkSubject(kind, subject);
        checkId("clientId", clientId);
        checkId("userId", userId);
        if (kind == RevocationKind.CLIENT && clientId != null && !clientId.equals(subject)) {
            throw invalid("clientId must equal subject for kind client (or be null)");
        }
        if (kind == RevocationKind.USER && userId != null && !userId.equals(subject)) {
            throw invalid("userId must equal subject for kind user (or be null)");
        }
        checkText("reason", reason, MAX_TEXT_LENGTH);
        checkText("actor", actor, MAX_ID_LENGTH);
        if (sequence < 1) {
            throw invalid("sequence must be >= 1 but is " + sequence);
        }
        if (revokedAt <= 0) {
            throw invalid("revokedAt must be positive epoch milliseconds but is " + revokedAt);
        }
        if (expiresAt <= revokedAt) {
            throw invalid(
                    "expiresAt (" + expiresAt + ") must be after revokedAt (" + revokedAt + ")");
        }
        checkScopeAndCutoff(kind, scope, cutoff, revokedAt, expiresAt);
    }

    /**
     * Starts a revocation of a subject; {@link Builder#build(RevocationBounds)} computes the
     * margins.
     *
     * @param kind what is revoked
     * @param subject the id the key is made of (see the record's {@code subject})
     * @return a new builder; not thread-safe
     */
    public static Builder builder(RevocationKind kind, String subject) {
        return new Builder(kind, subject);
    }

    /** The key entries are kept under, e.g. {@code grant:0f8c…}: {@code kind prefix + subject}. */
    @Override
    public String key() {
        return kind.key(subject);
    }

    /** {@link EventTypes#REVOCATION_CREATED_V1}. */
    @Override
    public String type() {
        return EventTypes.REVOCATION_CREATED_V1;
    }

    /** {@code revokedAt}. */
    @Override
    public long eventTime() {
        return revokedAt;
    }

    /** {@code true}: a reader that cannot apply a revocation must fail closed. */
    @Override
    public boolean mustUnderstand() {
        return true;
    }

    private static void checkSubject(RevocationKind kind, String subject) {
        if (kind.hasUuidSubject()) {
            if (!CANONICAL_UUID.matcher(subject).matches()) {
                throw invalid(
                        "subject must be a UUID in canonical lowercase text for kind "
                                + kind.jsonName()
                                + " but is '"
                                + subject
                                + "'");
            }
        } else {
            checkId("subject", subject);
        }
    }

    private static void checkId(String field, String value) {
        if (value == null) {
            return;
        }
        if (value.isEmpty() || value.length() > MAX_ID_LENGTH) {
            throw invalid(
                    field
                            + " must have 1 to "
                            + MAX_ID_LENGTH
                            + " characters but has "
                            + value.length());
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isWhitespace(c) || Character.isISOControl(c)) {
                throw invalid(field + " must not contain whitespace or control characters");
            }
        }
    }

    private static void checkText(String field, String value, int maxLength) {
        if (value.isBlank()) {
            throw invalid(field + " must not be blank");
        }
        if (value.length() > maxLength) {
            throw invalid(
                    field
                            + " must have at most "
                            + maxLength
                            + " characters but has "
                            + value.length());
        }
    }

    private static void checkScopeAndCutoff(
            RevocationKind kind,
            RevocationScope scope,
            Long cutoff,
            long revokedAt,
            long expiresAt) {
        if (!kind.isWide()) {
            if (scope != null) {
                throw invalid("scope must be null for kind " + kind.jsonName());
            }
            if (cutoff != null) {
                throw invalid("cutoff must be null for kind " + kind.jsonName());
            }
            return;
        }
        if (scope == null) {
            throw invalid("scope is required for kind " + kind.jsonName());
        }
        if (kind == RevocationKind.USER && scope != RevocationScope.GRANTS) {
            throw invalid("scope must be grants for kind user but is " + scope.jsonName());
        }
        if (cutoff == null) {
            throw invalid("cutoff is required for kind " + kind.jsonName());
        }
        if (cutoff % 1000 != 0) {
            throw invalid("cutoff must be a whole second but is " + cutoff);
        }
        if (cutoff <= revokedAt || cutoff >= expiresAt) {
            throw invalid(
                    "cutoff ("
                            + cutoff
                            + ") must be after revokedAt ("
                            + revokedAt
                            + ") and before expiresAt ("
                            + expiresAt
                            + ")");
        }
    }

    private static IllegalArgumentException invalid(String message) {
        return new IllegalArgumentException("RevocationEvent." + message);
    }

    /**
     * Collects the fields of a {@link RevocationEvent} and computes {@code cutoff} and {@code
     * expiresAt} from {@code revokedAt} and the {@link RevocationBounds}. Mutable and not
     * thread-safe; {@link #build(RevocationBounds)} may be called more than once.
     */
    public static final class Builder {
        private final RevocationKind kind;
        private final String subject;
        private RevocationScope scope;
        private String clientId;
        private String userId;
        private long revokedAt;
        private String reason;
        private String actor;
        private long sequence;

        private Builder(RevocationKind kind, String subject) {
            this.kind = Objects.requireNonNull(kind, "kind must not be null");
            this.subject = Objects.requireNonNull(subject, "subject must not be null");
            if (kind == RevocationKind.CLIENT) {
                this.clientId = subject;
            } else if (kind == RevocationKind.USER) {
                this.userId = subject;
                this.scope = RevocationScope.GRANTS;
            }
        }

        /** The scope of an app-wide revocation (a user revocation is always grants). */
        public Builder scope(RevocationScope scope) {
            this.scope = scope;
            return this;
        }

        /** The app concerned, when known (preset for kind client); nullable. */
        public Builder clientId(String clientId) {
            this.clientId = clientId;
            return this;
        }

        /** The user concerned, when known (preset for kind user); nullable. */
        public Builder userId(String userId) {
            this.userId = userId;
            return this;
        }

        /** When the revocation was recorded (the database's clock), epoch milliseconds UTC. */
        public Builder revokedAt(long revokedAt) {
            this.revokedAt = revokedAt;
            return this;
        }

        /** Why, e.g. {@code user_revoked}. */
        public Builder reason(String reason) {
            this.reason = reason;
            return this;
        }

        /** Who, e.g. {@code user:<id>}. */
        public Builder actor(String actor) {
            this.actor = actor;
            return this;
        }

        /** The ledger position, from 1. */
        public Builder sequence(long sequence) {
            this.sequence = sequence;
            return this;
        }

        /**
         * Builds the event with {@code expiresAt = bounds.expiresAt(revokedAt)} and, for app- and
         * user-wide kinds, {@code cutoff = bounds.cutoff(revokedAt)}.
         *
         * @throws NullPointerException if a required field was not set
         * @throws IllegalArgumentException if an invariant of {@link RevocationEvent} is broken
         */
        public RevocationEvent build(RevocationBounds bounds) {
            Objects.requireNonNull(bounds, "bounds must not be null");
            if (revokedAt <= 0) {
                throw new IllegalArgumentException(
                        "RevocationEvent.revokedAt must be positive epoch milliseconds but is "
                                + revokedAt);
            }
            Long cutoff = kind.isWide() ? bounds.cutoff(revokedAt) : null;
            return new RevocationEvent(
                    kind,
                    subject,
                    scope,
                    clientId,
                    userId,
                    revokedAt,
                    cutoff,
                    bounds.expiresAt(revokedAt),
                    reason,
                    actor,
                    sequence);
        }
    }
}
