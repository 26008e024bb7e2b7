package dev.grantwire.guard;

/** Why the guard refuses a request, with the HTTP status and the RFC 6750 error code it maps to. */
public enum Refusal {
    /** No bearer token (RFC 6750 section 3.1: 401 with no error code). */
    MISSING_TOKEN(401, null, "missing"),
    /** Malformed, bad signature, unknown key, wrong issuer, audience or type. */
    INVALID_TOKEN(401, "invalid_token", "invalid"),
    /** {@code exp} passed (beyond the leeway). */
    EXPIRED_TOKEN(401, "invalid_token", "expired"),
    /** The token, its grant, its app or its user is revoked. */
    REVOKED_TOKEN(401, "invalid_token", "revoked"),
    /** The token lacks a scope the endpoint needs (403). */
    INSUFFICIENT_SCOPE(403, "insufficient_scope", "insufficient_scope"),
    /** The guard has not yet read the revocation feed to its end at start (503). */
    NOT_READY(503, null, "not_ready"),
    /**
     * The feed's watermark is older than B (or the feed failed closed): delegated tokens are
     * refused until it is fresh again (503).
     */
    STALE_FEED(503, null, "stale");

    private final int status;
    private final String errorCode;
    private final String metricName;

    Refusal(int status, String errorCode, String metricName) {
        this.status = status;
        this.errorCode = errorCode;
        this.metricName = metricName;
    }

    /** The HTTP status: 401, 403 or 503. */
    public int status() {
        return status;
    }

    /** The RFC 6750 {@code error} for {@code WWW-Authenticate}, or {@code null} for none. */
    public String errorCode() {
        return errorCode;
    }

    /** The value of the {@code reason} tag on the refusal metric, e.g. {@code revoked}. */
    public String metricName() {
        return metricName;
    }
}
