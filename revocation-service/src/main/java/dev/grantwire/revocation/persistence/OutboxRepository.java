package dev.grantwire.revocation.persistence;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The outbox: rows waiting for the broker's acknowledgement. Rows are claimed with a lease that
 * expires, never a permanent flag, so a crashed replica's rows are taken over.
 */
@ApplicationScoped
public class OutboxRepository {

    private static final String CLAIM =
            """
            UPDATE outbox
               SET lease_owner = ?,
                   lease_until = clock_timestamp() + ? * interval '1 millisecond',
                   attempts = attempts + 1
             WHERE sequence IN (SELECT sequence FROM outbox
                                 WHERE sent_at IS NULL
                                   AND (lease_until IS NULL OR lease_until < clock_timestamp())
                                 ORDER BY sequence
                                 LIMIT ?
                                 FOR UPDATE SKIP LOCKED)
            RETURNING sequence
            """;

    private final AgroalDataSource dataSource;

    OutboxRepository(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Writes the outbox row of a revocation, in the caller's transaction, leased by {@code owner}
     * (the after-commit send) for {@code lease}: the relay leaves it alone unless that send fails
     * (it releases the lease) or this replica dies (the lease expires).
     */
    public void insertLeased(
            Connection connection, long sequence, long revokedAt, String owner, Duration lease)
            throws SQLException {
        try (PreparedStatement insert =
                connection.prepareStatement(
                        "INSERT INTO outbox (sequence, revoked_at, lease_owner, lease_until,"
                                + " attempts) VALUES (?, ?, ?, clock_timestamp() + ? *"
                                + " interval '1 millisecond', 1)")) {
            insert.setLong(1, sequence);
            insert.setObject(2, LedgerRepository.time(revokedAt));
            insert.setString(3, owner);
            insert.setLong(4, lease.toMillis());
            insert.executeUpdate();
        }
    }

    /** Claims up to {@code limit} unsent rows whose lease is free or expired; their sequences. */
    public List<Long> claim(String owner, Duration lease, int limit) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement claim = connection.prepareStatement(CLAIM)) {
            claim.setString(1, owner);
            claim.setLong(2, lease.toMillis());
            claim.setInt(3, limit);
            List<Long> sequences = new ArrayList<>();
            try (ResultSet rows = claim.executeQuery()) {
                while (rows.next()) {
                    sequences.add(rows.getLong(1));
                }
            }
            sequences.sort(null);
            return sequences;
        } catch (SQLException e) {
            throw new IllegalStateException("could not claim outbox rows", e);
        }
    }

    /** Marks a row sent: call only once the broker has acknowledged its event. */
    public void markSent(long sequence) {
        update(
                "UPDATE outbox SET sent_at = clock_timestamp(), lease_owner = NULL,"
                        + " lease_until = NULL WHERE sequence = ? AND sent_at IS NULL",
                sequence,
                null);
    }

    /** Frees a lease this owner holds after a failed send, so the relay retries at once. */
    public void release(long sequence, String owner) {
        update(
                "UPDATE outbox SET lease_until = NULL WHERE sequence = ? AND lease_owner = ?"
                        + " AND sent_at IS NULL",
                sequence,
                owner);
    }

    /** Deletes sent rows older than the retention (the ledger keeps the revocations). */
    public int prune(Duration retention) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement delete =
                        connection.prepareStatement(
                                "DELETE FROM outbox WHERE sent_at IS NOT NULL AND sent_at <"
                                        + " clock_timestamp() - ? * interval '1 millisecond'")) {
            delete.setLong(1, retention.toMillis());
            return delete.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("could not prune the outbox", e);
        }
    }

    /** The rows waiting for an acknowledgement: how many, and the oldest one's revokedAt. */
    public Backlog backlog() {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement count =
                        connection.prepareStatement(
                                "SELECT count(*), min(revoked_at) FROM outbox WHERE sent_at IS"
                                        + " NULL");
                ResultSet row = count.executeQuery()) {
            row.next();
            java.sql.Timestamp oldest = row.getTimestamp(2);
            return new Backlog(
                    row.getLong(1),
                    oldest == null ? Optional.empty() : Optional.of(oldest.toInstant()));
        } catch (SQLException e) {
            throw new IllegalStateException("could not count the outbox backlog", e);
        }
    }

    /**
     * The unacknowledged rows: how many, and the revokedAt of the oldest (empty when none). The
     * oldest's age is how late the revocation topic is for that revocation.
     */
    public record Backlog(long rows, Optional<Instant> oldestRevokedAt) {}

    private void update(String sql, long sequence, String owner) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setLong(1, sequence);
            if (owner != null) {
                statement.setString(2, owner);
            }
            statement.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("could not update outbox row " + sequence, e);
        }
    }
}
