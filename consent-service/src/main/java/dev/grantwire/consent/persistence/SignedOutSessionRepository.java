package dev.grantwire.consent.persistence;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;

/** The {@code signed_out_session} table. Each method is one statement (auto-commit). */
@ApplicationScoped
public class SignedOutSessionRepository {

    private final AgroalDataSource database;

    SignedOutSessionRepository(AgroalDataSource database) {
        this.database = database;
    }

    /** Records a session as signed out until {@code expiresAt}; signing out twice is one row. */
    public void insert(byte[] sessionHash, Instant expiresAt) {
        run(
                "INSERT INTO signed_out_session (session_hash, expires_at) VALUES (?, ?)"
                        + " ON CONFLICT (session_hash) DO NOTHING",
                sessionHash,
                Timestamp.from(expiresAt));
    }

    /** Whether the session was signed out (and the row has not expired). */
    public boolean contains(byte[] sessionHash) {
        String sql =
                "SELECT 1 FROM signed_out_session WHERE session_hash = ?"
                        + " AND expires_at > clock_timestamp()";
        try (Connection c = database.getConnection();
                PreparedStatement s = c.prepareStatement(sql)) {
            s.setBytes(1, sessionHash);
            try (ResultSet rows = s.executeQuery()) {
                return rows.next();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read signed-out sessions", e);
        }
    }

    /** Deletes rows past their expiry. */
    public void deleteExpired() {
        run("DELETE FROM signed_out_session WHERE expires_at < clock_timestamp()");
    }

    private void run(String sql, Object... values) {
        try (Connection c = database.getConnection();
                PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < values.length; i++) {
                s.setObject(i + 1, values[i]);
            }
            s.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot update signed-out sessions", e);
        }
    }
}
