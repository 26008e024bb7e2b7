package dev.grantwire.grant.persistence;

import dev.grantwire.events.RevocationEvent;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.OptionalLong;

/**
 * The revocations grant-service has applied and the feed position it reached. Both are written in
 * the caller's transaction, so a position is never stored without the state change it stands for.
 */
@ApplicationScoped
public class AppliedRevocationRepository {

    // Applying is a max: a duplicate or an older copy of a revocation changes nothing.
    private static final String UPSERT =
            """
            INSERT INTO applied_revocation
                (revocation_key, kind, subject, scope, cutoff, expires_at, sequence)
            VALUES (?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (revocation_key) DO UPDATE SET
                cutoff = GREATEST(applied_revocation.cutoff, EXCLUDED.cutoff),
                expires_at = GREATEST(applied_revocation.expires_at, EXCLUDED.expires_at),
                sequence = GREATEST(applied_revocation.sequence, EXCLUDED.sequence)
            """;

    private static final String ADVANCE =
            """
            INSERT INTO feed_position (id, last_sequence, topic_offset, updated_at)
            VALUES (1, ?, ?, clock_timestamp())
            ON CONFLICT (id) DO UPDATE SET
                last_sequence = GREATEST(feed_position.last_sequence, EXCLUDED.last_sequence),
                topic_offset = GREATEST(feed_position.topic_offset, EXCLUDED.topic_offset),
                updated_at = EXCLUDED.updated_at
            """;

    private final AgroalDataSource dataSource;

    AppliedRevocationRepository(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Records one revocation and the position it was read at. Call inside a transaction. */
    public void apply(RevocationEvent event, long topicOffset) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement upsert = connection.prepareStatement(UPSERT);
                PreparedStatement advance = connection.prepareStatement(ADVANCE);
                PreparedStatement seen =
                        connection.prepareStatement(
                                "INSERT INTO applied_sequence (sequence) VALUES (?)"
                                        + " ON CONFLICT DO NOTHING")) {
            upsert.setString(1, event.key());
            upsert.setString(2, event.kind().jsonName());
            upsert.setString(3, event.subject());
            upsert.setString(4, event.scope() == null ? null : event.scope().jsonName());
            upsert.setTimestamp(5, event.cutoff() == null ? null : new Timestamp(event.cutoff()));
            upsert.setTimestamp(6, new Timestamp(event.expiresAt()));
            upsert.setLong(7, event.sequence());
            upsert.executeUpdate();
            advance.setLong(1, event.sequence());
            advance.setLong(2, topicOffset);
            advance.executeUpdate();
            seen.setLong(1, event.sequence());
            seen.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("could not apply revocation " + event.key(), e);
        }
    }

    /**
     * Records that everything on the topic before {@code topicOffset + 1} is applied (after a
     * reconciliation from the ledger), and the highest sequence the ledger gave. The offset is set,
     * not raised: after the topic was recreated its offsets start again lower. Setting it back only
     * makes a later start read again, which is harmless (applying is a max).
     */
    public void coverTopicUpTo(long topicOffset, long sequence) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement cover =
                        connection.prepareStatement(
                                """
                                INSERT INTO feed_position (id, last_sequence, topic_offset, updated_at)
                                VALUES (1, ?, ?, clock_timestamp())
                                ON CONFLICT (id) DO UPDATE SET
                                    last_sequence = GREATEST(feed_position.last_sequence,
                                                             EXCLUDED.last_sequence),
                                    topic_offset = EXCLUDED.topic_offset,
                                    updated_at = EXCLUDED.updated_at
                                """)) {
            cover.setLong(1, sequence);
            cover.setLong(2, topicOffset);
            cover.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("could not store the feed position", e);
        }
    }

    /** The topic offset of the last applied revocation, if any. */
    public OptionalLong lastOffset() {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement query =
                        connection.prepareStatement(
                                "SELECT topic_offset FROM feed_position WHERE id = 1");
                ResultSet row = query.executeQuery()) {
            return row.next() ? OptionalLong.of(row.getLong(1)) : OptionalLong.empty();
        } catch (SQLException e) {
            throw new IllegalStateException("could not read the feed position", e);
        }
    }

    /**
     * Whether an applied revocation refuses a token: its {@code jti} or grant outright, its app or
     * user when the token was issued before the cutoff.
     */
    public boolean refuses(
            String jti, String grantId, String clientId, String userId, Timestamp iat) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement query =
                        connection.prepareStatement(
                                "SELECT 1 FROM applied_revocation WHERE revocation_key IN (?, ?)"
                                        + " OR (revocation_key IN (?, ?) AND cutoff > ?) LIMIT 1")) {
            query.setString(1, "token:" + jti);
            query.setString(2, "grant:" + grantId);
            query.setString(3, "client:" + clientId);
            query.setString(4, "user:" + userId);
            query.setTimestamp(5, iat);
            try (ResultSet row = query.executeQuery()) {
                return row.next();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not read applied revocations", e);
        }
    }

    /**
     * The latest app- or user-wide cutoff still in the future for this app or user (null for a
     * client acting for itself): until it has passed, a token minted now would be refused by the
     * resource services anyway.
     */
    public java.util.Optional<java.time.Instant> pendingCutoff(String clientId, String userId) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement query =
                        connection.prepareStatement(
                                "SELECT max(cutoff) FROM applied_revocation"
                                        + " WHERE revocation_key IN (?, ?)"
                                        + " AND cutoff > clock_timestamp()")) {
            query.setString(1, "client:" + clientId);
            // A client acting for itself has no user: the key then matches nothing.
            query.setString(2, userId == null ? "" : "user:" + userId);
            try (ResultSet row = query.executeQuery()) {
                Timestamp cutoff = row.next() ? row.getTimestamp(1) : null;
                return java.util.Optional.ofNullable(cutoff).map(Timestamp::toInstant);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not read applied revocations", e);
        }
    }

    /** Whether the revocation with this ledger sequence has been applied (within the last hour). */
    public boolean isApplied(long sequence) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement query =
                        connection.prepareStatement(
                                "SELECT 1 FROM applied_sequence WHERE sequence = ?")) {
            query.setLong(1, sequence);
            try (ResultSet row = query.executeQuery()) {
                return row.next();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not read applied sequences", e);
        }
    }

    /**
     * Forgets applied sequences older than {@code keep} (read-your-writes waits at most B) and
     * revocations whose every token has expired.
     */
    public void prune(java.time.Duration keep) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement sequences =
                        connection.prepareStatement(
                                "DELETE FROM applied_sequence"
                                        + " WHERE applied_at < clock_timestamp() - ?::interval");
                PreparedStatement expired =
                        connection.prepareStatement(
                                "DELETE FROM applied_revocation"
                                        + " WHERE expires_at < clock_timestamp()")) {
            sequences.setString(1, keep.toSeconds() + " seconds");
            sequences.executeUpdate();
            expired.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("could not prune applied revocations", e);
        }
    }

    /** The highest ledger sequence applied so far, or -1. */
    public long lastSequence() {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement query =
                        connection.prepareStatement(
                                "SELECT last_sequence FROM feed_position WHERE id = 1");
                ResultSet row = query.executeQuery()) {
            return row.next() ? row.getLong(1) : -1;
        } catch (SQLException e) {
            throw new IllegalStateException("could not read the feed position", e);
        }
    }
}
