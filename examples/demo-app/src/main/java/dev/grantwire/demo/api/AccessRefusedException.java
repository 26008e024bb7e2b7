package dev.grantwire.demo.api;

/**
 * The API refused the access token (RFC 6750 §3.1 {@code invalid_token}): it expired, or the user's
 * authorization was revoked.
 */
public final class AccessRefusedException extends RuntimeException {

    public AccessRefusedException(String detail) {
        super(detail);
    }
}
