package dev.grantwire.consent.client;

/**
 * revocation-service gave no usable answer. A kind of {@link GrantServiceUnavailableException}, so
 * the user sees the same "try again" page (503): nothing was revoked, or the revoke's outcome is
 * unknown and repeating it is safe (a grant revoked twice is recorded once).
 */
public class RevocationServiceUnavailableException extends GrantServiceUnavailableException {

    private static final long serialVersionUID = 1L;

    public RevocationServiceUnavailableException(String message) {
        super(message);
    }

    public RevocationServiceUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
