package dev.grantwire.testsupport.service;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A packaged Grantwire service ({@code target/quarkus-app/quarkus-run.jar}) run as a child JVM, the
 * way the system tests and the local stack run it: its own log file, configuration through system
 * properties, its API on one port and its management interface (health, metrics, OpenAPI) on
 * another, ready when {@code /q/health/ready} there says {@code UP}.
 *
 * <p>Not thread-safe: one owner starts and stops it.
 */
public final class ServiceProcess implements AutoCloseable {

    private static final Duration STOP_GRACE = Duration.ofSeconds(20);

    private final String name;
    private final List<String> command;
    private final Map<String, String> environment;
    private final Path logFile;
    private final int httpPort;
    private final int managementPort;
    private volatile Process process;
    private boolean reaperInstalled;

    private ServiceProcess(
            String name,
            List<String> command,
            Map<String, String> environment,
            Path logFile,
            int httpPort,
            int managementPort) {
        this.name = name;
        this.command = command;
        this.environment = Map.copyOf(environment);
        this.logFile = logFile;
        this.httpPort = httpPort;
        this.managementPort = managementPort;
    }

    /**
     * Starts the service and returns at once; call {@link #awaitReady(Duration)} before use.
     *
     * @param name a short name for logs and messages
     * @param runJar the service's {@code quarkus-run.jar}
     * @param httpPort the port its API listens on (on 127.0.0.1)
     * @param managementPort the port of its management interface (on 127.0.0.1)
     * @param config Quarkus configuration, passed as {@code -Dkey=value}
     * @param logFile where its standard output and error go
     * @param heap the maximum heap, e.g. {@code "256m"}
     */
    public static ServiceProcess start(
            String name,
            Path runJar,
            int httpPort,
            int managementPort,
            Map<String, String> config,
            Path logFile,
            String heap) {
        return start(name, runJar, httpPort, managementPort, config, Map.of(), logFile, heap);
    }

    /**
     * Like {@link #start(String, Path, int, int, Map, Path, String)}, with environment variables
     * added to this JVM's (a clock shifted by libfaketime, see {@code ShiftedClock}); a restart
     * keeps them.
     */
    public static ServiceProcess start(
            String name,
            Path runJar,
            int httpPort,
            int managementPort,
            Map<String, String> config,
            Map<String, String> environment,
            Path logFile,
            String heap) {
        if (!Files.isRegularFile(runJar)) {
            throw new IllegalStateException(
                    name + " is not packaged: " + runJar + " is missing (run ./mvnw package)");
        }
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx" + heap);
        command.add("-XX:+UseSerialGC");
        command.add("-Dquarkus.http.host=127.0.0.1");
        command.add("-Dquarkus.http.port=" + httpPort);
        command.add("-Dquarkus.management.host=127.0.0.1");
        command.add("-Dquarkus.management.port=" + managementPort);
        config.forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.add("-jar");
        command.add(runJar.toString());
        ServiceProcess service =
                new ServiceProcess(name, command, environment, logFile, httpPort, managementPort);
        service.launch();
        return service;
    }

    private void launch() {
        try {
            Files.createDirectories(logFile.getParent());
            ProcessBuilder builder =
                    new ProcessBuilder(command)
                            .redirectErrorStream(true)
                            .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
            builder.environment().putAll(environment);
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("could not start " + name, e);
        }
        if (!reaperInstalled) {
            // A test JVM that dies without close() must not leave the service behind.
            Runtime.getRuntime().addShutdownHook(new Thread(this::killIfRunning, name + "-reaper"));
            reaperInstalled = true;
        }
    }

    private void killIfRunning() {
        if (isRunning()) {
            process.destroyForcibly();
        }
    }

    /** Waits until {@code /q/health/ready} answers {@code UP}; fails early if the process died. */
    public ServiceProcess awaitReady(Duration timeout) {
        return awaitHealth("/q/health/ready", timeout);
    }

    /**
     * Waits until {@code /q/health/live} answers {@code UP}: the service answers requests, ready or
     * not (a guard that has not caught up with the feed is live but not ready).
     */
    public ServiceProcess awaitLive(Duration timeout) {
        return awaitHealth("/q/health/live", timeout);
    }

    private ServiceProcess awaitHealth(String path, Duration timeout) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest ready =
                HttpRequest.newBuilder(URI.create(managementUrl() + path))
                        .timeout(Duration.ofSeconds(5))
                        .build();
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "no answer";
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(
                        name
                                + " exited with code "
                                + process.exitValue()
                                + " before "
                                + path
                                + " answered; see "
                                + logFile);
            }
            try {
                HttpResponse<String> answer =
                        http.send(ready, HttpResponse.BodyHandlers.ofString());
                if (answer.statusCode() == 200) {
                    return this;
                }
                last = answer.statusCode() + " " + answer.body();
            } catch (IOException e) {
                last = e.toString();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for " + name, e);
            }
            sleep(Duration.ofMillis(200));
        }
        throw new IllegalStateException(
                name
                        + " did not answer "
                        + path
                        + " within "
                        + timeout
                        + " (last: "
                        + last
                        + "); see "
                        + logFile);
    }

    public String name() {
        return name;
    }

    /** Its API, e.g. {@code http://127.0.0.1:8081}. */
    public String baseUrl() {
        return "http://127.0.0.1:" + httpPort;
    }

    public int httpPort() {
        return httpPort;
    }

    /**
     * Its management interface, where health, metrics and OpenAPI answer (and nowhere else), e.g.
     * {@code http://127.0.0.1:9081}.
     */
    public String managementUrl() {
        return "http://127.0.0.1:" + managementPort;
    }

    public int managementPort() {
        return managementPort;
    }

    public long pid() {
        return process.pid();
    }

    public Path logFile() {
        return logFile;
    }

    public boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** Ends the JVM at once with SIGKILL, as a crash would. */
    public void kill() {
        process.destroyForcibly();
        waitFor(STOP_GRACE);
    }

    /** Starts it again with the same command, ports and log file. */
    public ServiceProcess restart() {
        if (isRunning()) {
            throw new IllegalStateException(name + " is still running");
        }
        launch();
        return this;
    }

    /**
     * Asks it to stop (SIGTERM, a graceful Quarkus shutdown), then kills it after a grace period.
     */
    @Override
    public void close() {
        if (process == null || !process.isAlive()) {
            return;
        }
        process.destroy();
        if (!waitFor(STOP_GRACE)) {
            process.destroyForcibly();
            waitFor(STOP_GRACE);
        }
    }

    private boolean waitFor(Duration timeout) {
        try {
            return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
