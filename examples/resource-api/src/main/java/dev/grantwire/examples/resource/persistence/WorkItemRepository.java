package dev.grantwire.examples.resource.persistence;

import dev.grantwire.examples.resource.domain.WorkItem;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/** The {@code work_item} table, always filtered by owner. */
@ApplicationScoped
public class WorkItemRepository {

    private final DataSource database;

    WorkItemRepository(DataSource database) {
        this.database = database;
    }

    /** Stores a new item in state {@code new}. */
    public WorkItem insert(String ownerId, String title) {
        String sql =
                "INSERT INTO work_item (owner_id, title) VALUES (?, ?)"
                        + " RETURNING id, owner_id, title, state, created_at";
        try (Connection connection = database.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, ownerId);
            statement.setString(2, title);
            try (ResultSet row = statement.executeQuery()) {
                row.next();
                return map(row);
            }
        } catch (SQLException e) {
            throw new StoreUnavailableException("Cannot store a work item", e);
        }
    }

    /** The owner's items, oldest first. */
    public List<WorkItem> findByOwner(String ownerId) {
        String sql =
                "SELECT id, owner_id, title, state, created_at FROM work_item"
                        + " WHERE owner_id = ? ORDER BY id";
        try (Connection connection = database.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, ownerId);
            try (ResultSet rows = statement.executeQuery()) {
                List<WorkItem> items = new ArrayList<>();
                while (rows.next()) {
                    items.add(map(rows));
                }
                return items;
            }
        } catch (SQLException e) {
            throw new StoreUnavailableException("Cannot read work items", e);
        }
    }

    private static WorkItem map(ResultSet row) throws SQLException {
        return new WorkItem(
                row.getLong("id"),
                row.getString("owner_id"),
                row.getString("title"),
                row.getString("state"),
                row.getTimestamp("created_at").toInstant());
    }
}
