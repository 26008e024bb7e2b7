package dev.grantwire.grant.persistence;

import dev.grantwire.grant.domain.Grant;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** The {@code authorization_grant} table. */
@ApplicationScoped
public class GrantRepository {

    private static final String COLUMNS =
            "grant_id, user_id, client_id, scopes, grant_type, status, created_at, updated_at,"
                    + " last_used_at, revoked_at";

    private final Jdbc jdbc;

    GrantRepository(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<Grant> find(UUID grantId) {
        return jdbc.one(
                "SELECT " + COLUMNS + " FROM authorization_grant WHERE grant_id = ?",
                GrantRepository::map,
                grantId);
    }

    /**
     * Locks the grant row until the end of the transaction: refresh, code exchange and applying a
     * revocation all take this lock, so none of them slips past another.
     */
    public Optional<Grant> lock(UUID grantId) {
        return jdbc.one(
                "SELECT " + COLUMNS + " FROM authorization_grant WHERE grant_id = ? FOR UPDATE",
                GrantRepository::map,
                grantId);
    }

    /**
     * Locks the active grant of a user for an app, creating it if there is none.
     *
     * <p>A revocation applied at the same moment can revoke the active grant between the insert
     * (which saw it and did nothing) and the locking select (which, after waiting for the
     * revocation to commit, no longer finds it active): then the insert is tried again and makes a
     * new grant.
     */
    public Grant lockOrCreateActive(
            UUID userId, String clientId, Collection<String> scopes, String type) {
        for (int attempt = 0; attempt < 3; attempt++) {
            jdbc.update(
                    "INSERT INTO authorization_grant"
                            + " (grant_id, user_id, client_id, scopes, grant_type, status)"
                            + " VALUES (?, ?, ?, ?, ?, 'active')"
                            + " ON CONFLICT (user_id, client_id) WHERE status = 'active' DO NOTHING",
                    UUID.randomUUID(),
                    userId,
                    clientId,
                    scopes,
                    type);
            Optional<Grant> active =
                    jdbc.one(
                            "SELECT "
                                    + COLUMNS
                                    + " FROM authorization_grant WHERE user_id = ? AND client_id = ?"
                                    + " AND status = 'active' FOR UPDATE",
                            GrantRepository::map,
                            userId,
                            clientId);
            if (active.isPresent()) {
                return active.get();
            }
        }
        throw new IllegalStateException(
                "the active grant of " + userId + " for " + clientId + " kept being revoked");
    }

    public void widen(UUID grantId, Collection<String> scopes) {
        jdbc.update(
                "UPDATE authorization_grant SET scopes = ?, updated_at = clock_timestamp()"
                        + " WHERE grant_id = ?",
                scopes,
                grantId);
    }

    public void touch(UUID grantId) {
        jdbc.update(
                "UPDATE authorization_grant SET last_used_at = clock_timestamp() WHERE grant_id = ?",
                grantId);
    }

    /** Revokes an active grant for good; false when it was not active. */
    public boolean revoke(UUID grantId, String reason) {
        return jdbc.update(
                        "UPDATE authorization_grant SET status = 'revoked', revoked_at = clock_timestamp(),"
                                + " revoked_reason = ?, updated_at = clock_timestamp()"
                                + " WHERE grant_id = ? AND status = 'active'",
                        reason,
                        grantId)
                == 1;
    }

    public List<Grant> ofUser(UUID userId) {
        return jdbc.list(
                "SELECT "
                        + COLUMNS
                        + " FROM authorization_grant WHERE user_id = ?"
                        + " ORDER BY created_at DESC",
                GrantRepository::map,
                userId);
    }

    private static Grant map(ResultSet row) throws SQLException {
        return new Grant(
                row.getObject("grant_id", UUID.class),
                row.getObject("user_id", UUID.class),
                row.getString("client_id"),
                Jdbc.strings(row, "scopes"),
                row.getString("grant_type"),
                row.getString("status"),
                Jdbc.instant(row, "created_at"),
                Jdbc.instant(row, "updated_at"),
                Jdbc.instant(row, "last_used_at"),
                Jdbc.instant(row, "revoked_at"));
    }

    /** Revokes every active grant of a user; returns how many. */
    public int revokeAllOfUser(UUID userId, String reason) {
        return jdbc.update(
                "UPDATE authorization_grant SET status = 'revoked', revoked_at = clock_timestamp(),"
                        + " revoked_reason = ?, updated_at = clock_timestamp()"
                        + " WHERE user_id = ? AND status = 'active'",
                reason,
                userId);
    }

    /** Revokes every active grant of an app; returns how many. */
    public int revokeAllOfClient(String clientId, String reason) {
        return jdbc.update(
                "UPDATE authorization_grant SET status = 'revoked', revoked_at = clock_timestamp(),"
                        + " revoked_reason = ?, updated_at = clock_timestamp()"
                        + " WHERE client_id = ? AND status = 'active'",
                reason,
                clientId);
    }

    /** Grants for an admin, optionally of one user and/or one app, newest first. */
    public List<Grant> search(UUID userId, String clientId, int limit) {
        return jdbc.list(
                "SELECT "
                        + COLUMNS
                        + " FROM authorization_grant"
                        + " WHERE (?::uuid IS NULL OR user_id = ?::uuid)"
                        + " AND (?::text IS NULL OR client_id = ?::text)"
                        + " ORDER BY created_at DESC LIMIT ?",
                GrantRepository::map,
                userId,
                userId,
                clientId,
                clientId,
                limit);
    }
}
