package dev.grantwire.grant.persistence;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * The small JDBC layer every repository uses. Connections come from Agroal, which enlists them in
 * the caller's JTA transaction, so several calls inside one {@code @Transactional} method share one
 * database transaction.
 */
@ApplicationScoped
public class Jdbc {

    /** Maps one row. */
    @FunctionalInterface
    public interface RowMapper<T> {
        T map(ResultSet row) throws SQLException;
    }

    private final AgroalDataSource dataSource;

    Jdbc(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Runs a query and maps every row. */
    public <T> List<T> list(String sql, RowMapper<T> mapper, Object... parameters) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = prepare(connection, sql, parameters);
                ResultSet rows = statement.executeQuery()) {
            List<T> result = new ArrayList<>();
            while (rows.next()) {
                result.add(mapper.map(rows));
            }
            return result;
        } catch (SQLException e) {
            throw new PersistenceException(sql, e);
        }
    }

    /** Runs a query expected to return at most one row. */
    public <T> Optional<T> one(String sql, RowMapper<T> mapper, Object... parameters) {
        List<T> rows = list(sql, mapper, parameters);
        return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
    }

    /** Runs an insert, update or delete and returns the number of rows it changed. */
    public int update(String sql, Object... parameters) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = prepare(connection, sql, parameters)) {
            return statement.executeUpdate();
        } catch (SQLException e) {
            throw new PersistenceException(sql, e);
        }
    }

    private static PreparedStatement prepare(Connection connection, String sql, Object[] values)
            throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql);
        for (int i = 0; i < values.length; i++) {
            Object value = values[i];
            if (value instanceof Instant instant) {
                statement.setTimestamp(i + 1, Timestamp.from(instant));
            } else if (value instanceof Collection<?> strings) {
                Array array = connection.createArrayOf("text", strings.toArray());
                statement.setArray(i + 1, array);
            } else {
                statement.setObject(i + 1, value);
            }
        }
        return statement;
    }

    /** Reads a {@code text[]} column as a list. */
    public static List<String> strings(ResultSet row, String column) throws SQLException {
        Array array = row.getArray(column);
        if (array == null) {
            return List.of();
        }
        return List.of((String[]) array.getArray());
    }

    /** Reads a nullable {@code timestamptz} column. */
    public static Instant instant(ResultSet row, String column) throws SQLException {
        Timestamp timestamp = row.getTimestamp(column);
        return timestamp == null ? null : timestamp.toInstant();
    }

    /** A database failure: never the caller's fault, so it maps to a 500 or 503, not a 400. */
    public static class PersistenceException extends RuntimeException {
        PersistenceException(String sql, SQLException cause) {
            super("database call failed: " + sql.strip().lines().findFirst().orElse(""), cause);
        }
    }
}
