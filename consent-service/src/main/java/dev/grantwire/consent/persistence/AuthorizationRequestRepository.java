package dev.grantwire.consent.persistence;

import dev.grantwire.consent.domain.AuthorizationRequest;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** The {@code authorization_request} table. Each method is one statement (auto-commit). */
@ApplicationScoped
public class AuthorizationRequestRepository {

    private static final String COLUMNS =
            "id, client_id, redirect_uri, scopes, state, nonce, code_challenge,"
                    + " code_challenge_method, prompt, max_age, user_id, csrf_token, created_at,"
                    + " expires_at, decided_at";

    private final AgroalDataSource database;

    AuthorizationRequestRepository(AgroalDataSource database) {
        this.database = database;
    }

    /** Stores a new request (scopes space separated, as in OAuth). */
    public void insert(AuthorizationRequest request) {
        String sql =
                "INSERT INTO authorization_request (id, client_id, redirect_uri, scopes, state,"
                        + " nonce, code_challenge, code_challenge_method, prompt, max_age, user_id,"
                        + " csrf_token, created_at, expires_at)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
        try (Connection c = database.getConnection();
                PreparedStatement s = c.prepareStatement(sql)) {
            s.setObject(1, request.id());
            s.setString(2, request.clientId());
            s.setString(3, request.redirectUri());
            s.setString(4, String.join(" ", request.scopes()));
            s.setString(5, request.state());
            s.setString(6, request.nonce());
            s.setString(7, request.codeChallenge());
            s.setString(8, request.codeChallengeMethod());
            s.setString(9, request.prompt());
            s.setObject(10, request.maxAge());
            s.setString(11, request.userId() == null ? null : request.userId().toString());
            s.setString(12, request.csrfToken());
            s.setTimestamp(13, Timestamp.from(request.createdAt()));
            s.setTimestamp(14, Timestamp.from(request.expiresAt()));
            s.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot store the authorization request", e);
        }
    }

    public Optional<AuthorizationRequest> find(UUID id) {
        String sql = "SELECT " + COLUMNS + " FROM authorization_request WHERE id = ?";
        try (Connection c = database.getConnection();
                PreparedStatement s = c.prepareStatement(sql)) {
            s.setObject(1, id);
            try (ResultSet rows = s.executeQuery()) {
                return rows.next() ? Optional.of(read(rows)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the authorization request", e);
        }
    }

    /**
     * Gives an unclaimed, undecided request to the user who signed in for it; true if it is now
     * theirs (it may already have been).
     */
    public boolean claim(UUID id, UUID userId) {
        String sql =
                "UPDATE authorization_request SET user_id = ? WHERE id = ? AND decided_at IS NULL"
                        + " AND (user_id IS NULL OR user_id = ?)";
        return update(sql, userId.toString(), id, userId.toString()) == 1;
    }

    /**
     * Marks the user's open request decided; true for exactly one caller, however many decide at
     * once.
     */
    public boolean markDecided(UUID id, UUID userId) {
        String sql =
                "UPDATE authorization_request SET decided_at = clock_timestamp() WHERE id = ?"
                        + " AND user_id = ? AND decided_at IS NULL AND expires_at >"
                        + " clock_timestamp()";
        return update(sql, id, userId.toString()) == 1;
    }

    /** Undoes {@link #markDecided} when the decision could not be carried out (may be retried). */
    public void reopen(UUID id) {
        update("UPDATE authorization_request SET decided_at = NULL WHERE id = ?", id);
    }

    /**
     * Keeps only the user's {@code keep} newest undecided requests and deletes the older ones
     * (their approval pages then say the request expired); returns how many were deleted.
     */
    public int trimOpen(UUID userId, int keep) {
        return update(
                "DELETE FROM authorization_request WHERE user_id = ? AND decided_at IS NULL AND id"
                        + " NOT IN (SELECT id FROM authorization_request WHERE user_id = ? AND"
                        + " decided_at IS NULL ORDER BY created_at DESC, id LIMIT ?)",
                userId.toString(),
                userId.toString(),
                keep);
    }

    /** Deletes requests that expired more than an hour ago; returns how many. */
    public int deleteExpired() {
        return update(
                "DELETE FROM authorization_request WHERE expires_at < clock_timestamp() - interval"
                        + " '1 hour'");
    }

    private int update(String sql, Object... values) {
        try (Connection c = database.getConnection();
                PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < values.length; i++) {
                s.setObject(i + 1, values[i]);
            }
            return s.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot update authorization requests", e);
        }
    }

    private static AuthorizationRequest read(ResultSet rows) throws SQLException {
        String userId = rows.getString("user_id");
        String scopes = rows.getString("scopes");
        return new AuthorizationRequest(
                rows.getObject("id", UUID.class),
                rows.getString("client_id"),
                rows.getString("redirect_uri"),
                scopes.isEmpty() ? List.of() : Arrays.asList(scopes.split(" ")),
                rows.getString("state"),
                rows.getString("nonce"),
                rows.getString("code_challenge"),
                rows.getString("code_challenge_method"),
                rows.getString("prompt"),
                rows.getObject("max_age", Integer.class),
                userId == null ? null : UUID.fromString(userId),
                rows.getString("csrf_token"),
                instant(rows.getTimestamp("created_at")),
                instant(rows.getTimestamp("expires_at")),
                instant(rows.getTimestamp("decided_at")));
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
