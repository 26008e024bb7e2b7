package dev.grantwire.guard;

import dev.grantwire.events.Decoded;
import dev.grantwire.events.FeedCodec;
import dev.grantwire.events.FeedDecodeException;
import dev.grantwire.events.FeedEvent;
import dev.grantwire.events.FeedHeartbeat;
import dev.grantwire.events.RevocationEvent;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
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
 * <p>Thread-safe: {@link #status()} may be called from any thread.
 */
public final class FeedReader implements FeedView, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(FeedReader.class);
    private static final Duration POLL = Duration.ofMillis(100);
    private static final Duration RETRY = Duration.ofMillis(500);

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final TopicPartition partition;
    private final StartPosition start;
    private final FeedListener listener;
    private final FeedCodec codec = new FeedCodec();
    private final Thread thread;

    private final AtomicLong eventsApplied = new AtomicLong();
    private volatile boolean running = true;
    private volatile boolean caughtUp;
    private volatile long watermark = -1;
    private volatile long position = -1;
    private volatile String failure;

    /**
     * Creates a reader; call {@link #start()} to begin.
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
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        // No group: assign() and our own positions. Auto commit needs a group, so it is off.
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        // Deliver each revocation as soon as it is appended, not in batches.
        config.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 50);
        config.put(ConsumerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 1000);
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        this.consumer = new KafkaConsumer<>(config);
        this.partition = new TopicPartition(topic, 0);
        this.start = start;
        this.listener = listener;
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
                ConsumerRecords<byte[], byte[]> records = consumer.poll(POLL);
                for (ConsumerRecord<byte[], byte[]> record : records) {
                    deliver(record);
                    if (failure != null) {
                        return;
                    }
                }
                position = consumer.position(partition);
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
        while (running) {
            try {
                FeedEvent event = decoded instanceof Decoded.Event known ? known.event() : null;
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
