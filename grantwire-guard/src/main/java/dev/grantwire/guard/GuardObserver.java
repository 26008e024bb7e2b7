package dev.grantwire.guard;

/**
 * Receives what the guard does, for metrics. Every method has an empty default, so the plain core
 * needs no metrics library; the Quarkus integration binds it to Micrometer. Implementations must be
 * thread-safe and fast (they run on request threads and on the feed thread).
 */
public interface GuardObserver {

    /** An observer that records nothing. */
    GuardObserver NONE = new GuardObserver() {};

    /**
     * A revocation was applied to the table.
     *
     * @param latencyMillis from the event's {@code revokedAt} to now (may be negative under skew)
     */
    default void revocationApplied(long latencyMillis) {}

    /** A request was refused. */
    default void refused(Refusal refusal) {}
}
