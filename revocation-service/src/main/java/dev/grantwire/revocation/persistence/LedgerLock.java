package dev.grantwire.revocation.persistence;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;

/**
 * The PostgreSQL advisory lock that orders revokes against the watermark.
 *
 * <p>Every revoke transaction takes it shared before it reads {@code clock_timestamp()} for {@code
 * revokedAt}; the heartbeat takes it exclusively. So once the heartbeat holds it, every revocation
 * with an earlier {@code revokedAt} has committed (and is sent or waiting in the outbox), and every
 * later one will get a later {@code revokedAt}: the watermark it computes is sound.
 */
public final class LedgerLock {

    /** The lock key: ASCII "gw-revoc" as a 64-bit number, unlikely to collide with anyone's. */
    public static final long KEY = 0x67772d7265766f63L;

    private LedgerLock() {}

    /**
     * Takes the lock shared for the rest of the connection's transaction, then reads {@code
     * revokedAt}: {@code clock_timestamp()} truncated to the millisecond, the precision events
     * carry. In that order, or the heartbeat could publish a watermark past a revocation that has
     * not committed yet.
     */
    public static long lockSharedAndReadRevokedAt(Connection connection) throws SQLException {
        try (PreparedStatement lock =
                connection.prepareStatement("SELECT pg_advisory_xact_lock_shared(?)")) {
            lock.setLong(1, KEY);
            lock.execute();
        }
        try (PreparedStatement now =
                        connection.prepareStatement(
                                "SELECT date_trunc('milliseconds', clock_timestamp())");
                ResultSet row = now.executeQuery()) {
            row.next();
            return row.getObject(1, OffsetDateTime.class).toInstant().toEpochMilli();
        }
    }
}
