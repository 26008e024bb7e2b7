package dev.grantwire.testsupport.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.grantwire.testsupport.Ports;
import dev.grantwire.testsupport.internal.FileTrees;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

class PostgresTest {

    @Test
    void createDatabaseWhenCalledTwiceThenDatabaseUsable() throws Exception {
        long t0 = System.nanoTime();
        try (Postgres pg = Postgres.start(Path.of("target", "test-infra", "pg-fresh"), 0, false)) {
            System.out.printf("Postgres started in %d ms%n", (System.nanoTime() - t0) / 1_000_000);
            pg.createDatabase("grant_service");
            pg.createDatabase("grant_service");

            assertEquals("grant_service", query(pg, "grant_service", "SELECT current_database()"));
            assertEquals(
                    "jdbc:postgresql://127.0.0.1:" + pg.port() + "/grant_service",
                    pg.jdbcUrl("grant_service"));
            assertThrows(IllegalArgumentException.class, () -> pg.createDatabase("x; drop"));

            // The pid is the running postmaster (not pg_ctl, which has exited): a benchmark
            // reads its CPU and that of its backends.
            ProcessHandle postmaster = ProcessHandle.of(pg.pid()).orElseThrow();
            assertTrue(postmaster.isAlive());
            assertTrue(postmaster.info().command().orElse("").endsWith("postgres"));
            assertTrue(postmaster.children().findAny().isPresent());
        }
    }

    @Test
    void restartWhenKeepDataThenTableSurvives() throws Exception {
        Path dir = Path.of("target", "test-infra", "pg-kept");
        FileTrees.delete(dir);
        int port = Ports.freePort();
        try (Postgres pg = Postgres.start(dir, port, true)) {
            pg.createDatabase("kept");
            execute(pg, "kept", "CREATE TABLE survivor (name text)");
            execute(pg, "kept", "INSERT INTO survivor VALUES ('still here')");
        }
        assertFalse(Ports.isListening(port));

        long t0 = System.nanoTime();
        try (Postgres pg = Postgres.start(dir, port, true)) {
            System.out.printf(
                    "Postgres restarted in %d ms%n", (System.nanoTime() - t0) / 1_000_000);
            assertEquals(port, pg.port());
            assertEquals("still here", query(pg, "kept", "SELECT name FROM survivor"));
        }
    }

    @Test
    void stopOrKillThenRestartWhenCommittedThenRowsSurviveOnTheSamePort() throws Exception {
        try (Postgres pg = Postgres.start(Path.of("target", "test-infra", "pg-faults"), 0, false)) {
            int port = pg.port();
            execute(pg, "postgres", "CREATE TABLE answered (n int)");
            assertEquals("on", query(pg, "postgres", "SHOW synchronous_commit"));
            execute(pg, "postgres", "INSERT INTO answered VALUES (1)");

            pg.stop();
            assertFalse(Ports.isListening(port));
            assertThrows(SQLException.class, () -> query(pg, "postgres", "SELECT 1"));
            pg.restart();
            assertEquals("1", query(pg, "postgres", "SELECT count(*) FROM answered"));

            // A commit that returned survives SIGKILL of the postmaster and every backend.
            execute(pg, "postgres", "INSERT INTO answered VALUES (2)");
            long postmaster = pg.pid();
            pg.kill();
            assertFalse(ProcessHandle.of(postmaster).map(ProcessHandle::isAlive).orElse(false));
            assertFalse(Ports.isListening(port));
            pg.restart();
            assertTrue(pg.pid() != postmaster);
            assertEquals(port, pg.port());
            assertEquals("2", query(pg, "postgres", "SELECT count(*) FROM answered"));
        }
    }

    @Test
    void startWhenNotKeepDataThenPreviousTableGone() throws Exception {
        Path dir = Path.of("target", "test-infra", "pg-fresh-twice");
        try (Postgres pg = Postgres.start(dir, 0, false)) {
            execute(pg, "postgres", "CREATE TABLE transient (x int)");
        }
        try (Postgres pg = Postgres.start(dir, 0, false)) {
            assertTrue(Ports.isListening(pg.port()));
            assertThrows(
                    SQLException.class, () -> query(pg, "postgres", "SELECT x FROM transient"));
        }
    }

    private static void execute(Postgres pg, String db, String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(pg.jdbcUrl(db), pg.user(), pg.password());
                Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private static String query(Postgres pg, String db, String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(pg.jdbcUrl(db), pg.user(), pg.password());
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
