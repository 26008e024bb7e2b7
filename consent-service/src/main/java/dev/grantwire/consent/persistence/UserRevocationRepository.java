package dev.grantwire.consent.persistence;

import dev.grantwire.consent.client.GrantServiceModels.Grant;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;

/**
 * The {@code user_revocation} table: revocations made here that grant-service may not have applied
 * yet, per user. Rows count for {@code memory} after they were written and are deleted later.
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

    /**
     * Whether a revocation made here within {@code memory} ended this grant of the user: the grant
     * itself, or every grant of the user created until then. grant-service may not have applied it
     * yet.
     */
    public Predicate<Grant> revokedHere(UUID userId, Duration memory) {
        Set<UUID> grants = recentlyRevokedGrants(userId, memory);
        Optional<Instant> userWide = latestUserWide(userId, memory);
        return g ->
                grants.contains(g.grantId())
                        || (userWide.isPresent()
                                && g.createdAt() != null
                                && !g.createdAt().isAfter(userWide.get()));
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

    /** The latest sequence of a revocation of the user's grants within {@code memory}. */
    public Optional<Long> latestSequence(UUID userId, Duration memory) {
        String sql =
                "SELECT max(sequence) FROM user_revocation WHERE user_id = ?"
                        + " AND created_at > clock_timestamp() - ?::interval";
        try (Connection c = database.getConnection();
                PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, userId.toString());
            s.setString(2, memory.toSeconds() + " seconds");
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
