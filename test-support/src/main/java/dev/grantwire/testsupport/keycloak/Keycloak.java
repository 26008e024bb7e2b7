package dev.grantwire.testsupport.keycloak;

import dev.grantwire.testsupport.Ports;
import dev.grantwire.testsupport.internal.Await;
import dev.grantwire.testsupport.internal.ChildProcesses;
import dev.grantwire.testsupport.internal.FileTrees;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Keycloak {@value KeycloakDistribution#VERSION} (from {@code keycloak-quarkus-dist}) in
 * development mode, as the real upstream OpenID Connect provider, with realm {@value
 * GrantwireRealm#NAME} imported at start.
 *
 * <p>The instance directory is a full copy of the pre-built distribution (see the module README for
 * the cache); Keycloak keeps its H2 database in {@code instanceDir/data/}, so starting again on the
 * same directory keeps users, sessions and keys, and the realm import then leaves the existing
 * realm alone. Its output goes to {@code instanceDir/keycloak.log}. Both HTTP and management
 * interfaces listen on 127.0.0.1 only, and the hostname is fixed so the issuer is always {@link
 * #issuer()}.
 *
 * <p>A JVM shutdown hook stops Keycloak if this JVM exits without {@link #close()}. Thread-safety:
 * the accessors may be called from any thread; {@link #close()} is synchronized and idempotent.
 */
public final class Keycloak implements AutoCloseable {

    /** Username of the master realm's bootstrap administrator (admin console, admin REST API). */
    public static final String MASTER_ADMIN = "keycloak-admin";

    /** Dev-only password of {@link #MASTER_ADMIN}. */
    public static final String MASTER_ADMIN_PASSWORD = "keycloak-admin-password";

    private static final Duration READY_TIMEOUT = Duration.ofMinutes(5);
    private static final Duration STOP_GRACE = Duration.ofSeconds(30);
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final Process process;
    private final int httpPort;
    private final int managementPort;
    private final Thread shutdownHook;
    private boolean closed;

    private Keycloak(Process process, int httpPort, int managementPort) {
        this.process = process;
        this.httpPort = httpPort;
        this.managementPort = managementPort;
        this.shutdownHook =
                ChildProcesses.onJvmExit(
                        "keycloak-" + httpPort,
                        () ->
                                ChildProcesses.terminateTree(
                                        process.toHandle(), Duration.ofSeconds(10)));
    }

    /**
     * Starts Keycloak and returns once it is healthy and serves the realm's discovery document. The
     * first start on a machine also unpacks and pre-builds the distribution cache (about a minute);
     * later starts on a fresh directory take about 10 s.
     *
     * @param instanceDir this instance's Keycloak home; reused with its data if it already holds
     *     one
     * @param httpPort HTTP port on 127.0.0.1; 0 picks a free one
     * @param managementPort health/metrics port on 127.0.0.1; 0 picks a free one
     * @throws dev.grantwire.testsupport.PortTakenException if a given port is in use
     */
    public static Keycloak start(Path instanceDir, int httpPort, int managementPort) {
        return start(instanceDir, httpPort, managementPort, List.of("start-dev"));
    }

    /**
     * Starts Keycloak as production runs it: {@code kc.sh start} (not {@code start-dev}) with
     * PostgreSQL for its database; plain HTTP on 127.0.0.1, as behind a TLS-terminating proxy. The
     * first start on a fresh directory re-builds the distribution for PostgreSQL (a minute or two).
     *
     * @param jdbcUrl an empty database of its own, e.g. {@code
     *     jdbc:postgresql://127.0.0.1:5433/keycloak}
     */
    public static Keycloak startProduction(
            Path instanceDir,
            int httpPort,
            int managementPort,
            String jdbcUrl,
            String dbUser,
            String dbPassword) {
        return start(
                instanceDir,
                httpPort,
                managementPort,
                List.of(
                        "start",
                        "--db=postgres",
                        "--db-url=" + jdbcUrl,
                        "--db-username=" + dbUser,
                        "--db-password=" + dbPassword,
                        "--http-enabled=true",
                        "--hostname-strict=false"));
    }

    private static Keycloak start(
            Path instanceDir, int httpPort, int managementPort, List<String> mode) {
        int http = httpPort != 0 ? httpPort : Ports.freePort();
        int management = managementPort != 0 ? managementPort : Ports.freePort();
        Ports.requireFree(http, "the Keycloak HTTP port setting");
        Ports.requireFree(management, "the Keycloak management port setting");

        Path home = instanceDir.toAbsolutePath();
        if (!Files.isExecutable(home.resolve("bin/kc.sh"))) {
            Path prebuilt = KeycloakDistribution.prebuilt();
            Path partial = home.resolveSibling(home.getFileName() + ".partial");
            FileTrees.delete(partial);
            // A full copy, not links: Keycloak rewrites lib/quarkus whenever a build option
            // changes, which must never touch the shared cache.
            FileTrees.copy(prebuilt, partial);
            FileTrees.delete(home);
            try {
                Files.move(partial, home);
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot move " + partial + " to " + home, e);
            }
        }
        writeRealm(home);

        List<String> command = new ArrayList<>();
        command.add(home.resolve("bin/kc.sh").toString());
        command.addAll(mode);
        command.add("--http-host=" + Ports.LOOPBACK);
        command.add("--http-port=" + http);
        command.add("--http-management-port=" + management);
        command.add("--hostname=http://" + Ports.LOOPBACK + ":" + http);
        command.add("--import-realm");
        command.addAll(KeycloakDistribution.BUILD_OPTIONS);
        Path log = home.resolve("keycloak.log");
        Process process = launch(home, command, log);
        Keycloak keycloak = new Keycloak(process, http, management);
        try {
            Await.until(
                    READY_TIMEOUT,
                    Duration.ofMillis(250),
                    () -> ready(process, management, log) && keycloak.servesRealm(),
                    () ->
                            "Keycloak did not become ready; last lines of "
                                    + log
                                    + ":\n"
                                    + ChildProcesses.tail(log, 40));
        } catch (RuntimeException e) {
            keycloak.close();
            throw e;
        }
        return keycloak;
    }

    /** {@code http://127.0.0.1:<port>}, without a trailing slash. */
    public String baseUrl() {
        return "http://" + Ports.LOOPBACK + ":" + httpPort;
    }

    /** The realm's issuer, {@code baseUrl() + "/realms/grantwire"}. */
    public String issuer() {
        return baseUrl() + "/realms/" + GrantwireRealm.NAME;
    }

    /** The HTTP port on 127.0.0.1. */
    public int httpPort() {
        return httpPort;
    }

    /** The management (health) port on 127.0.0.1. */
    public int managementPort() {
        return managementPort;
    }

    /**
     * The process id of the {@code kc.sh} launcher; the Keycloak JVM is its child (or, after an
     * implicit rebuild, the same process once {@code kc.sh} has exec'd Java).
     */
    public long pid() {
        return process.pid();
    }

    /**
     * Stops Keycloak: SIGTERM to {@code kc.sh}, which forwards it to the JVM; waits up to 30 s,
     * then kills whatever is left of the process tree. Keeps the instance directory. Idempotent.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        ChildProcesses.terminateTree(process.toHandle(), STOP_GRACE);
        ChildProcesses.cancel(shutdownHook);
    }

    static Process launch(Path home, List<String> command, Path log) {
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.directory(home.toFile());
        builder.redirectErrorStream(true);
        builder.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        Map<String, String> env = builder.environment();
        // The script's own heap default, made explicit: JAVA_OPTS would replace its other defaults.
        env.put("JAVA_OPTS_KC_HEAP", "-Xms64m -Xmx512m");
        env.put("JAVA_OPTS_APPEND", "-Djava.io.tmpdir=" + home.resolve("data/tmp"));
        env.put("KC_BOOTSTRAP_ADMIN_USERNAME", MASTER_ADMIN);
        env.put("KC_BOOTSTRAP_ADMIN_PASSWORD", MASTER_ADMIN_PASSWORD);
        env.put("JAVA_HOME", System.getProperty("java.home"));
        try {
            Files.createDirectories(home.resolve("data/tmp"));
            return builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start " + command.get(0), e);
        }
    }

    /**
     * True once the health endpoint reports ready.
     *
     * @throws IllegalStateException if the process has exited, with the end of its log
     */
    static boolean ready(Process process, int managementPort, Path log) {
        if (!process.isAlive()) {
            throw new IllegalStateException(
                    "Keycloak exited with "
                            + process.exitValue()
                            + "; last lines of "
                            + log
                            + ":\n"
                            + ChildProcesses.tail(log, 40));
        }
        return get("http://" + Ports.LOOPBACK + ":" + managementPort + "/health/ready") == 200;
    }

    private boolean servesRealm() {
        return get(issuer() + "/.well-known/openid-configuration") == 200;
    }

    private static int get(String url) {
        try {
            HttpRequest request =
                    HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build();
            return HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private static void writeRealm(Path home) {
        Path file = home.resolve("data/import/" + GrantwireRealm.NAME + "-realm.json");
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, GrantwireRealm.json(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + file, e);
        }
    }
}
