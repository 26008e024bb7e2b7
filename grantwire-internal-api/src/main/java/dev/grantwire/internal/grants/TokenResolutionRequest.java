package dev.grantwire.internal.grants;

/**
 * What an app presented at {@code /oauth2/revoke}: its client credentials as it sent them (the
 * {@code Authorization} header and the form's client parameters) and the token to resolve.
 */
public record TokenResolutionRequest(
        String authorization,
        String clientId,
        String clientSecret,
        String clientAssertionType,
        String clientAssertion,
        String token,
        String tokenTypeHint) {}
