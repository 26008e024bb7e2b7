package dev.grantwire.demo.session;

import dev.grantwire.demo.oauth.Tokens;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * One browser's state in this app, kept on the server (the browser holds only a random id in an
 * HttpOnly cookie): its tokens, and what the page should say.
 *
 * <p>Thread-safe: callers that read and then change the tokens hold the session's lock.
 */
public final class DemoSession {

    /** Where this browser stands with Grantwire. */
    public enum Status {
        NOT_CONNECTED,
        CONNECTED,
        /** The user (or an admin) revoked the authorization: the tokens stopped working. */
        REVOKED,
        /** The user answered Cancel on the approval page, or the request was refused. */
        DENIED
    }

    private final String id;
    private final String csrfToken;
    private Status status = Status.NOT_CONNECTED;
    private Tokens tokens;
    private String error;

    DemoSession(String id, String csrfToken) {
        this.id = id;
        this.csrfToken = csrfToken;
    }

    public String id() {
        return id;
    }

    /** The token the page's forms carry: a post from another site cannot know it. */
    public String csrfToken() {
        return csrfToken;
    }

    /** Whether a form's token is this session's (compared in constant time). */
    public boolean csrfMatches(String token) {
        return token != null
                && MessageDigest.isEqual(
                        csrfToken.getBytes(StandardCharsets.US_ASCII),
                        token.getBytes(StandardCharsets.US_ASCII));
    }

    public synchronized Status status() {
        return status;
    }

    public synchronized Tokens tokens() {
        return tokens;
    }

    /** The OAuth error of the last answer (e.g. {@code access_denied}), or null. */
    public synchronized String error() {
        return error;
    }

    public synchronized void connected(Tokens tokens) {
        this.tokens = tokens;
        this.status = Status.CONNECTED;
        this.error = null;
    }

    /** Forgets the tokens: they were refused for good. */
    public synchronized void revoked() {
        this.tokens = null;
        this.status = Status.REVOKED;
    }

    public synchronized void denied(String error) {
        this.tokens = null;
        this.status = Status.DENIED;
        this.error = error;
    }
}
