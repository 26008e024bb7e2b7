package dev.grantwire.consent.client;

/**
 * revocation-service refused a revoke (400 or 404 problem+json); nothing was recorded. {@link
 * #detail()} is its reason.
 */
public class RevocationRefusedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int status;
    private final String detail;

    public RevocationRefusedException(int status, String detail) {
        super("revocation-service refused the revoke (" + status + "): " + detail);
        this.status = status;
        this.detail = detail == null ? "" : detail;
    }

    public int status() {
        return status;
    }

    public String detail() {
        return detail;
    }
}
