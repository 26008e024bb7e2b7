package dev.grantwire.revocation.persistence;

import dev.grantwire.events.RevocationEvent;
import dev.grantwire.events.RevocationKind;
import dev.grantwire.events.RevocationScope;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** The revocation ledger: rows are written once and never changed. */
@ApplicationScoped
public class LedgerRepository {

    private static final String COLUMNS =
            "sequence, event_id, kind, subject, scope, client_id, user_id, revoked_at, cutoff,"
                    + " expires_at, reason, actor, command_id";

    /** One ledger row. */
    public record Entry(UUID eventId, UUID commandId, RevocationEvent event) {}

    private final AgroalDataSource dataSource;

    LedgerRepository(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Inserts a revocation (with the connection of the caller's transaction), unless a row with the
     * same command id exists.
     *
     * @return the new sequence, or empty if the command id was already recorded
     */
    public Optional<Long> insert(
            Connection connection, UUID eventId, UUID commandId, RevocationEvent event)
            throws SQLException {
        try (PreparedStatement insert =
                connection.prepareStatement(
                        "INSERT INTO revocation (event_id, kind, subject, scope, client_id,"
                                + " user_id, revoked_at, cutoff, expires_at, reason, actor,"
                                + " command_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                                + " ON CONFLICT (command_id) DO NOTHING RETURNING sequence")) {
            insert.setObject(1, eventId);
            insert.setString(2, event.kind().jsonName());
            insert.setString(3, event.subject());
            insert.setString(4, event.scope() == null ? null : event.scope().jsonName());
            insert.setString(5, event.clientId());
            insert.setString(6, event.userId());
            insert.setObject(7, time(event.revokedAt()));
            insert.setObject(8, event.cutoff() == null ? null : time(event.cutoff()));
            insert.setObject(9, time(event.expiresAt()));
            insert.setString(10, event.reason());
            insert.setString(11, event.actor());
            insert.setObject(12, commandId);
            try (ResultSet row = insert.executeQuery()) {
                return row.next() ? Optional.of(row.getLong(1)) : Optional.empty();
            }
        }
    }

    /** The row recorded for a command, if any. */
    public Optional<Entry> findByCommand(Connection connection, UUID commandId)
            throws SQLException {
        try (PreparedStatement select =
                connection.prepareStatement(
                        "SELECT " + COLUMNS + " FROM revocation WHERE command_id = ?")) {
            select.setObject(1, commandId);
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? Optional.of(entry(row)) : Optional.empty();
            }
        }
    }

    /** The rows with these sequences, in sequence order. */
    public List<Entry> findBySequences(List<Long> sequences) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select =
                        connection.prepareStatement(
                                "SELECT "
                                        + COLUMNS
                                        + " FROM revocation WHERE sequence = ANY (?)"
                                        + " ORDER BY sequence")) {
            select.setArray(1, connection.createArrayOf("bigint", sequences.toArray()));
            return list(select);
        } catch (SQLException e) {
            throw new IllegalStateException("could not read ledger rows", e);
        }
    }

    /** Rows after {@code since}, optionally for one app and/or user, in sequence order. */
    public List<Entry> page(
            long since, Instant revokedSince, String clientId, String userId, int limit) {
        StringBuilder sql =
                new StringBuilder("SELECT " + COLUMNS + " FROM revocation WHERE sequence > ?");
        if (revokedSince != null) {
            sql.append(" AND revoked_at >= ?");
        }
        if (clientId != null) {
            sql.append(" AND client_id = ?");
        }
        if (userId != null) {
            sql.append(" AND user_id = ?");
        }
        sql.append(" ORDER BY sequence LIMIT ?");
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement(sql.toString())) {
            int i = 1;
            select.setLong(i++, since);
            if (revokedSince != null) {
                select.setObject(i++, OffsetDateTime.ofInstant(revokedSince, ZoneOffset.UTC));
            }
            if (clientId != null) {
                select.setString(i++, clientId);
            }
            if (userId != null) {
                select.setString(i++, userId);
            }
            select.setInt(i, limit);
            return list(select);
        } catch (SQLException e) {
            throw new IllegalStateException("could not read the ledger", e);
        }
    }

    /**
     * Whether the ledger refuses a service token: its {@code jti} was revoked, or its client was
     * revoked with a cutoff after the token was issued. Entries past their {@code expires_at} can
     * match no live token and are not looked at.
     */
    public boolean refusesServiceToken(String jti, String clientId, Instant issuedAt) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select =
                        connection.prepareStatement(
                                "SELECT 1 FROM revocation WHERE ((kind = 'token' AND subject = ?)"
                                        + " OR (kind = 'client' AND subject = ? AND cutoff > ?))"
                                        + " AND expires_at > clock_timestamp() LIMIT 1")) {
            select.setString(1, jti == null ? "" : jti);
            select.setString(2, clientId == null ? "" : clientId);
            select.setObject(3, OffsetDateTime.ofInstant(issuedAt, ZoneOffset.UTC));
            try (ResultSet rows = select.executeQuery()) {
                return rows.next();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not read the ledger", e);
        }
    }

    /** The newest {@code limit} entries, newest first. */
    public List<Entry> newest(int limit) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select =
                        connection.prepareStatement(
                                "SELECT "
                                        + COLUMNS
                                        + " FROM revocation ORDER BY sequence DESC LIMIT ?")) {
            select.setInt(1, limit);
            return list(select);
        } catch (SQLException e) {
            throw new IllegalStateException("could not read the ledger", e);
        }
    }

    private static List<Entry> list(PreparedStatement select) throws SQLException {
        List<Entry> entries = new ArrayList<>();
        try (ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                entries.add(entry(rows));
            }
        }
        return entries;
    }

    private static Entry entry(ResultSet row) throws SQLException {
        String scope = row.getString("scope");
        OffsetDateTime cutoff = row.getObject("cutoff", OffsetDateTime.class);
        RevocationEvent event =
                new RevocationEvent(
                        RevocationKind.fromJsonName(row.getString("kind")),
                        row.getString("subject"),
                        scope == null ? null : RevocationScope.fromJsonName(scope),
                        row.getString("client_id"),
                        row.getString("user_id"),
                        millis(row.getObject("revoked_at", OffsetDateTime.class)),
                        cutoff == null ? null : millis(cutoff),
                        millis(row.getObject("expires_at", OffsetDateTime.class)),
                        row.getString("reason"),
                        row.getString("actor"),
                        row.getLong("sequence"));
        return new Entry(
                row.getObject("event_id", UUID.class),
                row.getObject("command_id", UUID.class),
                event);
    }

    static OffsetDateTime time(long epochMillis) {
        return OffsetDateTime.ofInstant(Instant.ofEpochMilli(epochMillis), ZoneOffset.UTC);
    }

    static long millis(OffsetDateTime time) {
        return time.toInstant().toEpochMilli();
    }
}
