package dev.grantwire.demo.oauth;

/** The token endpoint refused (an RFC 6749 §5.2 error) or could not be reached. */
public final class TokenEndpointException extends RuntimeException {

    private final String error;

    public TokenEndpointException(String error, String description) {
        super(error + (description == null ? "" : ": " + description));
        this.error = error;
    }

    /** The RFC 6749 error code, e.g. {@code invalid_grant}; {@code unreachable} when no answer. */
    public String error() {
        return error;
    }

    /** The grant (code or refresh token) is dead: revoked, expired or already used. */
    public boolean grantInvalid() {
        return "invalid_grant".equals(error);
    }
}
