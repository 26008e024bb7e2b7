package dev.grantwire.guard;

import dev.grantwire.events.RevocationEvent;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The revocations a resource service must remember, one entry per key, applied as a maximum.
 *
 * <p>Applying is a max (the latest {@code cutoff} and {@code expiresAt} seen per key win), so the
 * order in which events arrive and duplicates do not matter: two replicas, a retried send and the
 * outbox relay may all deliver the same revocation and nothing changes. A record never deletes an
 * entry; only {@link #purgeExpired(long)} does, once every token the entry could match has expired.
 *
 * <p>Token ids, grant ids and user ids are UUIDs and live in primitive open-addressing tables (two
 * longs a key, no {@code UUID} or {@code String} objects). Client ids are strings, in a concurrent
 * hash map; a user id that is not a UUID (never issued by Grantwire, but accepted by the event
 * contract) goes to a second map so that it is still honoured.
 *
 * <p>Thread-safe: one feed thread applies while any number of request threads check. {@link
 * #check(VerifiedToken)} allocates nothing.
 */
public final class RevocationTable {

    private static final long ANY_ISSUED_AT = Long.MAX_VALUE;

    private final UuidTable tokens = new UuidTable();
    private final UuidTable grants = new UuidTable();
    private final UuidTable users = new UuidTable();
    private final Map<String, Cutoff> clients = new ConcurrentHashMap<>();
    private final Map<String, Cutoff> otherUsers = new ConcurrentHashMap<>();

    /** Why a token is refused, or {@link #NONE}. */
    public enum Verdict {
        /** Not revoked. */
        NONE,
        /** Its {@code jti} is revoked. */
        TOKEN_REVOKED,
        /** Its grant is revoked (any {@code iat}). */
        GRANT_REVOKED,
        /** Its app is revoked and it was issued before the cutoff. */
        CLIENT_REVOKED,
        /** Its user is revoked and it was issued before the cutoff. */
        USER_REVOKED
    }

    /** An app- or user-wide entry kept by string: tokens issued before {@code cutoff} refused. */
    private record Cutoff(long cutoff, long expiresAt) {
        Cutoff max(Cutoff other) {
            return new Cutoff(Math.max(cutoff, other.cutoff), Math.max(expiresAt, other.expiresAt));
        }
    }

    /** Applies one revocation; idempotent, and commutative with every other apply. */
    public void apply(RevocationEvent event) {
        switch (event.kind()) {
            case TOKEN -> put(tokens, event.subject(), ANY_ISSUED_AT, event.expiresAt());
            case GRANT -> put(grants, event.subject(), ANY_ISSUED_AT, event.expiresAt());
            case CLIENT ->
                    clients.merge(
                            event.subject(),
                            new Cutoff(event.cutoff(), event.expiresAt()),
                            Cutoff::max);
            case USER -> {
                UUID user = uuidOrNull(event.subject());
                if (user != null) {
                    users.put(
                            user.getMostSignificantBits(),
                            user.getLeastSignificantBits(),
                            event.cutoff(),
                            event.expiresAt());
                } else {
                    otherUsers.merge(
                            event.subject(),
                            new Cutoff(event.cutoff(), event.expiresAt()),
                            Cutoff::max);
                }
            }
            default -> throw new IllegalArgumentException("Unknown kind " + event.kind());
        }
    }

    /**
     * Checks a verified token against every kind: four O(1) lookups, no allocation.
     *
     * @param token a verified token (its ids are pre-split into longs)
     * @return the first reason that refuses the token, or {@link Verdict#NONE}
     */
    public Verdict check(VerifiedToken token) {
        long issuedAt = token.issuedAtMillis();
        if (refuses(tokens, token.jtiHi, token.jtiLo, issuedAt)) {
            return Verdict.TOKEN_REVOKED;
        }
        if (token.hasGrant && refuses(grants, token.grantHi, token.grantLo, issuedAt)) {
            return Verdict.GRANT_REVOKED;
        }
        Cutoff client = clients.get(token.clientId());
        if (client != null && issuedAt < client.cutoff()) {
            return Verdict.CLIENT_REVOKED;
        }
        if (token.subjectIsUuid) {
            if (refuses(users, token.subjectHi, token.subjectLo, issuedAt)) {
                return Verdict.USER_REVOKED;
            }
        } else if (!otherUsers.isEmpty()) {
            Cutoff user = otherUsers.get(token.subject());
            if (user != null && issuedAt < user.cutoff()) {
                return Verdict.USER_REVOKED;
            }
        }
        return Verdict.NONE;
    }

    /**
     * Checks one access token given by its claims (for callers without a {@link VerifiedToken};
     * parses nothing, but the user id lookup may allocate when it is not a UUID).
     *
     * @param jti the token's {@code jti}
     * @param grantId the token's {@code grant_id}, or {@code null} (client credentials)
     * @param clientId the token's {@code client_id}
     * @param userId the token's {@code sub}, or {@code null}
     * @param issuedAtMillis the token's {@code iat}, in epoch milliseconds
     * @return the first reason that refuses the token, or {@link Verdict#NONE}
     */
    public Verdict check(
            UUID jti, UUID grantId, String clientId, String userId, long issuedAtMillis) {
        if (refuses(
                tokens,
                jti.getMostSignificantBits(),
                jti.getLeastSignificantBits(),
                issuedAtMillis)) {
            return Verdict.TOKEN_REVOKED;
        }
        if (grantId != null && isGrantRevoked(grantId)) {
            return Verdict.GRANT_REVOKED;
        }
        Cutoff client = clientId == null ? null : clients.get(clientId);
        if (client != null && issuedAtMillis < client.cutoff()) {
            return Verdict.CLIENT_REVOKED;
        }
        if (userId != null) {
            UUID user = uuidOrNull(userId);
            if (user != null) {
                if (refuses(
                        users,
                        user.getMostSignificantBits(),
                        user.getLeastSignificantBits(),
                        issuedAtMillis)) {
                    return Verdict.USER_REVOKED;
                }
            } else {
                Cutoff other = otherUsers.get(userId);
                if (other != null && issuedAtMillis < other.cutoff()) {
                    return Verdict.USER_REVOKED;
                }
            }
        }
        return Verdict.NONE;
    }

    /** True if the grant is revoked (for callers that hold a grant id rather than a token). */
    public boolean isGrantRevoked(UUID grantId) {
        return grants.cutoff(grantId.getMostSignificantBits(), grantId.getLeastSignificantBits())
                != UuidTable.ABSENT;
    }

    /**
     * Drops every entry whose {@code expiresAt} is before {@code nowMillis}: by then every token it
     * could match has expired (its {@code expiresAt} already includes the bounds B and 2S). Pass
     * {@code now - leeway} to keep entries a leeway longer.
     *
     * @return how many entries were dropped
     */
    public int purgeExpired(long nowMillis) {
        int dropped = tokens.purge(nowMillis) + grants.purge(nowMillis) + users.purge(nowMillis);
        int before = clients.size() + otherUsers.size();
        clients.values().removeIf(entry -> entry.expiresAt() < nowMillis);
        otherUsers.values().removeIf(entry -> entry.expiresAt() < nowMillis);
        return dropped + before - clients.size() - otherUsers.size();
    }

    /** The number of entries held, all kinds together. */
    public int size() {
        return tokens.size() + grants.size() + users.size() + clients.size() + otherUsers.size();
    }

    private static boolean refuses(UuidTable table, long hi, long lo, long issuedAtMillis) {
        long cutoff = table.cutoff(hi, lo);
        return cutoff != UuidTable.ABSENT && issuedAtMillis < cutoff;
    }

    private static void put(UuidTable table, String subject, long cutoff, long expiresAt) {
        UUID id = UUID.fromString(subject);
        table.put(id.getMostSignificantBits(), id.getLeastSignificantBits(), cutoff, expiresAt);
    }

    static UUID uuidOrNull(String value) {
        if (value == null || value.length() != 36) {
            return null;
        }
        try {
            return UUID.fromString(value);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
