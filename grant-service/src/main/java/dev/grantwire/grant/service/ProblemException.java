package dev.grantwire.grant.service;

/** A refused request outside the OAuth endpoints, answered as {@code application/problem+json}. */
public class ProblemException extends RuntimeException {

    private final int status;
    private final String title;

    public ProblemException(int status, String title, String detail) {
        super(detail, null, false, false);
        this.status = status;
        this.title = title;
    }

    public static ProblemException badRequest(String detail) {
        return new ProblemException(400, "Bad Request", detail);
    }

    /**
     * Refuses a JSON list holding {@code null} (e.g. {@code ["a", null]}) with a 400 naming the
     * field, instead of failing later.
     */
    public static void requireNoNullElements(String field, java.util.Collection<?> values) {
        if (hasNullElement(values)) {
            throw badRequest(field + " must not contain null");
        }
    }

    /** Whether a list (null counts as empty) holds a {@code null} element. */
    public static boolean hasNullElement(java.util.Collection<?> values) {
        return values != null && values.stream().anyMatch(java.util.Objects::isNull);
    }

    public static ProblemException notFound(String detail) {
        return new ProblemException(404, "Not Found", detail);
    }

    public int status() {
        return status;
    }

    public String title() {
        return title;
    }
}
