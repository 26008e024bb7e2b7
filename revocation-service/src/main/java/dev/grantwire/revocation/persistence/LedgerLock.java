package dev.grantwire.revocation.persistence;

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
}
