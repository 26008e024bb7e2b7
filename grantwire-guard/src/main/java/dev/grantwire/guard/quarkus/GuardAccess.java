package dev.grantwire.guard.quarkus;

import dev.grantwire.guard.AccessGuard;
import dev.grantwire.guard.GuardObserver;
import dev.grantwire.guard.JwksKeySource;
import dev.grantwire.guard.TokenVerifier;
import io.quarkus.arc.properties.IfBuildProperty;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Builds the {@link AccessGuard} of a Quarkus service from {@link GuardConfig} at start-up, and
 * refuses to start on a configuration that would weaken it: an {@code exp} leeway larger than S, or
 * an issuer without an audience. With no issuer configured there are no token checks (services that
 * embed the guard only for its revocation table, such as consent-service).
 */
@ApplicationScoped
@IfBuildProperty(name = "grantwire.guard.enabled", stringValue = "true", enableIfMissing = true)
public class GuardAccess {

    private static final Logger LOG = Logger.getLogger(GuardAccess.class);

    private final GuardConfig config;
    private final GuardFeed feed;
    private final Instance<GuardObserver> observers;
    private volatile AccessGuard guard;
    private JwksKeySource keys;

    GuardAccess(GuardConfig config, GuardFeed feed, Instance<GuardObserver> observers) {
        this.config = config;
        this.feed = feed;
        this.observers = observers;
    }

    void start(@Observes StartupEvent event) {
        Duration leeway = config.expLeeway().orElse(config.clockSkew());
        // Throws, and so stops the start, on a leeway larger than S.
        TokenVerifier.checkLeeway(leeway, config.clockSkew());
        if (config.issuer().isEmpty()) {
            LOG.info("grantwire.guard.issuer is not set: no access token checks in this service");
            return;
        }
        String issuer = config.issuer().get();
        List<String> audience =
                config.audience()
                        .orElseThrow(
                                () ->
                                        new IllegalStateException(
                                                "grantwire.guard.audience is required when"
                                                        + " grantwire.guard.issuer is set"));
        URI jwks = URI.create(config.jwksUrl().orElse(stripSlash(issuer) + "/oauth2/jwks"));
        keys =
                new JwksKeySource(
                                jwks,
                                config.jwksRefresh(),
                                config.jwksMinRefetch(),
                                System::currentTimeMillis)
                        .start();
        GuardObserver observer = observers.isResolvable() ? observers.get() : GuardObserver.NONE;
        guard =
                new AccessGuard(
                        new TokenVerifier(issuer, audience, leeway, config.clockSkew(), keys),
                        keys,
                        feed.table(),
                        feed,
                        config.staleness(),
                        config.clockSkew(),
                        config.cacheSize(),
                        observer);
        LOG.infof(
                "Access tokens of %s for %s are checked (keys from %s, B=%s, S=%s, paths %s)",
                issuer, audience, jwks, config.staleness(), config.clockSkew(), protectedPaths());
    }

    void stop(@Observes ShutdownEvent event) {
        if (keys != null) {
            keys.close();
        }
    }

    /** The guard, or {@code null} when no issuer is configured. */
    public AccessGuard guard() {
        return guard;
    }

    /** The path prefixes that need a token. */
    public List<String> protectedPaths() {
        return config.protectedPaths();
    }

    private static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
