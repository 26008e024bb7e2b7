package dev.grantwire.consent.client;

/**
 * grant-service gave no usable answer (unreachable, timed out, refused consent-service's own
 * credentials, answered something unexpected). The user sees a "try again" page (503).
 */
public class GrantServiceUnavailableException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public GrantServiceUnavailableException(String message) {
        super(message);
    }

    public GrantServiceUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
