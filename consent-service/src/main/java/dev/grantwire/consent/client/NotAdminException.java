package dev.grantwire.consent.client;

/**
 * A service refused an admin action because the acting user is not an admin (403): the user sees a
 * plain "admins only" page.
 */
public class NotAdminException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public NotAdminException() {
        super("the acting user is not an admin");
    }
}
