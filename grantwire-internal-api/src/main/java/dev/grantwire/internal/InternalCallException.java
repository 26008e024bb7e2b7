package dev.grantwire.internal;

/**
 * An internal call that did not give the answer its interface promises: the callee answered with an
 * error status ({@link #status()}, with the problem's {@link #detail()}), or it could not be
 * reached or understood (status 0). The message names the callee and never carries a secret; it is
 * for logs, never for a page or an API answer.
 */
public class InternalCallException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int status;
    private final String detail;

    public InternalCallException(String message, int status, String detail, Throwable cause) {
        super(message, cause);
        this.status = status;
        this.detail = detail == null ? "" : detail;
    }

    /** The callee's HTTP status, or 0 when it gave no usable answer. */
    public int status() {
        return status;
    }

    /**
     * The problem's {@code detail} (or the RFC 6749 {@code error_description}), empty when none:
     * words the callee meant for its caller, safe to show.
     */
    public String detail() {
        return detail;
    }

    /** Whether the callee answered with this status. */
    public boolean is(int code) {
        return status == code;
    }

    /** Whether the call may succeed later: no answer, a 5xx, 401, 429. */
    public boolean transientFailure() {
        return status == 0 || status >= 500 || status == 401 || status == 429;
    }
}
