package dev.grantwire.internal.edge;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLIntegrityConstraintViolationException;
import org.junit.jupiter.api.Test;

class DatabaseOutageTest {

    @Test
    void isCauseWhenTheDriverSaysTheConnectionFailedThenTrueAtAnyDepth() {
        // What PgJDBC says when the server refuses the connection, drops it, or is shutting down.
        SQLException refused = new SQLException("Connection to 127.0.0.1:5433 refused", "08001");
        SQLException dropped = new SQLException("An I/O error occurred", "08006");
        SQLException shutdown = new SQLException("terminating connection", "57P01");
        SQLException starting = new SQLException("the database system is starting up", "57P03");

        assertThat(DatabaseOutage.isCause(refused)).isTrue();
        assertThat(DatabaseOutage.isCause(new IllegalStateException("wrapped", dropped))).isTrue();
        assertThat(
                        DatabaseOutage.isCause(
                                new RuntimeException(
                                        "transaction", new IllegalStateException("x", shutdown))))
                .isTrue();
        assertThat(DatabaseOutage.isCause(starting)).isTrue();
    }

    @Test
    void isCauseWhenThePoolTimedOutOrTheSocketFailedThenTrue() {
        assertThat(
                        DatabaseOutage.isCause(
                                new SQLException(
                                        "Acquisition timeout while waiting for new connection")))
                .isTrue();
        assertThat(DatabaseOutage.isCause(new UncheckedIOException(new ConnectException("no"))))
                .isTrue();
        RuntimeException rollback = new RuntimeException("rollback failed");
        rollback.addSuppressed(new SQLException("gone", "08003"));
        assertThat(DatabaseOutage.isCause(rollback)).isTrue();
        SQLException batch = new SQLException("batch entry failed", "22000");
        batch.setNextException(new SQLException("closed", "08003"));
        assertThat(DatabaseOutage.isCause(batch)).isTrue();
    }

    @Test
    void isCauseWhenTheStatementOrTheCodeFailedThenFalse() {
        assertThat(
                        DatabaseOutage.isCause(
                                new SQLIntegrityConstraintViolationException("duplicate", "23505")))
                .isFalse();
        assertThat(DatabaseOutage.isCause(new SQLException("syntax error", "42601"))).isFalse();
        assertThat(DatabaseOutage.isCause(new SQLException("no state"))).isFalse();
        assertThat(DatabaseOutage.isCause(new NullPointerException())).isFalse();
        assertThat(DatabaseOutage.isCause(null)).isFalse();
        // A cycle of causes ends.
        RuntimeException a = new RuntimeException("a");
        RuntimeException b = new RuntimeException("b", a);
        a.initCause(b);
        assertThat(DatabaseOutage.isCause(a)).isFalse();
    }
}
