package dev.grantwire.revocation.persistence;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.Optional;

/** Reads the feed's watermark from the database, with the database's clock. */
@ApplicationScoped
public class WatermarkRepository {

    /** PostgreSQL's SQLSTATE for lock_timeout expiry. */
    private static final String LOCK_NOT_AVAILABLE = "55P03";

    private static final String READ =
            """
            SELECT clock_timestamp() AS now,
                   (SELECT min(revoked_at) FROM outbox WHERE sent_at IS NULL) AS oldest_unsent,
                   (SELECT coalesce(max(sequence), 0) FROM revocation) AS latest_sequence
            """;

    /** W, the latest sequence, and the database time h at which both were taken (W &lt;= h). */
    public record Watermark(long watermarkMillis, long latestSequence, long takenAtMillis) {}

    private final AgroalDataSource dataSource;

    WatermarkRepository(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Takes the ledger lock exclusively and computes W = min(now, oldest unsent {@code revokedAt}).
     *
     * @return the watermark, or empty if in-flight revokes held the lock past {@code lockTimeout}
     *     (the beat is skipped: W only grows older, which is safe)
     */
    public Optional<Watermark> read(Duration lockTimeout) {
        // A local transaction, not JTA: a lock timeout aborts it, and the beat is simply skipped.
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                return read(connection, lockTimeout);
            } finally {
                connection.rollback();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not read the watermark", e);
        }
    }

    private static Optional<Watermark> read(Connection connection, Duration lockTimeout)
            throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("SET LOCAL lock_timeout = '" + lockTimeout.toMillis() + "ms'");
        }
        try (PreparedStatement lock =
                connection.prepareStatement("SELECT pg_advisory_xact_lock(?)")) {
            lock.setLong(1, LedgerLock.KEY);
            lock.execute();
        } catch (SQLException e) {
            if (LOCK_NOT_AVAILABLE.equals(e.getSQLState())) {
                return Optional.empty();
            }
            throw e;
        }
        try (Statement statement = connection.createStatement();
                ResultSet row = statement.executeQuery(READ)) {
            row.next();
            long now = row.getTimestamp("now").getTime();
            Timestamp oldest = row.getTimestamp("oldest_unsent");
            long watermark = oldest == null ? now : Math.min(now, oldest.getTime());
            return Optional.of(new Watermark(watermark, row.getLong("latest_sequence"), now));
        }
    }
}
