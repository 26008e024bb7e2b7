package dev.grantwire.revocation;

import io.agroal.api.AgroalDataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** Plain SQL against the service's database, for arranging and asserting stored state. */
final class Db {

    private final AgroalDataSource dataSource;

    Db(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    long queryLong(String sql) {
        try (Connection connection = dataSource.getConnection();
                Statement statement = connection.createStatement();
                ResultSet row = statement.executeQuery(sql)) {
            row.next();
            return row.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    String queryString(String sql) {
        try (Connection connection = dataSource.getConnection();
                Statement statement = connection.createStatement();
                ResultSet row = statement.executeQuery(sql)) {
            row.next();
            return row.getString(1);
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    void update(String sql) {
        try (Connection connection = dataSource.getConnection();
                Statement statement = connection.createStatement()) {
            statement.executeUpdate(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    /** Milliseconds since the epoch of a timestamptz expression. */
    static String millis(String column) {
        return "floor(extract(epoch FROM " + column + ") * 1000)::bigint";
    }

    void clear() {
        update("DELETE FROM outbox");
        update("DELETE FROM revocation");
    }

    /** Inserts a grant revocation directly, as if committed; returns its sequence. */
    long insertGrantRevocation(String revokedAt) {
        return queryLong(
                "INSERT INTO revocation (event_id, kind, subject, revoked_at, expires_at, reason,"
                        + " actor) VALUES (gen_random_uuid(), 'grant', gen_random_uuid()::text, "
                        + revokedAt
                        + ", "
                        + revokedAt
                        + " + interval '95 minutes', 'test', 'test') RETURNING sequence");
    }
}
