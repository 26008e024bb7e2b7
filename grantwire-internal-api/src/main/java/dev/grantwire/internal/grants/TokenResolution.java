package dev.grantwire.internal.grants;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.UUID;

/**
 * Whether the app authenticated and what its token is. When {@code clientAuthenticated} is false,
 * {@code error}, {@code errorDescription} and {@code basicChallenge} say how the token endpoint
 * would have refused the client, and nothing is said about the token. {@code tokenType} is {@value
 * #ACCESS}, {@value #REFRESH} or {@value #UNKNOWN} (null when no token was given); {@code
 * expiresAt} is in epoch milliseconds.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record TokenResolution(
        boolean clientAuthenticated,
        String clientId,
        String error,
        String errorDescription,
        boolean basicChallenge,
        String tokenType,
        String tokenClientId,
        UUID grantId,
        String jti,
        UUID userId,
        Long expiresAt) {

    /** An access token of this issuer. */
    public static final String ACCESS = "access";

    /** A refresh token that grant-service holds. */
    public static final String REFRESH = "refresh";

    /** Anything else: revoking it again would change nothing. */
    public static final String UNKNOWN = "unknown";
}
