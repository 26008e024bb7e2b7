package dev.grantwire.consent.persistence;

import dev.grantwire.internal.grants.GrantView;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;

/**
 * The {@code user_revocation} table: revocations made here that grant-service may not have applied
 * yet, per user, or per app for an admin's revocation of every authorization of an app. Rows count
 * for {@code memory} after they were written and are deleted later.
 */
@ApplicationScoped
public class UserRevocationRepository {

    private final AgroalDataSource database;

    UserRevocationRepository(AgroalDataSource database) {
        this.database = database;
    }

    /** Remembers a revocation of the user's grant (or, with a null grant, of all of them). */
    public void record(UUID userId, UUID grantId, long sequence) {
        String sql = "INSERT INTO user_revocation (user_id, grant_id, sequence) VALUES (?, ?, ?)";
        try (Connection c = database.getConnection();
                PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, userId.toString());
            s.setObject(2, grantId);
            s.setLong(3, sequence);
            s.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot remember the revocation", e);
        }
    }

    /** Remembers an admin's revocation of every authorization of an app, whoever made them. */
    public void recordAppWide(String clientId, long sequence) {
        String sql = "INSERT INTO user_revocation (client_id, sequence) VALUES (?, ?)";
        try (Connection c = database.getConnection();
                PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, clientId);
            s.setLong(2, sequence);
            s.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot remember the revocation", e);
        }
    }

    /**
     * Whether a revocation made here within {@code memory} ended this grant of the user: the grant
     * itself, every grant of the user, or every grant of its app created until then. grant-service
     * may not have applied it yet.
     */
    public Predicate<GrantView> revokedHere(UUID userId, Duration memory) {
        Set<UUID> grants = recentlyRevokedGrants(userId, memory);
        Optional<Instant> userWide = latestUserWide(userId, memory);
        Map<String, Instant> appWide = latestAppWide(memory);
        return g ->
                grants.contains(g.grantId())
                        || createdUntil(g, userWide.orElse(null))
                        || createdUntil(g, appWide.get(g.clientId()));
    }

    private static boolean createdUntil(GrantView grant, Instant revokedAt) {
        return revokedAt != null
                && grant.createdAt() != null
                && !grant.createdAt().isAfter(revokedAt);
    }

    /** Each app whose every authorization was revoked here within {@code memory}: when, latest. */
    private Map<String, Instant> latestAppWide(Duration memory) {
        String sql =
                "SELECT client_id, max(created_at) FROM user_revocation WHERE client_id IS NOT NULL"
                        + " AND created_at > clock_timestamp() - ?::interval GROUP BY client_id";
        Map<String, Instant> apps = new HashMap<>();
        try (Connection c = database.getConnection();
                PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, memory.toSeconds() + " seconds");
            try (ResultSet rows = s.executeQuery()) {
                while (rows.next()) {
                    apps.put(rows.getString(1), rows.getTimestamp(2).toInstant());
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read revocations", e);
        }
        return apps;
    }

    /** The grants of the user revoked here within {@code memory}. */
    public Set<UUID> recentlyRevokedGrants(UUID userId, Duration memory) {
        String sql =
                "SELECT grant_id FROM user_revocation WHERE user_id = ? AND grant_id IS NOT NULL"
                        + " AND created_at > clock_timestamp() - ?::interval";
        Set<UUID> grants = new HashSet<>();
        try (Connection c = database.getConnection();
                PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, userId.toString());
            s.setString(2, memory.toSeconds() + " seconds");
            try (ResultSet rows = s.executeQuery()) {
                while (rows.next()) {
                    grants.add(rows.getObject(1, UUID.class));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read revocations", e);
        }
        return grants;
    }

    /**
     * When the latest revocation of every grant of the user was made here, within {@code memory}.
     */
    public Optional<Instant> latestUserWide(UUID userId, Duration memory) {
        String sql =
                "SELECT max(created_at) FROM user_revocation WHERE user_id = ? AND grant_id IS NULL"
                        + " AND created_at > clock_timestamp() - ?::interval";
        try (Connection c = database.getConnection();
                PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, userId.toString());
            s.setString(2, memory.toSeconds() + " seconds");
            try (ResultSet rows = s.executeQuery()) {
                rows.next();
                Timestamp at = rows.getTimestamp(1);
                return at == null ? Optional.empty() : Optional.of(at.toInstant());
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read revocations", e);
        }
    }

    /**
     * The latest sequence of a revocation made here within {@code memory} that may have ended a
     * grant of the user to the app: of the user's grants, or of every grant of the app.
     */
    public Optional<Long> latestSequence(UUID userId, String clientId, Duration memory) {
        String sql =
                "SELECT max(sequence) FROM user_revocation WHERE (user_id = ? OR client_id = ?)"
                        + " AND created_at > clock_timestamp() - ?::interval";
        try (Connection c = database.getConnection();
                PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, userId.toString());
            s.setString(2, clientId);
            s.setString(3, memory.toSeconds() + " seconds");
            try (ResultSet rows = s.executeQuery()) {
                rows.next();
                long max = rows.getLong(1);
                return rows.wasNull() ? Optional.empty() : Optional.of(max);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read revocations", e);
        }
    }

    /** Deletes rows older than {@code memory} plus an hour. */
    public int deleteOlderThan(Duration memory) {
        String sql =
                "DELETE FROM user_revocation WHERE created_at < clock_timestamp() - ?::interval"
                        + " - interval '1 hour'";
        try (Connection c = database.getConnection();
                PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, memory.toSeconds() + " seconds");
            return s.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot prune revocations", e);
        }
    }
}
