package dev.grantwire.demo.oauth;

import java.time.Instant;

/**
 * What the token endpoint answered: an access token, the refresh token (null without {@code
 * offline_access}) and when the access token expires.
 */
public record Tokens(String accessToken, String refreshToken, Instant expiresAt) {

    /**
     * Whether the access token is expired, or will be within {@code marginSeconds}, at {@code now}.
     */
    public boolean expiresBefore(Instant now, long marginSeconds) {
        return !now.plusSeconds(marginSeconds).isBefore(expiresAt);
    }
}
