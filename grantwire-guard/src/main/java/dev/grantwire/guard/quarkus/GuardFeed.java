package dev.grantwire.guard.quarkus;

import dev.grantwire.events.FeedHeartbeat;
import dev.grantwire.events.RevocationEvent;
import dev.grantwire.guard.FeedListener;
import dev.grantwire.guard.FeedReader;
import dev.grantwire.guard.FeedStatus;
import dev.grantwire.guard.FeedView;
import dev.grantwire.guard.GuardObserver;
import dev.grantwire.guard.RevocationTable;
import dev.grantwire.guard.StartPosition;
import io.quarkus.arc.properties.IfBuildProperty;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The guard's revocation feed in a Quarkus service: starts a {@link FeedReader} at start-up and
 * applies every revocation to one {@link RevocationTable}.
 *
 * <p>Also the {@link FeedView} the request filter consults (without allocating). Switched off at
 * build time with {@code grantwire.guard.enabled=false} (grant-service, a durable consumer, reads
 * the feed its own way).
 */
@ApplicationScoped
@IfBuildProperty(name = "grantwire.guard.enabled", stringValue = "true", enableIfMissing = true)
public class GuardFeed implements FeedListener, FeedView {

    /** Reading starts this much before the oldest revocation that could still matter. */
    private static final Duration START_MARGIN = Duration.ofMinutes(1);

    private static final Duration MAX_TOKEN_LIFETIME = Duration.ofMinutes(90);
    private static final Duration PURGE_EVERY = Duration.ofMinutes(1);

    private final RevocationTable table = new RevocationTable();
    private final GuardConfig config;
    private final String bootstrapServers;
    private final Clock clock = Clock.systemUTC();
    private final Instance<GuardObserver> observers;
    private GuardObserver observer = GuardObserver.NONE;
    private volatile FeedReader reader;
    private volatile long nextPurge;

    GuardFeed(
            GuardConfig config,
            @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers,
            Instance<GuardObserver> observers) {
        this.config = config;
        this.observers = observers;
        this.bootstrapServers = bootstrapServers;
    }

    void start(@Observes StartupEvent event) {
        if (observers.isResolvable()) {
            observer = observers.get();
        }
        // Every entry lives until revokedAt + 90 min + B + 2S: nothing older can refuse a token.
        Instant from =
                clock.instant()
                        .minus(MAX_TOKEN_LIFETIME)
                        .minus(config.staleness())
                        .minus(config.clockSkew().multipliedBy(2))
                        .minus(START_MARGIN);
        reader =
                readerOf(config, bootstrapServers)
                        .clientId(config.clientId())
                        .startAt(StartPosition.atTime(from))
                        .listener(this)
                        .build()
                        .start();
    }

    /**
     * A reader of the topic these settings name, with their broker settings ({@code
     * grantwire.guard.kafka.*}), producer source and clock skew: the one way a Quarkus service
     * reads the feed (grant-service's durable consumer too).
     */
    public static FeedReader.Builder readerOf(GuardConfig config, String bootstrapServers) {
        return FeedReader.builder(bootstrapServers, config.topic())
                .clientProperties(config.kafka())
                .producerSource(config.producerSource())
                .clockSkew(config.clockSkew());
    }

    void stop(@Observes ShutdownEvent event) {
        if (reader != null) {
            reader.close();
        }
    }

    @Override
    public void onRevocation(RevocationEvent revocation, long offset) {
        table.apply(revocation);
        observer.revocationApplied(clock.millis() - revocation.revokedAt());
    }

    @Override
    public void onHeartbeat(FeedHeartbeat heartbeat, long offset) {
        long now = clock.millis();
        if (now >= nextPurge) {
            // Entries are kept a leeway (S) past their expiresAt.
            table.purgeExpired(now - config.clockSkew().toMillis());
            nextPurge = now + PURGE_EVERY.toMillis();
        }
    }

    /** The revocations applied so far. */
    public RevocationTable table() {
        return table;
    }

    @Override
    public boolean caughtUp() {
        FeedReader current = reader;
        return current != null && current.caughtUp();
    }

    @Override
    public long watermark() {
        FeedReader current = reader;
        return current == null ? -1 : current.watermark();
    }

    @Override
    public boolean failedClosed() {
        FeedReader current = reader;
        return current != null && current.failedClosed();
    }

    /** The reader's {@link FeedReader#lag() lag} in records; -1 until known. */
    public long lag() {
        FeedReader current = reader;
        return current == null ? -1 : current.lag();
    }

    /** Heartbeats the reader ignored (another source, or a time in the future). */
    public long heartbeatsIgnored() {
        FeedReader current = reader;
        return current == null ? 0 : current.heartbeatsIgnored();
    }

    /**
     * This host's clock minus revocation-service's database clock in seconds ({@link
     * FeedReader#clockOffsetSeconds()}); NaN until measured.
     */
    public double clockOffsetSeconds() {
        FeedReader current = reader;
        return current == null ? Double.NaN : current.clockOffsetSeconds();
    }

    @Override
    public boolean clockBehindBeyondSkew() {
        FeedReader current = reader;
        return current != null && current.clockBehindBeyondSkew();
    }

    /** Whether that offset is beyond S ({@link FeedReader#clockSkewExceeded()}). */
    public boolean clockSkewExceeded() {
        FeedReader current = reader;
        return current != null && current.clockSkewExceeded();
    }

    /** Revocations applied whose source was not revocation-service's. */
    public long foreignRevocations() {
        FeedReader current = reader;
        return current == null ? 0 : current.foreignRevocations();
    }

    /** The feed's progress. */
    public FeedStatus status() {
        return reader == null ? new FeedStatus(false, -1, 0, -1, null) : reader.status();
    }
}
