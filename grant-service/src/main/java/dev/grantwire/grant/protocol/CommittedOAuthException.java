package dev.grantwire.grant.protocol;

/**
 * An OAuth error whose transaction must still commit: a replayed code or a reused refresh token
 * kills the grant (and queues its revocation command) and then answers {@code invalid_grant}.
 */
public class CommittedOAuthException extends OAuthException {

    public CommittedOAuthException(String description) {
        super("invalid_grant", description, 400, false);
    }
}
