package dev.grantwire.testsupport.hostile;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Every row of every table, as its JSON text, taken before and after a hostile run: a row added or
 * changed anywhere is something a refused request stored. Rows may only disappear from the tables
 * that housekeeping prunes by age (expired codes, answered authorization requests), which other
 * tests sharing the stack leave behind.
 */
public final class StoreDigest {

    private StoreDigest() {}

    /**
     * "database.table" to each row as JSON text, for every table of each database but Flyway's
     * history and those named in {@code moving} (tables that change with time alone, e.g. a feed
     * position).
     */
    public static Map<String, Set<String>> of(
            Map<String, String> jdbcUrls, String user, String password, Set<String> moving)
            throws SQLException {
        Map<String, Set<String>> tables = new TreeMap<>();
        for (Map.Entry<String, String> database : jdbcUrls.entrySet()) {
            try (Connection connection =
                            DriverManager.getConnection(database.getValue(), user, password);
                    Statement statement = connection.createStatement()) {
                List<String> names = new ArrayList<>();
                try (ResultSet rows =
                        statement.executeQuery(
                                "SELECT table_name FROM information_schema.tables"
                                        + " WHERE table_schema = 'public'"
                                        + " AND table_type = 'BASE TABLE'"
                                        + " AND table_name <> 'flyway_schema_history'")) {
                    while (rows.next()) {
                        names.add(rows.getString(1));
                    }
                }
                for (String table : names) {
                    String key = database.getKey() + "." + table;
                    if (moving.contains(key)) {
                        continue;
                    }
                    Set<String> digests = new HashSet<>();
                    try (ResultSet rows =
                            statement.executeQuery(
                                    "SELECT to_jsonb(t)::text FROM \"" + table + "\" t")) {
                        while (rows.next()) {
                            // The row's text itself: tables here are small, and a change is
                            // then reported as the row it is.
                            digests.add(rows.getString(1));
                        }
                    }
                    tables.put(key, digests);
                }
            }
        }
        return tables;
    }

    /**
     * What changed between two snapshots, one line per table: rows added (or changed) anywhere,
     * rows gone from a table not in {@code pruned}. Empty when nothing did.
     */
    public static List<String> changes(
            Map<String, Set<String>> before, Map<String, Set<String>> after, Set<String> pruned) {
        List<String> changes = new ArrayList<>();
        Set<String> tables = new java.util.TreeSet<>(before.keySet());
        tables.addAll(after.keySet());
        for (String table : tables) {
            Set<String> was = before.getOrDefault(table, Set.of());
            Set<String> is = after.getOrDefault(table, Set.of());
            long added = is.stream().filter(row -> !was.contains(row)).count();
            long gone = was.stream().filter(row -> !is.contains(row)).count();
            if (added > 0 || gone > 0 && !pruned.contains(table)) {
                changes.add(
                        table
                                + ": "
                                + added
                                + " rows added or changed, "
                                + gone
                                + " gone; added: "
                                + is.stream().filter(row -> !was.contains(row)).limit(3).toList()
                                + ", gone: "
                                + was.stream().filter(row -> !is.contains(row)).limit(3).toList());
            }
        }
        return changes;
    }
}
