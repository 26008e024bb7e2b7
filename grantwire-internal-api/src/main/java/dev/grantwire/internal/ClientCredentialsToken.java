package dev.grantwire.internal;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * A service's own token from grant-service's token endpoint ({@link TokenEndpoint}), cached until
 * {@code renewal} before it expires: the one client-credentials token cache of Grantwire. The
 * secret is required only when a token is first needed, so a service without one still starts and
 * says why its calls fail. Thread-safe; at most one fetch at a time.
 */
public final class ClientCredentialsToken implements ServiceToken {

    private static final long DEFAULT_EXPIRES_IN = 60;

    private final InternalClient<TokenEndpoint> endpoint;
    private final String clientId;
    private final Supplier<Optional<String>> secret;
    private final String scope;
    private final Duration renewal;
    private final Clock clock;

    private String token;
    private Instant renewAt = Instant.MIN;

    /**
     * @param grantService grant-service's base URL, asked at the first fetch (a test's port may be
     *     known only once the server is bound)
     * @param secret the client secret, or empty when it is not configured
     * @param scope the space-separated scopes to ask for
     */
    public ClientCredentialsToken(
            Supplier<URI> grantService,
            Duration timeout,
            String clientId,
            Supplier<Optional<String>> secret,
            String scope,
            Duration renewal,
            Clock clock) {
        this.endpoint = InternalClient.anonymous(TokenEndpoint.class, grantService, timeout);
        this.clientId = clientId;
        this.secret = secret;
        this.scope = scope;
        this.renewal = renewal;
        this.clock = clock;
    }

    @Override
    public synchronized String get() {
        if (token == null || !clock.instant().isBefore(renewAt)) {
            fetch();
        }
        return token;
    }

    @Override
    public synchronized void forget() {
        token = null;
    }

    private void fetch() {
        String clientSecret =
                secret.get()
                        .orElseThrow(
                                () ->
                                        new InternalCallException(
                                                "no client secret is configured for " + clientId,
                                                0,
                                                null,
                                                null));
        String credentials =
                URLEncoder.encode(clientId, StandardCharsets.UTF_8)
                        + ":"
                        + URLEncoder.encode(clientSecret, StandardCharsets.UTF_8);
        String basic =
                "Basic "
                        + Base64.getEncoder()
                                .encodeToString(credentials.getBytes(StandardCharsets.UTF_8));
        Instant asked = clock.instant();
        TokenEndpoint.Answer answer =
                endpoint.call(api -> api.clientCredentials(basic, "client_credentials", scope));
        if (answer == null || answer.accessToken() == null || answer.accessToken().isEmpty()) {
            throw new InternalCallException(
                    "grant-service gave " + clientId + " no access_token", 0, null, null);
        }
        long expiresIn = answer.expiresIn() == null ? DEFAULT_EXPIRES_IN : answer.expiresIn();
        token = answer.accessToken();
        renewAt = asked.plusSeconds(Math.max(0, expiresIn - renewal.toSeconds()));
    }
}
