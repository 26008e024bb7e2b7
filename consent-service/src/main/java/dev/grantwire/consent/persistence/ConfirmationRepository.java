package dev.grantwire.consent.persistence;

import dev.grantwire.consent.domain.Confirmation;
import dev.grantwire.consent.domain.ConfirmedAction;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.Optional;
import java.util.UUID;

/** The {@code confirmation} table. Each method is one statement (auto-commit). */
@ApplicationScoped
public class ConfirmationRepository {

    private final AgroalDataSource database;

    ConfirmationRepository(AgroalDataSource database) {
        this.database = database;
    }

    public void insert(Confirmation c) {
        String sql =
                "INSERT INTO confirmation (id, user_id, action, subject, csrf_token, expires_at,"
                        + " app_name, ownership, admin_assertion)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";
        try (Connection connection = database.getConnection();
                PreparedStatement s = connection.prepareStatement(sql)) {
            s.setObject(1, c.id());
            s.setString(2, c.userId().toString());
            s.setString(3, c.action().name());
            s.setString(4, c.subject());
            s.setString(5, c.csrfToken());
            s.setTimestamp(6, Timestamp.from(c.expiresAt()));
            s.setString(7, c.appName());
            s.setString(8, c.ownership());
            s.setString(9, c.adminAssertion());
            s.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot store the confirmation", e);
        }
    }

    public Optional<Confirmation> find(UUID id) {
        String sql =
                "SELECT id, user_id, action, subject, csrf_token, expires_at, used_at, app_name,"
                        + " ownership, admin_assertion"
                        + " FROM confirmation WHERE id = ?";
        try (Connection connection = database.getConnection();
                PreparedStatement s = connection.prepareStatement(sql)) {
            s.setObject(1, id);
            try (ResultSet row = s.executeQuery()) {
                if (!row.next()) {
                    return Optional.empty();
                }
                Timestamp used = row.getTimestamp("used_at");
                return Optional.of(
                        new Confirmation(
                                row.getObject("id", UUID.class),
                                UUID.fromString(row.getString("user_id")),
                                ConfirmedAction.valueOf(row.getString("action")),
                                row.getString("subject"),
                                row.getString("csrf_token"),
                                row.getTimestamp("expires_at").toInstant(),
                                used == null ? null : used.toInstant(),
                                row.getString("app_name"),
                                row.getString("ownership"),
                                row.getString("admin_assertion")));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the confirmation", e);
        }
    }

    /** Marks the user's open confirmation used; true for exactly one caller. */
    public boolean use(UUID id, UUID userId) {
        return update(
                        "UPDATE confirmation SET used_at = clock_timestamp() WHERE id = ? AND"
                                + " user_id = ? AND used_at IS NULL AND expires_at >"
                                + " clock_timestamp()",
                        id,
                        userId.toString())
                == 1;
    }

    /** Undoes {@link #use} when the action could not be carried out (it may be retried). */
    public void reopen(UUID id) {
        update("UPDATE confirmation SET used_at = NULL WHERE id = ?", id);
    }

    /** Deletes confirmations that expired more than an hour ago. */
    public int deleteExpired() {
        return update(
                "DELETE FROM confirmation WHERE expires_at < clock_timestamp() - interval '1"
                        + " hour'");
    }

    private int update(String sql, Object... values) {
        try (Connection connection = database.getConnection();
                PreparedStatement s = connection.prepareStatement(sql)) {
            for (int i = 0; i < values.length; i++) {
                s.setObject(i + 1, values[i]);
            }
            return s.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot update confirmations", e);
        }
    }
}
