package dev.grantwire.guard;

import java.util.concurrent.locks.StampedLock;

/**
 * An open-addressing hash table keyed by a UUID held as two longs, with a cutoff and an expiry per
 * key. One array, four longs a slot ({@code hi, lo, cutoff, expiresAt}); a slot is empty when its
 * {@code expiresAt} is 0 (every revocation expires after the epoch). Linear probing, load factor at
 * most one half, rebuilt on growth and on purge (so there are no tombstones).
 *
 * <p>One writer at a time (writes take the write lock); readers use an optimistic read of the
 * {@link StampedLock} and fall back to a read lock only when a write overlapped, so a lookup never
 * allocates and almost never blocks.
 */
final class UuidTable {

    static final long ABSENT = Long.MIN_VALUE;
    private static final int STRIDE = 4;
    private static final int MIN_SLOTS = 16;

    private final StampedLock lock = new StampedLock();
    private long[] slots = new long[MIN_SLOTS * STRIDE];
    private int size;

    /** Applies as a max: the later cutoff and the later expiry win. */
    void put(long hi, long lo, long cutoff, long expiresAt) {
        if (expiresAt <= 0) {
            throw new IllegalArgumentException("expiresAt must be positive but is " + expiresAt);
        }
        long stamp = lock.writeLock();
        try {
            if ((size + 1) * 2 > slots.length / STRIDE) {
                slots = rehash(slots, slots.length / STRIDE * 2, Long.MIN_VALUE);
            }
            if (insert(slots, hi, lo, cutoff, expiresAt)) {
                size++;
            }
        } finally {
            lock.unlockWrite(stamp);
        }
    }

    /** The cutoff held for the key, or {@link #ABSENT}. Allocates nothing. */
    long cutoff(long hi, long lo) {
        long stamp = lock.tryOptimisticRead();
        long found = lookup(hi, lo);
        if (lock.validate(stamp)) {
            return found;
        }
        stamp = lock.readLock();
        try {
            return lookup(hi, lo);
        } finally {
            lock.unlockRead(stamp);
        }
    }

    /** The expiry held for the key, or {@link #ABSENT} (for tests and diagnostics). */
    long expiresAt(long hi, long lo) {
        long stamp = lock.readLock();
        try {
            int at = indexOf(slots, hi, lo);
            return at < 0 ? ABSENT : slots[at + 3];
        } finally {
            lock.unlockRead(stamp);
        }
    }

    /** Drops every entry with {@code expiresAt < nowMillis}; returns how many were dropped. */
    int purge(long nowMillis) {
        long stamp = lock.writeLock();
        try {
            int live = 0;
            for (int i = 0; i < slots.length; i += STRIDE) {
                if (slots[i + 3] != 0 && slots[i + 3] >= nowMillis) {
                    live++;
                }
            }
            int dropped = size - live;
            if (dropped > 0) {
                int capacity = MIN_SLOTS;
                while (capacity < live * 2 + 2) {
                    capacity *= 2;
                }
                slots = rehash(slots, capacity, nowMillis);
                size = live;
            }
            return dropped;
        } finally {
            lock.unlockWrite(stamp);
        }
    }

    int size() {
        long stamp = lock.readLock();
        try {
            return size;
        } finally {
            lock.unlockRead(stamp);
        }
    }

    /** The number of slots (for tests of growth). */
    int capacity() {
        long stamp = lock.readLock();
        try {
            return slots.length / STRIDE;
        } finally {
            lock.unlockRead(stamp);
        }
    }

    private long lookup(long hi, long lo) {
        long[] table = slots;
        int count = table.length / STRIDE;
        int mask = count - 1;
        int slot = hash(hi, lo) & mask;
        // Bounded, so an inconsistent view under an optimistic read cannot loop forever.
        for (int probes = 0; probes < count; probes++) {
            int at = slot * STRIDE;
            long expiresAt = table[at + 3];
            if (expiresAt == 0) {
                return ABSENT;
            }
            if (table[at] == hi && table[at + 1] == lo) {
                return table[at + 2];
            }
            slot = (slot + 1) & mask;
        }
        return ABSENT;
    }

    private static int indexOf(long[] table, long hi, long lo) {
        int count = table.length / STRIDE;
        int mask = count - 1;
        int slot = hash(hi, lo) & mask;
        for (int probes = 0; probes < count; probes++) {
            int at = slot * STRIDE;
            if (table[at + 3] == 0) {
                return -1;
            }
            if (table[at] == hi && table[at + 1] == lo) {
                return at;
            }
            slot = (slot + 1) & mask;
        }
        return -1;
    }

    /** Inserts or merges as a max; true if a new key took an empty slot. */
    private static boolean insert(long[] table, long hi, long lo, long cutoff, long expiresAt) {
        int mask = table.length / STRIDE - 1;
        int slot = hash(hi, lo) & mask;
        while (true) {
            int at = slot * STRIDE;
            if (table[at + 3] == 0) {
                table[at] = hi;
                table[at + 1] = lo;
                table[at + 2] = cutoff;
                table[at + 3] = expiresAt;
                return true;
            }
            if (table[at] == hi && table[at + 1] == lo) {
                table[at + 2] = Math.max(table[at + 2], cutoff);
                table[at + 3] = Math.max(table[at + 3], expiresAt);
                return false;
            }
            slot = (slot + 1) & mask;
        }
    }

    private static long[] rehash(long[] from, int capacity, long keepFrom) {
        long[] to = new long[capacity * STRIDE];
        for (int i = 0; i < from.length; i += STRIDE) {
            long expiresAt = from[i + 3];
            if (expiresAt != 0 && expiresAt >= keepFrom) {
                insert(to, from[i], from[i + 1], from[i + 2], expiresAt);
            }
        }
        return to;
    }

    private static int hash(long hi, long lo) {
        long h = hi * 0x9E3779B97F4A7C15L ^ lo;
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        return (int) h;
    }
}
