package dev.grantwire.grant.protocol;

/**
 * An OAuth error response, <a href="https://www.rfc-editor.org/rfc/rfc6749#section-5.2">RFC 6749
 * section 5.2</a> (and RFC 7591 section 3.2.2 for registration). Throwing it rolls back the
 * transaction; see {@link CommittedOAuthException} for errors whose side effects must stay.
 */
public class OAuthException extends RuntimeException {

    private final String error;
    private final int status;
    private final boolean basicChallenge;
    private long retryAfterSeconds;

    public OAuthException(String error, String description, int status, boolean basicChallenge) {
        super(description, null, false, false);
        this.error = error;
        this.status = status;
        this.basicChallenge = basicChallenge;
    }

    public static OAuthException invalidRequest(String description) {
        return new OAuthException("invalid_request", description, 400, false);
    }

    /** 401; with a {@code WWW-Authenticate: Basic} challenge when the client tried basic auth. */
    public static OAuthException invalidClient(String description, boolean basic) {
        return new OAuthException("invalid_client", description, 401, basic);
    }

    public static OAuthException invalidGrant(String description) {
        return new OAuthException("invalid_grant", description, 400, false);
    }

    public static OAuthException unauthorizedClient(String description) {
        return new OAuthException("unauthorized_client", description, 400, false);
    }

    public static OAuthException unsupportedGrantType(String description) {
        return new OAuthException("unsupported_grant_type", description, 400, false);
    }

    /** 503: the answer would be a token that is refused anyway; retry after that many seconds. */
    public static OAuthException temporarilyUnavailable(
            String description, long retryAfterSeconds) {
        OAuthException exception =
                new OAuthException("temporarily_unavailable", description, 503, false);
        exception.retryAfterSeconds = retryAfterSeconds;
        return exception;
    }

    /**
     * 429: the caller (its client id or its address) is over its rate limit; retry after that many
     * seconds. The error code is RFC 6749's {@code temporarily_unavailable}, so a client that knows
     * no other retries.
     */
    public static OAuthException tooManyRequests(long retryAfterSeconds) {
        OAuthException exception =
                new OAuthException(
                        "temporarily_unavailable",
                        "too many requests; retry after " + retryAfterSeconds + " s",
                        429,
                        false);
        exception.retryAfterSeconds = retryAfterSeconds;
        return exception;
    }

    public static OAuthException invalidScope(String description) {
        return new OAuthException("invalid_scope", description, 400, false);
    }

    public String error() {
        return error;
    }

    public int status() {
        return status;
    }

    /** Seconds for a {@code Retry-After} header, 0 for none. */
    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }

    public boolean basicChallenge() {
        return basicChallenge;
    }
}
