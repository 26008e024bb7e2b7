package dev.grantwire.internal;

/**
 * A service's own access token for another Grantwire service's internal API, cached by whoever
 * makes it. Implementations are thread-safe.
 */
public interface ServiceToken {

    /**
     * A token valid for a while yet, fetched or minted when the cached one is missing or about to
     * expire. May block (a fetch).
     *
     * @throws InternalCallException when no token can be had
     */
    String get();

    /** Drops the cached token (the callee refused it): the next {@link #get()} makes a new one. */
    void forget();
}
