package dev.grantwire.testsupport.kafka;

import dev.grantwire.testsupport.PortTakenException;
import dev.grantwire.testsupport.Ports;
import dev.grantwire.testsupport.internal.Await;
import dev.grantwire.testsupport.internal.ChildProcesses;
import dev.grantwire.testsupport.kafka.child.ConsoleLoggingProvider;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.StringJoiner;

/**
 * A single-node KRaft broker run as a child JVM, so a fault test can kill it with SIGKILL and start
 * it again on the same port with the same data; the local stack uses it as its long-lived broker.
 *
 * <p>Everything lives in the data directory given to {@link #start(Path, int)}: {@code
 * server.properties}, the log ({@code kafka-logs/}), the ports chosen at the first start ({@code
 * grantwire-kafka.properties}), the users' passwords ({@code
 * grantwire-kafka-credentials.properties}, readable by its owner only) and the broker's output
 * ({@code kafka.log}). Storage is formatted only when the directory has never been formatted, so a
 * restart, or a new {@code start} on the same directory, keeps every record. A directory formatted
 * before the broker took credentials (it has a log but no credentials file) is formatted anew: its
 * admin could not be created later.
 *
 * <p>Clients must authenticate (see {@link KraftProperties}); {@link #access(KafkaUser)} gives each
 * user's credentials, and every start applies {@link KafkaAcls}.
 *
 * <p>The child runs {@code kafka.Kafka} with this JVM's class path ({@code java.class.path}, which
 * under surefire is a manifest-only booter jar that lists the real entries), unless the system
 * property {@value #CLASSPATH_PROPERTY} gives another. Its heap is capped at 512 MiB. A JVM
 * shutdown hook stops the child if this JVM exits without {@link #close()}.
 *
 * <p>Thread-safety: all methods are synchronized; {@link #close()} is idempotent.
 */
public final class KafkaProcess implements AutoCloseable {

    /** System property: the class path for the broker JVM, if {@code java.class.path} won't do. */
    public static final String CLASSPATH_PROPERTY = "grantwire.kafka.classpath";

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(90);
    private static final Duration STOP_GRACE = Duration.ofSeconds(20);
    private static final String PORTS_FILE = "grantwire-kafka.properties";
    private static final String CREDENTIALS_FILE = "grantwire-kafka-credentials.properties";

    private final Path dataDir;
    private final int port;
    private final int controllerPort;
    private final int proxiedPort;
    private final int proxyPort;
    private final KafkaCredentials credentials;
    private final Thread shutdownHook;
    private Process process;
    private boolean closed;

    private KafkaProcess(
            Path dataDir,
            int port,
            int controllerPort,
            int proxiedPort,
            int proxyPort,
            KafkaCredentials credentials) {
        this.dataDir = dataDir;
        this.port = port;
        this.controllerPort = controllerPort;
        this.proxiedPort = proxiedPort;
        this.proxyPort = proxyPort;
        this.credentials = credentials;
        this.shutdownHook = ChildProcesses.onJvmExit("kafka-" + port, this::stopOnJvmExit);
    }

    /**
     * Starts a broker on 127.0.0.1 and waits until it answers an admin {@code describeCluster}.
     *
     * @param dataDir the broker's directory; created if missing, reused (data kept) if present
     * @param port the client port; 0 picks a free one now, kept for every {@link #restart()}
     * @throws PortTakenException if {@code port} or the directory's controller port is in use
     */
    public static synchronized KafkaProcess start(Path dataDir, int port) {
        Path dir = dataDir.toAbsolutePath();
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create " + dir, e);
        }
        if (isFormatted(dir) && !KafkaCredentials.storedIn(dir.resolve(CREDENTIALS_FILE))) {
            System.err.println(
                    "Kafka data in "
                            + dir
                            + " predates broker authentication; formatting it anew (the"
                            + " revocations stay in revocation-service's ledger)");
            dev.grantwire.testsupport.internal.FileTrees.delete(dir.resolve("kafka-logs"));
        }
        KafkaCredentials credentials = KafkaCredentials.loadOrCreate(dir.resolve(CREDENTIALS_FILE));
        String adminPassword = credentials.password(KafkaUser.ADMIN);
        Properties saved = readPorts(dir);
        int brokerPort = port != 0 ? port : Ports.freePort();
        // The controller endpoint is recorded in the formatted metadata log, so a formatted
        // directory keeps the controller port it was formatted with.
        int controllerPort =
                isFormatted(dir) && saved.containsKey("controller.port")
                        ? Integer.parseInt(saved.getProperty("controller.port"))
                        : Ports.freePort();
        Ports.requireFree(brokerPort, "the Kafka port setting");
        Ports.requireFree(controllerPort, "another Kafka data directory (controller port)");
        writePorts(dir, brokerPort, controllerPort);

        // A second listener, advertised where a test may put a fault-injecting proxy in front of
        // it (proxiedBootstrapServers()); unused otherwise.
        int proxiedPort = Ports.freePort();
        int proxyPort = Ports.freePort();
        Properties props =
                KraftProperties.of(
                        dir.resolve("kafka-logs"),
                        brokerPort,
                        controllerPort,
                        adminPassword,
                        proxiedPort,
                        proxyPort);
        writeServerProperties(dir, props);
        if (!isFormatted(dir)) {
            KraftStorage.format(dir.resolve("server.properties"), adminPassword);
        }
        KafkaProcess kafka =
                new KafkaProcess(
                        dir, brokerPort, controllerPort, proxiedPort, proxyPort, credentials);
        try {
            kafka.launch();
        } catch (RuntimeException e) {
            kafka.close();
            throw e;
        }
        return kafka;
    }

    /** The {@code bootstrap.servers} value for clients, {@code 127.0.0.1:<port>}. */
    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    /** How {@code user} reaches this broker: its address and that user's credentials. */
    public KafkaAccess access(KafkaUser user) {
        return credentials.access(bootstrapServers(), user);
    }

    /** The file holding every user's password, readable by its owner only. */
    public Path credentialsFile() {
        return dataDir.resolve(CREDENTIALS_FILE);
    }

    /** The client port, the same for the life of this object. */
    public int port() {
        return port;
    }

    /**
     * The broker's second client listener, which it advertises at {@link #proxyPort()}: a proxy
     * listening there and forwarding here carries every byte of a client that bootstraps at {@link
     * #proxiedBootstrapServers()} ({@code FaultProxy}). Kept for every {@link #restart()}.
     */
    public int proxiedPort() {
        return proxiedPort;
    }

    /** Where the broker says its second listener is: the port a proxy must listen on. */
    public int proxyPort() {
        return proxyPort;
    }

    /** {@code bootstrap.servers} through the proxy at {@link #proxyPort()}. */
    public String proxiedBootstrapServers() {
        return Ports.LOOPBACK + ":" + proxyPort;
    }

    /** The controller port, kept like {@link #port()}. */
    public int controllerPort() {
        return controllerPort;
    }

    /**
     * The broker JVM's process id.
     *
     * @throws IllegalStateException if the broker was never started or is closed
     */
    public synchronized long pid() {
        if (process == null) {
            throw new IllegalStateException("Kafka process not started");
        }
        return process.pid();
    }

    /** Whether the broker JVM is alive (it may still be starting or stopping). */
    public synchronized boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** Kills the broker with SIGKILL, as a crash would, and waits until it has exited. */
    public synchronized void kill() {
        if (process != null) {
            ChildProcesses.killTree(process.toHandle(), process.descendants().toList());
        }
    }

    /**
     * Starts the broker again on the same ports and data directory and waits until it answers.
     *
     * @throws IllegalStateException if it is still running or was closed
     */
    public synchronized void restart() {
        if (closed) {
            throw new IllegalStateException("Kafka process was closed");
        }
        if (isRunning()) {
            throw new IllegalStateException("Kafka is still running; kill() or close() it first");
        }
        launch();
    }

    /**
     * Creates a topic with one replica (as the admin) unless it exists, and waits until its
     * metadata is visible.
     */
    public void createTopic(String name, int partitions, Map<String, String> configs) {
        Topics.create(access(KafkaUser.ADMIN), name, partitions, configs);
    }

    /** Sets some of a topic's configs (e.g. a short retention for a test), keeping the others. */
    public void alterTopicConfigs(String name, Map<String, String> configs) {
        Topics.alterConfigs(access(KafkaUser.ADMIN), name, configs);
    }

    /** The first offset still kept in partition 0 of the topic. */
    public long earliestOffset(String name) {
        return Topics.earliestOffset(access(KafkaUser.ADMIN), name);
    }

    /**
     * Stops the broker with SIGTERM (a clean shutdown), waits up to 20 s, then kills it. Keeps the
     * data directory. Idempotent.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (process != null) {
            ChildProcesses.terminateTree(process.toHandle(), STOP_GRACE);
        }
        ChildProcesses.cancel(shutdownHook);
    }

    private void stopOnJvmExit() {
        Process running = process;
        if (running != null && running.isAlive()) {
            ChildProcesses.terminateTree(running.toHandle(), Duration.ofSeconds(10));
        }
    }

    private void launch() {
        Path log = dataDir.resolve("kafka.log");
        ProcessBuilder builder = new ProcessBuilder(command());
        builder.directory(dataDir.toFile());
        builder.redirectErrorStream(true);
        builder.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start the Kafka process", e);
        }
        Process started = process;
        Await.until(
                READY_TIMEOUT,
                Duration.ofMillis(200),
                () -> {
                    if (!started.isAlive()) {
                        throw new IllegalStateException(
                                "Kafka process exited with "
                                        + started.exitValue()
                                        + "; last lines of "
                                        + log
                                        + ":\n"
                                        + ChildProcesses.tail(log, 40));
                    }
                    return Topics.answers(access(KafkaUser.ADMIN));
                },
                () -> "Kafka process did not answer on " + bootstrapServers());
        KafkaAcls.applyAndAwait(bootstrapServers(), credentials);
    }

    private List<String> command() {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xms64m");
        command.add("-Xmx512m");
        command.add("-XX:+UseSerialGC");
        command.add("-Djava.awt.headless=true");
        command.add("-Djava.io.tmpdir=" + dataDir.resolve("tmp"));
        command.add("-Dkafka.logs.dir=" + dataDir);
        // See ConsoleLoggingProvider for why the broker gets its own SLF4J provider. JBoss
        // LogManager is still named so that JDK loggers do not complain it was set up too late.
        command.add("-Dslf4j.provider=" + ConsoleLoggingProvider.class.getName());
        command.add(
                "-D"
                        + ConsoleLoggingProvider.LEVEL_PROPERTY
                        + "="
                        + System.getProperty(ConsoleLoggingProvider.LEVEL_PROPERTY, "INFO"));
        if (onClassPath("org.jboss.logmanager.LogManager")) {
            command.add("-Djava.util.logging.manager=org.jboss.logmanager.LogManager");
        }
        command.add("-cp");
        command.add(
                absolute(
                        System.getProperty(
                                CLASSPATH_PROPERTY, System.getProperty("java.class.path"))));
        command.add("kafka.Kafka");
        command.add(dataDir.resolve("server.properties").toString());
        return command;
    }

    /** The child runs in its data folder: relative class path entries must not be. */
    private static String absolute(String classPath) {
        StringJoiner entries = new StringJoiner(File.pathSeparator);
        for (String entry : classPath.split(File.pathSeparator)) {
            if (entry.isEmpty()) {
                continue;
            }
            boolean wildcard = entry.endsWith("*");
            String base = wildcard ? entry.substring(0, entry.length() - 1) : entry;
            String resolved = Path.of(base.isEmpty() ? "." : base).toAbsolutePath().toString();
            entries.add(wildcard ? resolved + File.separator + "*" : resolved);
        }
        return entries.toString();
    }

    private static boolean onClassPath(String className) {
        try {
            Class.forName(className, false, KafkaProcess.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    private static boolean isFormatted(Path dir) {
        return Files.exists(dir.resolve("kafka-logs").resolve("meta.properties"));
    }

    private static Properties readPorts(Path dir) {
        Properties p = new Properties();
        Path file = dir.resolve(PORTS_FILE);
        if (Files.exists(file)) {
            try (InputStream in = Files.newInputStream(file)) {
                p.load(in);
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read " + file, e);
            }
        }
        return p;
    }

    private static void writePorts(Path dir, int brokerPort, int controllerPort) {
        Properties p = new Properties();
        p.setProperty("port", String.valueOf(brokerPort));
        p.setProperty("controller.port", String.valueOf(controllerPort));
        store(p, dir.resolve(PORTS_FILE), "Ports of the Grantwire Kafka in this directory");
    }

    private static void writeServerProperties(Path dir, Properties props) {
        store(props, dir.resolve("server.properties"), "Written by Grantwire KafkaProcess");
    }

    private static void store(Properties p, Path file, String comment) {
        try (OutputStream out = Files.newOutputStream(file)) {
            p.store(out, comment);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + file, e);
        }
    }
}
