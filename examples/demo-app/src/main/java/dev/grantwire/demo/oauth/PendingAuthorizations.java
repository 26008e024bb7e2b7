package dev.grantwire.demo.oauth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.nimbusds.oauth2.sdk.AuthorizationRequest;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;

/**
 * The authorization requests this app has sent and not yet seen answered, one per browser session:
 * the {@code state} it must get back (RFC 6749 §10.12, CSRF) and the PKCE code verifier (RFC 7636
 * §4.1) it proves the code with. Each is used once, and only within its lifetime; an abandoned one
 * is forgotten after it, and at most {@code maxPending} are held.
 *
 * <p>Thread-safe.
 */
public final class PendingAuthorizations {

    private record Pending(State state, CodeVerifier verifier, Instant expiresAt) {}

    private final Cache<String, Pending> pending;
    private final ConcurrentMap<String, Pending> bySession;
    private final Clock clock;
    private final Duration lifetime;

    public PendingAuthorizations(Clock clock, Duration lifetime, long maxPending) {
        this.clock = clock;
        this.lifetime = lifetime;
        this.pending =
                Caffeine.newBuilder()
                        .expireAfterWrite(lifetime)
                        .maximumSize(maxPending)
                        .ticker(() -> TimeUnit.MILLISECONDS.toNanos(clock.millis()))
                        .executor(Runnable::run)
                        .build();
        this.bySession = pending.asMap();
    }

    /**
     * Starts an authorization for a session (replacing one it had started) and returns where to
     * send the browser: the authorization endpoint with a fresh {@code state} and an S256 code
     * challenge (RFC 7636 §4.2).
     */
    public URI start(
            String sessionId,
            URI authorizationEndpoint,
            String clientId,
            URI redirectUri,
            String scope) {
        State state = new State();
        CodeVerifier verifier = new CodeVerifier();
        bySession.put(sessionId, new Pending(state, verifier, clock.instant().plus(lifetime)));
        URI uri =
                new AuthorizationRequest.Builder(ResponseType.CODE, new ClientID(clientId))
                        .endpointURI(authorizationEndpoint)
                        .redirectionURI(redirectUri)
                        .scope(Scope.parse(scope))
                        .state(state)
                        .codeChallenge(verifier, CodeChallengeMethod.S256)
                        .build()
                        .toURI();
        // The library form-encodes spaces as '+'; %20 means a space to every query decoder (a
        // literal '+' would have been encoded as %2B).
        return URI.create(uri.toString().replace("+", "%20"));
    }

    /**
     * Ends the session's pending authorization and returns its code verifier when {@code
     * returnedState} is the state it was sent with and it has not expired; empty otherwise (a
     * forged or replayed answer, or one for another browser). Either way the request is used up.
     */
    public Optional<CodeVerifier> finish(String sessionId, String returnedState) {
        Pending pending = sessionId == null ? null : bySession.remove(sessionId);
        if (pending == null || returnedState == null) {
            return Optional.empty();
        }
        boolean sameState =
                MessageDigest.isEqual(
                        pending.state().getValue().getBytes(StandardCharsets.US_ASCII),
                        returnedState.getBytes(StandardCharsets.US_ASCII));
        if (!sameState || clock.instant().isAfter(pending.expiresAt())) {
            return Optional.empty();
        }
        return Optional.of(pending.verifier());
    }

    /** How many authorizations are pending now (after expired ones are dropped). */
    public long size() {
        pending.cleanUp();
        return pending.estimatedSize();
    }
}
