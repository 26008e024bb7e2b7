package dev.grantwire.consent.protocol;

/**
 * An error the authorization endpoint returns to the app (<a
 * href="https://www.rfc-editor.org/rfc/rfc6749#section-4.1.2.1">RFC 6749 section 4.1.2.1</a>).
 *
 * @param error the error code, e.g. {@code invalid_request}
 * @param description plain words for the app's developer
 */
public record AuthorizationError(String error, String description) {

    public static AuthorizationError invalidRequest(String description) {
        return new AuthorizationError("invalid_request", description);
    }

    public static AuthorizationError invalidScope(String description) {
        return new AuthorizationError("invalid_scope", description);
    }

    public static AuthorizationError accessDenied(String description) {
        return new AuthorizationError("access_denied", description);
    }
}
