package dev.grantwire.guard;

import dev.grantwire.events.Decoded;
import dev.grantwire.events.FeedCodec;
import dev.grantwire.events.FeedDecodeException;
import dev.grantwire.events.FeedEvent;
import dev.grantwire.events.FeedHeartbeat;
import dev.grantwire.events.RevocationBounds;
import dev.grantwire.events.RevocationEvent;
import dev.grantwire.events.RevocationTopic;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the revocation topic with a plain consumer: {@code assign()} to its one partition, no
 * consumer group, no committed offsets, so every replica of every service sees every record.
 *
 * <p>The reader owns one daemon thread. It seeks to its {@link StartPosition} (retrying while the
 * broker is unreachable), remembers the end offset it saw then, and reports {@link
 * FeedStatus#caughtUp()} once it has read that far. Events go to a {@link FeedListener}; unknown
 * event types that need not be understood are skipped; one that must be understood stops the reader
 * in a failed-closed state (see the grantwire-events README).
 *
 * <p>It trusts the topic no more than its ACLs can make it. A heartbeat counts only when it comes
 * from the topic's writer ({@code ce_source} equal to the {@linkplain Builder#producerSource
 * producer source}) and claims no time more than S (the {@linkplain Builder#clockSkew clock skew})
 * after this host's clock: a forged watermark in the future would otherwise silence every staleness
 * check until a restart. Others are ignored, counted ({@link #heartbeatsIgnored()}) and logged. A
 * revocation is applied whatever its source, since dropping one would lose it; one from another
 * source is counted ({@link #foreignRevocations()}) and logged.
 *
 * <p>Build one with {@link #builder(String, String)}; credentials and any other consumer setting go
 * in {@link Builder#clientProperties(Map)}.
 *
 * <p>Thread-safe: {@link #status()} and the counters may be called from any thread.
 */
public final class FeedReader implements FeedView, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(FeedReader.class);
    private static final Duration POLL = Duration.ofMillis(100);
    private static final Duration RETRY = Duration.ofMillis(500);

    /** Settings the reader decides itself; {@link Builder#clientProperties} may not change them. */
    private static final Set<String> OWN_SETTINGS =
            Set.of(
                    ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                    ConsumerConfig.GROUP_ID_CONFIG,
                    ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                    ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
                    ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG);

    private static final Duration LOG_DISTRUST_EVERY = Duration.ofMinutes(1);

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final TopicPartition partition;
    private final StartPosition start;
    private final FeedListener listener;
    private final String producerSource;

    /** Heartbeats (one a second) the clock offset is the median of. */
    static final int OFFSET_SAMPLES = 5;

    /** Heartbeats measured before this host's clock may be flagged: no single one decides. */
    static final int OFFSET_QUORUM = 3;

    /**
     * What a live heartbeat's transit may add to the measured offset before this host counts as
     * ahead beyond S: tens of milliseconds from the heartbeat's commit to a caught-up reader, a
     * second with a busy broker or a collector's pause.
     */
    static final long TRANSIT_ALLOWANCE_MILLIS = 1_000;

    private final long clockSkewMillis;
    private final Clock clock;
    private final FeedCodec codec = new FeedCodec();
    private final Thread thread;

    private final AtomicLong eventsApplied = new AtomicLong();
    private final AtomicLong heartbeatsIgnored = new AtomicLong();

    /**
     * This host's clock minus each recent live heartbeat's {@code emittedAt} (the database clock of
     * revocation-service): the skew plus the heartbeat's transit. Only the reader thread writes.
     */
    private final long[] recentOffsets = new long[OFFSET_SAMPLES];

    private int offsetSamples;
    private volatile long clockOffset = Long.MIN_VALUE;
    private volatile boolean skewExceeded;
    private long nextSkewLog;
    private final AtomicLong foreignRevocations = new AtomicLong();
    private long nextDistrustLog;
    private volatile boolean running = true;
    private volatile boolean caughtUp;
    private volatile long watermark = -1;
    private volatile long position = -1;
    private volatile long lag = -1;
    private volatile String failure;

    /**
     * Creates a reader with no client settings of its own (a broker that takes anonymous clients)
     * and the default producer source and clock skew: the same as {@code builder(bootstrapServers,
     * topic).clientId(clientId).startAt(start).listener(listener).build()}. Call {@link #start()}
     * to begin.
     *
     * @param bootstrapServers the Kafka bootstrap servers
     * @param topic the revocation topic, normally {@code grantwire.revocations.v1}
     * @param clientId a name for the consumer in broker logs and metrics
     * @param start where to begin reading
     * @param listener receives the events, on the reader's thread
     */
    public FeedReader(
            String bootstrapServers,
            String topic,
            String clientId,
            StartPosition start,
            FeedListener listener) {
        this(builder(bootstrapServers, topic).clientId(clientId).startAt(start).listener(listener));
    }

    /**
     * A builder for a reader of {@code topic} (normally {@code grantwire.revocations.v1}) on the
     * broker at {@code bootstrapServers}.
     */
    public static Builder builder(String bootstrapServers, String topic) {
        return new Builder(bootstrapServers, topic);
    }

    private FeedReader(Builder builder) {
        this.start = Objects.requireNonNull(builder.start, "startAt(...) is required");
        this.listener = Objects.requireNonNull(builder.listener, "listener(...) is required");
        String clientId = builder.clientId;
        Properties config = new Properties();
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        // Deliver each revocation as soon as it is appended, not in batches.
        config.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 50);
        config.put(ConsumerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 1000);
        // Then the caller's: credentials, TLS, tuning.
        config.putAll(builder.clientProperties);
        // Then what only the reader decides (clientProperties refuses these keys).
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, builder.bootstrapServers);
        // No group: assign() and our own positions. Auto commit needs a group, so it is off.
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        this.consumer = new KafkaConsumer<>(config);
        this.partition = new TopicPartition(builder.topic, 0);
        this.producerSource = builder.producerSource;
        this.clockSkewMillis = builder.clockSkew.toMillis();
        this.clock = builder.clock;
        this.thread = new Thread(this::run, "grantwire-feed-" + clientId);
        this.thread.setDaemon(true);
    }

    /** Starts the reader's thread. */
    public FeedReader start() {
        thread.start();
        return this;
    }

    @Override
    public boolean caughtUp() {
        return caughtUp;
    }

    @Override
    public long watermark() {
        return watermark;
    }

    @Override
    public boolean failedClosed() {
        return failure != null;
    }

    /**
     * Records between the reader's position and the end of the partition, as of its last fetch; -1
     * until the first fetch. It grows when the reader falls behind the topic.
     */
    public long lag() {
        return lag;
    }

    /**
     * How far this host's clock is ahead of revocation-service's database clock (negative: behind),
     * as the feed's live heartbeats show it: the median of this host's time minus {@code emittedAt}
     * over the last {@value #OFFSET_SAMPLES} heartbeats of the producer read once caught up,
     * whether or not they were trusted (transit adds milliseconds; one late heartbeat, or one
     * forged with a time far off, does not move a median, and none is flagged before {@value
     * #OFFSET_QUORUM} were measured). In seconds; NaN until the first.
     */
    public double clockOffsetSeconds() {
        long offset = clockOffset;
        return offset == Long.MIN_VALUE ? Double.NaN : offset / 1000.0;
    }

    /**
     * Whether {@link #clockOffsetSeconds()} is beyond S either way (ahead, beyond S plus {@value
     * #TRANSIT_ALLOWANCE_MILLIS} ms for the heartbeat's transit): this host's expiry checks are off
     * by more than the margins allow for. Behind, every heartbeat claims the future and is ignored,
     * so the watermark ages and delegated tokens are refused once it is older than B; ahead, tokens
     * look expired early. Logged at WARN when it starts (and once a minute while it lasts) and at
     * INFO when it ends; a metric alerts on it.
     */
    public boolean clockSkewExceeded() {
        return skewExceeded;
    }

    @Override
    public boolean clockBehindBeyondSkew() {
        long offset = clockOffset;
        return offset != Long.MIN_VALUE && offset < -clockSkewMillis;
    }

    /** Heartbeats ignored so far: from another source, or claiming a time in the future. */
    public long heartbeatsIgnored() {
        return heartbeatsIgnored.get();
    }

    /** Revocations read (and applied) so far whose {@code ce_source} was not the producer's. */
    public long foreignRevocations() {
        return foreignRevocations.get();
    }

    /** The reader's progress right now. */
    public FeedStatus status() {
        return new FeedStatus(caughtUp, watermark, eventsApplied.get(), position, failure);
    }

    private void run() {
        try {
            consumer.assign(List.of(partition));
            long endAtStart = seekToStart();
            LOG.info(
                    "Reading {} from offset {} (end offset at start {})",
                    partition,
                    position,
                    endAtStart);
            while (running) {
                ConsumerRecords<byte[], byte[]> records;
                try {
                    records = consumer.poll(POLL);
                } catch (WakeupException e) {
                    throw e;
                } catch (KafkaException e) {
                    // Credentials refused after a reconnect, an ACL taken away: keep trying (the
                    // watermark ages meanwhile, so the staleness gate refuses in time).
                    LOG.warn("Cannot read {} ({}); retrying", partition, e.toString());
                    pause();
                    continue;
                }
                for (ConsumerRecord<byte[], byte[]> record : records) {
                    deliver(record);
                    if (failure != null) {
                        return;
                    }
                }
                position = consumer.position(partition);
                // From the last fetch's high watermark: no request to the broker.
                consumer.currentLag(partition).ifPresent(behind -> lag = behind);
                if (!caughtUp && position >= endAtStart) {
                    caughtUp = true;
                    LOG.info("Caught up with {} at offset {}", partition, position);
                }
            }
        } catch (WakeupException e) {
            if (running) {
                throw e;
            }
        } finally {
            consumer.close(Duration.ofSeconds(2));
        }
    }

    /** Seeks to the start position, retrying while the broker is down; returns the end offset. */
    private long seekToStart() {
        while (running) {
            try {
                long end = consumer.endOffsets(List.of(partition)).get(partition);
                long from =
                        start instanceof StartPosition.AtOffset at
                                ? at.offset()
                                : offsetAt((StartPosition.AtTime) start, end);
                consumer.seek(partition, from);
                position = from;
                return end;
            } catch (WakeupException e) {
                throw e;
            } catch (KafkaException e) {
                LOG.warn("Revocation feed not reachable yet ({}); retrying", e.toString());
                pause();
            }
        }
        throw new WakeupException();
    }

    private long offsetAt(StartPosition.AtTime at, long end) {
        OffsetAndTimestamp found =
                consumer.offsetsForTimes(Map.of(partition, at.time().toEpochMilli()))
                        .get(partition);
        return found == null ? end : found.offset();
    }

    /**
     * Decodes one record and hands it to the listener. A record that cannot be understood fails the
     * reader closed; a listener failure retries the same record, so none is ever skipped.
     */
    private void deliver(ConsumerRecord<byte[], byte[]> record) {
        Decoded decoded;
        try {
            decoded = codec.decode(headers(record), record.value());
        } catch (FeedDecodeException e) {
            failure = "offset " + record.offset() + ": " + e.getMessage();
            LOG.error("Revocation feed failed closed at {}", failure);
            return;
        }
        FeedEvent event = decoded instanceof Decoded.Event known ? known.event() : null;
        String source = decoded instanceof Decoded.Event known ? known.source() : null;
        if (event instanceof FeedHeartbeat heartbeat) {
            if (caughtUp && producerSource.equals(source)) {
                measureClock(heartbeat);
            }
            String distrust = distrust(heartbeat, source);
            if (distrust != null) {
                ignored(record.offset(), distrust);
                return;
            }
        } else if (event instanceof RevocationEvent && !producerSource.equals(source)) {
            long count = foreignRevocations.incrementAndGet();
            if (logNow()) {
                LOG.warn(
                        "Revocation at offset {} comes from source {}, not {}: applied (a"
                                + " revocation is never dropped), but someone other than"
                                + " revocation-service writes the topic ({} so far)",
                        record.offset(),
                        source,
                        producerSource,
                        count);
            }
        }
        while (running) {
            try {
                if (event instanceof RevocationEvent revocation) {
                    listener.onRevocation(revocation, record.offset());
                    eventsApplied.incrementAndGet();
                } else if (event instanceof FeedHeartbeat heartbeat) {
                    watermark = Math.max(watermark, heartbeat.watermark());
                    listener.onHeartbeat(heartbeat, record.offset());
                } else {
                    LOG.debug("Skipped offset {}: {}", record.offset(), decoded);
                }
                return;
            } catch (RuntimeException e) {
                LOG.error("Could not apply offset {}; retrying", record.offset(), e);
                pause();
            }
        }
    }

    /**
     * Updates the clock offset from a live heartbeat of the producer's, and says when it is off.
     */
    private void measureClock(FeedHeartbeat heartbeat) {
        long now = clock.millis();
        recentOffsets[offsetSamples++ % OFFSET_SAMPLES] = now - heartbeat.emittedAt();
        long[] recent = Arrays.copyOf(recentOffsets, Math.min(offsetSamples, OFFSET_SAMPLES));
        Arrays.sort(recent);
        long median = recent[recent.length / 2];
        clockOffset = median;
        // Transit only adds to the measure: ahead, allow it a margin; behind, none is needed.
        boolean exceeded =
                recent.length >= OFFSET_QUORUM
                        && (median > clockSkewMillis + TRANSIT_ALLOWANCE_MILLIS
                                || median < -clockSkewMillis);
        if (exceeded && (!skewExceeded || now >= nextSkewLog)) {
            nextSkewLog = now + 60_000;
            LOG.warn(
                    "This host's clock is {} ms {} revocation-service's database clock (measured"
                            + " on the revocation feed's heartbeats), more than S = {} ms: {}. Fix"
                            + " the host's time synchronization.",
                    Math.abs(median),
                    median > 0 ? "ahead of" : "behind",
                    clockSkewMillis,
                    median > 0
                            ? "tokens look expired here early, and once it is more than B every"
                                    + " delegated token is refused as stale"
                            : "delegated tokens are refused (503) until it is back within S, as"
                                    + " this host would accept them past their expiry");
        } else if (!exceeded && skewExceeded) {
            LOG.info(
                    "This host's clock is back within S = {} ms of revocation-service's database"
                            + " clock ({} ms)",
                    clockSkewMillis,
                    median);
        }
        skewExceeded = exceeded;
    }

    /** Why a heartbeat must not move the watermark, or null when it may. */
    private String distrust(FeedHeartbeat heartbeat, String source) {
        if (!producerSource.equals(source)) {
            return "it comes from source " + source + ", not " + producerSource;
        }
        long latest = clock.millis() + clockSkewMillis;
        if (heartbeat.emittedAt() > latest || heartbeat.watermark() > latest) {
            return "its emittedAt "
                    + Instant.ofEpochMilli(heartbeat.emittedAt())
                    + " (watermark "
                    + Instant.ofEpochMilli(heartbeat.watermark())
                    + ") is more than "
                    + clockSkewMillis
                    + " ms ahead of this host's clock";
        }
        return null;
    }

    /** Counts an ignored heartbeat and logs it (see {@link #logNow()}). */
    private void ignored(long offset, String why) {
        long count = heartbeatsIgnored.incrementAndGet();
        if (logNow()) {
            LOG.warn(
                    "Ignored the heartbeat at offset {}: {} ({} ignored so far)",
                    offset,
                    why,
                    count);
        }
    }

    /**
     * Whether a distrusted record is logged: the first, then at most one a minute, so that a forger
     * who floods the topic cannot flood the logs too (the counters count every one).
     */
    private boolean logNow() {
        long now = clock.millis();
        if (now < nextDistrustLog) {
            return false;
        }
        nextDistrustLog = now + LOG_DISTRUST_EVERY.toMillis();
        return true;
    }

    private static Map<String, String> headers(ConsumerRecord<byte[], byte[]> record) {
        Map<String, String> headers = new HashMap<>();
        for (Header header : record.headers()) {
            if (header.value() != null) {
                headers.put(header.key(), new String(header.value(), StandardCharsets.UTF_8));
            }
        }
        return headers;
    }

    private void pause() {
        try {
            Thread.sleep(RETRY.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    /** Settings of a {@link FeedReader}. Not thread-safe; build on one thread. */
    public static final class Builder {

        private final String bootstrapServers;
        private final String topic;
        private String clientId = "grantwire-guard";
        private StartPosition start;
        private FeedListener listener;
        private final Map<String, Object> clientProperties = new HashMap<>();
        private String producerSource = RevocationTopic.PRODUCER_SOURCE;
        private Duration clockSkew = RevocationBounds.DEFAULT_CLOCK_SKEW;
        private Clock clock = Clock.systemUTC();

        private Builder(String bootstrapServers, String topic) {
            this.bootstrapServers = Objects.requireNonNull(bootstrapServers, "bootstrapServers");
            this.topic = Objects.requireNonNull(topic, "topic");
        }

        /** A name for the consumer in broker logs and metrics; default {@code grantwire-guard}. */
        public Builder clientId(String clientId) {
            this.clientId = Objects.requireNonNull(clientId, "clientId");
            return this;
        }

        /** Where to begin reading; required. */
        public Builder startAt(StartPosition start) {
            this.start = Objects.requireNonNull(start, "start");
            return this;
        }

        /** Receives the events, on the reader's thread; required. */
        public Builder listener(FeedListener listener) {
            this.listener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /**
         * Kafka consumer settings added to the reader's own, for the broker's security: e.g. {@code
         * security.protocol=SASL_SSL}, {@code sasl.mechanism=SCRAM-SHA-512}, {@code
         * sasl.jaas.config}, {@code ssl.truststore.location}. They may also tune the consumer
         * ({@code fetch.max.wait.ms}, {@code client.rack} ...). Called again, it adds to (and
         * replaces keys of) what was given before.
         *
         * @throws IllegalArgumentException for a setting the reader decides itself: {@code
         *     bootstrap.servers} (given to {@link FeedReader#builder}), {@code group.id} (the
         *     reader uses no group: every replica must see every record), {@code
         *     enable.auto.commit} and the deserializers
         */
        public Builder clientProperties(Map<String, ?> properties) {
            for (Map.Entry<String, ?> setting : properties.entrySet()) {
                if (OWN_SETTINGS.contains(setting.getKey())) {
                    throw new IllegalArgumentException(
                            "The revocation feed reader sets "
                                    + setting.getKey()
                                    + " itself; leave it out of its client properties");
                }
                clientProperties.put(setting.getKey(), setting.getValue());
            }
            return this;
        }

        /**
         * The {@code ce_source} of the topic's one writer; default {@value
         * RevocationTopic#PRODUCER_SOURCE}. Heartbeats from any other source are ignored.
         */
        public Builder producerSource(String producerSource) {
            if (producerSource == null || producerSource.isBlank()) {
                throw new IllegalArgumentException("producerSource must not be blank");
            }
            this.producerSource = producerSource;
            return this;
        }

        /**
         * S, the clock skew allowed between hosts; default 5 s. A heartbeat whose {@code emittedAt}
         * or watermark lies more than S after this host's clock is ignored.
         */
        public Builder clockSkew(Duration clockSkew) {
            if (clockSkew.isNegative()) {
                throw new IllegalArgumentException("clockSkew must not be negative");
            }
            this.clockSkew = clockSkew;
            return this;
        }

        /** The clock heartbeats are compared with; default the system clock (tests set another). */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** A reader with these settings; call {@link FeedReader#start()} to begin. */
        public FeedReader build() {
            return new FeedReader(this);
        }
    }

    /** Stops the thread and closes the consumer; waits a few seconds for it. */
    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            thread.join(Duration.ofSeconds(5).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
