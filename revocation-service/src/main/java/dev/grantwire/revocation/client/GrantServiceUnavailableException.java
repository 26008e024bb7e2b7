package dev.grantwire.revocation.client;

/**
 * grant-service could not give an answer (unreachable, timed out, refused revocation-service's own
 * credentials, answered something unexpected). Nothing was recorded; the caller may retry.
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
