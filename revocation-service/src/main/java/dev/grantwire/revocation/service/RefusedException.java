package dev.grantwire.revocation.service;

/**
 * A revoke request refused before anything was recorded (403 not an admin, 404 no such grant for
 * this user, 400 bad input), answered as {@code application/problem+json}.
 */
public class RefusedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int status;
    private final String title;

    public RefusedException(int status, String title, String detail) {
        super(detail, null, false, false);
        this.status = status;
        this.title = title;
    }

    public static RefusedException badRequest(String detail) {
        return new RefusedException(400, "Bad Request", detail);
    }

    public static RefusedException forbidden(String detail) {
        return new RefusedException(403, "Forbidden", detail);
    }

    public static RefusedException notFound(String detail) {
        return new RefusedException(404, "Not Found", detail);
    }

    public int status() {
        return status;
    }

    public String title() {
        return title;
    }
}
