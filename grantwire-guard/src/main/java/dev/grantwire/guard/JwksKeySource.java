package dev.grantwire.guard;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.interfaces.RSAPublicKey;
import java.text.ParseException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The issuer's signing keys, from its JWKS (RFC 7517), by {@code kid}.
 *
 * <p>The set is fetched periodically (every {@code refreshEvery}, once {@link #start()} is called)
 * and on a {@code kid} it does not know, at most once every {@code minRefetch}, so a flood of
 * tokens with made-up key ids cannot turn into a flood of requests to the issuer. Each successful
 * fetch replaces the whole set: a key that is no longer published is dropped, and tokens it signed
 * are refused from then on. A failed fetch keeps the keys held (an issuer outage must not refuse
 * every token). Only RSA signing keys with a {@code kid} are kept.
 *
 * <p>Thread-safe. {@link #isPublished(String)} allocates nothing.
 */
public final class JwksKeySource implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(JwksKeySource.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final URI jwksUrl;
    private final Duration refreshEvery;
    private final long minRefetchMillis;
    private final LongSupplier clock;
    private final HttpClient http;
    private volatile Map<String, RSAPublicKey> keys = Map.of();
    private volatile long lastAttempt = Long.MIN_VALUE / 2;
    private ScheduledExecutorService scheduler;

    /**
     * @param jwksUrl where the issuer publishes its keys, e.g. {@code
     *     http://127.0.0.1:8081/oauth2/jwks}
     * @param refreshEvery how often {@link #start()}ed refreshes run
     * @param minRefetch the least time between two fetches caused by unknown key ids
     * @param clock epoch milliseconds (tests pass their own)
     */
    public JwksKeySource(
            URI jwksUrl, Duration refreshEvery, Duration minRefetch, LongSupplier clock) {
        this.jwksUrl = Objects.requireNonNull(jwksUrl, "jwksUrl");
        this.refreshEvery = Objects.requireNonNull(refreshEvery, "refreshEvery");
        this.minRefetchMillis = minRefetch.toMillis();
        this.clock = Objects.requireNonNull(clock, "clock");
        this.http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    }

    /** Starts the periodic refresh on a daemon thread (the first fetch runs at once). */
    public synchronized JwksKeySource start() {
        if (scheduler == null) {
            scheduler =
                    Executors.newSingleThreadScheduledExecutor(
                            runnable -> {
                                Thread thread = new Thread(runnable, "grantwire-jwks");
                                thread.setDaemon(true);
                                return thread;
                            });
            scheduler.scheduleWithFixedDelay(
                    this::refresh, 0, refreshEvery.toMillis(), TimeUnit.MILLISECONDS);
        }
        return this;
    }

    /**
     * The key with that id; fetches the set again first if the id is unknown and the last fetch is
     * at least {@code minRefetch} old.
     *
     * @return the key, or {@code null} if the issuer does not publish it
     */
    public RSAPublicKey key(String kid) {
        RSAPublicKey key = keys.get(kid);
        if (key != null) {
            return key;
        }
        synchronized (this) {
            key = keys.get(kid);
            if (key == null && clock.getAsLong() - lastAttempt >= minRefetchMillis) {
                refresh();
                key = keys.get(kid);
            }
        }
        return key;
    }

    /** True if the issuer still publishes the key (as of the last successful fetch). */
    public boolean isPublished(String kid) {
        return keys.containsKey(kid);
    }

    /** The key ids held now. */
    public java.util.Set<String> keyIds() {
        return keys.keySet();
    }

    /**
     * Fetches the set now and replaces the keys held.
     *
     * @return true if the fetch succeeded
     */
    public synchronized boolean refresh() {
        lastAttempt = clock.getAsLong();
        try {
            HttpResponse<String> response =
                    http.send(
                            HttpRequest.newBuilder(jwksUrl)
                                    .timeout(TIMEOUT)
                                    .header("Accept", "application/jwk-set+json, application/json")
                                    .GET()
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                LOG.warn(
                        "JWKS {} answered {}; keeping {} keys",
                        jwksUrl,
                        response.statusCode(),
                        keys.size());
                return false;
            }
            keys = rsaSigningKeys(JWKSet.parse(response.body()));
            return true;
        } catch (IOException | ParseException | JOSEException e) {
            LOG.warn(
                    "Cannot fetch JWKS {} ({}); keeping {} keys",
                    jwksUrl,
                    e.toString(),
                    keys.size());
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static Map<String, RSAPublicKey> rsaSigningKeys(JWKSet set) throws JOSEException {
        Map<String, RSAPublicKey> found = new HashMap<>();
        for (JWK jwk : set.getKeys()) {
            if (jwk instanceof RSAKey rsa
                    && jwk.getKeyID() != null
                    && (jwk.getKeyUse() == null || KeyUse.SIGNATURE.equals(jwk.getKeyUse()))) {
                found.put(jwk.getKeyID(), rsa.toRSAPublicKey());
            }
        }
        return Map.copyOf(found);
    }

    /** Stops the periodic refresh. */
    @Override
    public synchronized void close() {
        if (scheduler != null) {
            scheduler.shutdownNow();
            scheduler = null;
        }
    }
}
