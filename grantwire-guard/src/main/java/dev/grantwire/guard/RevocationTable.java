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
 * <p>Thread-safe: one feed thread applies while any number of request threads check. A check
 * allocates nothing.
 */
public final class RevocationTable {

    private final Map<UUID, Long> tokens = new ConcurrentHashMap<>();
    private final Map<UUID, Long> grants = new ConcurrentHashMap<>();
    private final Map<String, Cutoff> clients = new ConcurrentHashMap<>();
    private final Map<String, Cutoff> users = new ConcurrentHashMap<>();

    /** Why a token is refused, or {@link #NONE}. */
    public enum Verdict {
        NONE,
        TOKEN_REVOKED,
        GRANT_REVOKED,
        CLIENT_REVOKED,
        USER_REVOKED
    }

    /** An app- or user-wide entry: tokens issued before {@code cutoff} are refused. */
    private record Cutoff(long cutoff, long expiresAt) {
        Cutoff max(Cutoff other) {
            return new Cutoff(Math.max(cutoff, other.cutoff), Math.max(expiresAt, other.expiresAt));
        }
    }

    /** Applies one revocation; idempotent, and commutative with every other apply. */
    public void apply(RevocationEvent event) {
        switch (event.kind()) {
            case TOKEN ->
                    tokens.merge(UUID.fromString(event.subject()), event.expiresAt(), Math::max);
            case GRANT ->
                    grants.merge(UUID.fromString(event.subject()), event.expiresAt(), Math::max);
            case CLIENT ->
                    clients.merge(
                            event.subject(),
                            new Cutoff(event.cutoff(), event.expiresAt()),
                            Cutoff::max);
            case USER ->
                    users.merge(
                            event.subject(),
                            new Cutoff(event.cutoff(), event.expiresAt()),
                            Cutoff::max);
        }
    }

    /**
     * Checks one access token against every kind: four lookups, O(1).
     *
     * @param jti the token's {@code jti}
     * @param grantId the token's {@code grant_id}, or {@code null} for a token with no grant
     *     (client credentials)
     * @param clientId the token's {@code client_id}
     * @param userId the token's {@code sub} for a delegated token, or {@code null}
     * @param issuedAtMillis the token's {@code iat}, in epoch milliseconds
     * @return the first reason that refuses the token, or {@link Verdict#NONE}
     */
    public Verdict check(
            UUID jti, UUID grantId, String clientId, String userId, long issuedAtMillis) {
        if (tokens.containsKey(jti)) {
            return Verdict.TOKEN_REVOKED;
        }
        if (grantId != null && grants.containsKey(grantId)) {
            return Verdict.GRANT_REVOKED;
        }
        Cutoff client = clients.get(clientId);
        if (client != null && issuedAtMillis < client.cutoff()) {
            return Verdict.CLIENT_REVOKED;
        }
        Cutoff user = userId == null ? null : users.get(userId);
        if (user != null && issuedAtMillis < user.cutoff()) {
            return Verdict.USER_REVOKED;
        }
        return Verdict.NONE;
    }

    /** True if the grant is revoked (for callers that hold a grant id rather than a token). */
    public boolean isGrantRevoked(UUID grantId) {
        return grants.containsKey(grantId);
    }

    /**
     * Drops every entry whose {@code expiresAt} is before {@code nowMillis}: by then every token it
     * could match has expired (its {@code expiresAt} already includes the bounds B and 2S).
     *
     * @return how many entries were dropped
     */
    public int purgeExpired(long nowMillis) {
        int before = size();
        tokens.values().removeIf(expiresAt -> expiresAt < nowMillis);
        grants.values().removeIf(expiresAt -> expiresAt < nowMillis);
        clients.values().removeIf(entry -> entry.expiresAt() < nowMillis);
        users.values().removeIf(entry -> entry.expiresAt() < nowMillis);
        return before - size();
    }

    /** The number of entries held, all kinds together. */
    public int size() {
        return tokens.size() + grants.size() + clients.size() + users.size();
    }
}
