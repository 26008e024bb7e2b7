package dev.grantwire.testsupport.kafka;

import dev.grantwire.testsupport.Ports;
import dev.grantwire.testsupport.internal.Await;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Level;
import java.util.logging.Logger;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.utils.Time;

/**
 * A KRaft broker and controller running inside this JVM, for a service's own {@code @QuarkusTest}:
 * a real broker (real protocol, real consumer groups, real retention settings) that starts in about
 * two seconds.
 *
 * <p>It listens on free ports on 127.0.0.1 and stores its log under the directory given to {@link
 * #start(Path)}, which is wiped first so each start is a fresh cluster. Like every test broker it
 * takes only authenticated clients, with the ACLs of {@link KafkaAcls}; each start has new random
 * passwords, which {@link #access(KafkaUser)} hands out. Because it shares the JVM it cannot be
 * killed abruptly; fault tests use {@link KafkaProcess} instead.
 *
 * <p>Thread-safety: the methods may be called from any thread; {@link #close()} is idempotent.
 */
public final class InProcessKafka implements AutoCloseable {

    private static final List<String> BROKER_LOGGERS =
            List.of(
                    "kafka",
                    "state.change.logger",
                    "org.apache.kafka.server",
                    "org.apache.kafka.controller",
                    "org.apache.kafka.raft",
                    "org.apache.kafka.queue",
                    "org.apache.kafka.image",
                    "org.apache.kafka.metadata",
                    "org.apache.kafka.storage",
                    "org.apache.kafka.coordinator",
                    "org.apache.kafka.snapshot",
                    "org.apache.kafka.security",
                    "org.apache.kafka.network");

    /** JUL keeps loggers weakly; a collected logger would forget the level set here. */
    private static final List<Logger> QUIETED = new CopyOnWriteArrayList<>();

    private final KafkaRaftServer server;
    private final String bootstrapServers;
    private final KafkaCredentials credentials;
    private volatile boolean closed;

    private InProcessKafka(
            KafkaRaftServer server, String bootstrapServers, KafkaCredentials credentials) {
        this.server = server;
        this.bootstrapServers = bootstrapServers;
        this.credentials = credentials;
    }

    /**
     * Formats a fresh storage directory and starts a single-node cluster on free ports.
     *
     * @param logDir where the broker keeps its data; emptied first
     * @return a broker that already answers metadata requests
     */
    public static InProcessKafka start(Path logDir) {
        Path dir = logDir.toAbsolutePath();
        dev.grantwire.testsupport.internal.FileTrees.delete(dir);
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create " + dir, e);
        }
        int brokerPort = Ports.freePort();
        int controllerPort = Ports.freePort();
        KafkaCredentials credentials = KafkaCredentials.generate();
        String adminPassword = credentials.password(KafkaUser.ADMIN);
        Properties props =
                KraftProperties.of(dir.resolve("data"), brokerPort, controllerPort, adminPassword);
        format(dir, props, adminPassword);

        quietBrokerLoggers();
        KafkaRaftServer server = new KafkaRaftServer(KafkaConfig.fromProps(props), Time.SYSTEM);
        server.startup();
        InProcessKafka kafka = new InProcessKafka(server, "127.0.0.1:" + brokerPort, credentials);
        try {
            Await.until(
                    Duration.ofSeconds(60),
                    Duration.ofMillis(100),
                    () -> Topics.answers(kafka.access(KafkaUser.ADMIN)),
                    () -> "In-process Kafka did not answer on " + kafka.bootstrapServers);
            KafkaAcls.applyAndAwait(kafka.bootstrapServers, credentials);
        } catch (RuntimeException e) {
            kafka.close();
            throw e;
        }
        return kafka;
    }

    /**
     * The broker logs hundreds of INFO lines per start into the test's own output. Categories the
     * application under test has configured (a level is set) are left alone; Kafka's client
     * categories are never touched.
     */
    private static void quietBrokerLoggers() {
        for (String name : BROKER_LOGGERS) {
            Logger logger = Logger.getLogger(name);
            if (logger.getLevel() == null) {
                logger.setLevel(Level.WARNING);
            }
            QUIETED.add(logger);
        }
    }

    private static void format(Path dir, Properties props, String adminPassword) {
        Path config = dir.resolve("server.properties");
        try (OutputStream out = Files.newOutputStream(config)) {
            props.store(out, "Grantwire in-process Kafka");
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + config, e);
        }
        KraftStorage.format(config, adminPassword);
    }

    /** The {@code bootstrap.servers} value for clients, {@code 127.0.0.1:<port>}. */
    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** How {@code user} reaches this broker: its address and that user's credentials. */
    public KafkaAccess access(KafkaUser user) {
        return credentials.access(bootstrapServers, user);
    }

    /**
     * Creates a topic with one replica (as the admin) and returns once its metadata is visible.
     * Does nothing if the topic exists (its settings are then left as they are).
     */
    public void createTopic(String name, int partitions, Map<String, String> configs) {
        Topics.create(access(KafkaUser.ADMIN), name, partitions, configs);
    }

    /** Stops the broker and waits for its threads to end. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        server.shutdown();
        server.awaitShutdown();
    }
}
