package dev.grantwire.guard;

import java.util.Objects;

/**
 * Thrown by {@link AccessGuard} and {@link TokenVerifier} when a request must be refused. Carries
 * no stack trace (refusals are ordinary outcomes, not bugs) and never the token itself, so its
 * message is safe to log and to return to the caller.
 */
public final class AccessRefusedException extends Exception {

    private static final long serialVersionUID = 1L;

    private final transient Refusal refusal;
    private final long retryAfterSeconds;

    /**
     * @param refusal why
     * @param description a short human explanation, safe to send to the caller
     * @param retryAfterSeconds for 503 refusals, when to try again; 0 otherwise
     */
    public AccessRefusedException(Refusal refusal, String description, long retryAfterSeconds) {
        super(description, null, false, false);
        this.refusal = Objects.requireNonNull(refusal, "refusal");
        this.retryAfterSeconds = retryAfterSeconds;
    }

    /** Why the request is refused. */
    public Refusal refusal() {
        return refusal;
    }

    /** For 503 refusals, the {@code Retry-After} in seconds; 0 otherwise. */
    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
