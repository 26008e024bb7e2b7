package dev.grantwire.grant.persistence;

import dev.grantwire.grant.domain.CommandQueued;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The {@code command_outbox} table: revocation commands for revocation-service, written in the
 * transaction that killed what they revoke, delivered later (idempotent by id).
 *
 * <p>A command is claimed with a lease ({@code lease_until}), never a permanent flag, so the claim
 * of a replica that crashed mid-send runs out and another replica takes the command over. A failed
 * attempt moves {@code lease_until} to the next retry time.
 */
@ApplicationScoped
public class CommandOutboxRepository {

    /** A claimed command, ready to send. {@code scope} is null for grant and token kinds. */
    public record Command(
            UUID id,
            String kind,
            String subject,
            String scope,
            String reason,
            String actor,
            int attempts) {}

    private static final String PENDING =
            "delivered_at IS NULL AND failed_at IS NULL"
                    + " AND (lease_until IS NULL OR lease_until < clock_timestamp())";

    private static final String CLAIM =
            "UPDATE command_outbox SET attempts = attempts + 1,"
                    + " lease_until = clock_timestamp() + make_interval(secs => ?)"
                    + " WHERE id IN (SELECT id FROM command_outbox WHERE "
                    + PENDING
                    + " %s ORDER BY created_at LIMIT ? FOR UPDATE SKIP LOCKED)"
                    + " RETURNING id, kind, subject, scope, reason, actor, attempts";

    private final Jdbc jdbc;
    private final Event<CommandQueued> queued;

    CommandOutboxRepository(Jdbc jdbc, Event<CommandQueued> queued) {
        this.jdbc = jdbc;
        this.queued = queued;
    }

    /**
     * Queues a command in the caller's transaction and returns its id; once that transaction has
     * committed, the relay sends the command right away.
     */
    public UUID add(String kind, String subject, String scope, String reason, String actor) {
        UUID id = UUID.randomUUID();
        jdbc.update(
                "INSERT INTO command_outbox (id, kind, subject, scope, reason, actor)"
                        + " VALUES (?, ?, ?, ?, ?, ?)",
                id,
                kind,
                subject,
                scope,
                reason,
                actor);
        queued.fire(new CommandQueued(id));
        return id;
    }

    /** Claims up to {@code limit} pending commands, oldest first, skipping rows others hold. */
    public List<Command> claim(int limit, Duration lease) {
        return jdbc.list(
                String.format(CLAIM, ""), CommandOutboxRepository::command, seconds(lease), limit);
    }

    /** Claims one command if it is still pending and nobody holds it. */
    public Optional<Command> claim(UUID id, Duration lease) {
        return jdbc.one(
                String.format(CLAIM, "AND id = ?"),
                CommandOutboxRepository::command,
                seconds(lease),
                id,
                1);
    }

    /** revocation-service recorded the command (with this ledger sequence, if it said). */
    public void markDelivered(UUID id, Long sequence) {
        jdbc.update(
                "UPDATE command_outbox SET delivered_at = clock_timestamp(), lease_until = NULL,"
                        + " revocation_sequence = ?, last_error = NULL"
                        + " WHERE id = ? AND delivered_at IS NULL",
                sequence,
                id);
    }

    /** The attempt failed for a reason that may pass: try again after {@code backoff}. */
    public void retryLater(UUID id, Duration backoff, String error) {
        jdbc.update(
                "UPDATE command_outbox SET lease_until = clock_timestamp() + make_interval(secs => ?),"
                        + " last_error = ? WHERE id = ? AND delivered_at IS NULL",
                seconds(backoff),
                error,
                id);
    }

    /** revocation-service refused the command for good: it is never sent again. */
    public void markFailed(UUID id, String error) {
        jdbc.update(
                "UPDATE command_outbox SET failed_at = clock_timestamp(), lease_until = NULL,"
                        + " last_error = ? WHERE id = ? AND delivered_at IS NULL",
                error,
                id);
    }

    /** Deletes commands delivered longer ago than {@code retention}; returns how many. */
    public int pruneDelivered(Duration retention) {
        return jdbc.update(
                "DELETE FROM command_outbox"
                        + " WHERE delivered_at < clock_timestamp() - make_interval(secs => ?)",
                seconds(retention));
    }

    /** Age in seconds of the oldest command still to deliver, 0 when none waits. */
    public double oldestUndeliveredAgeSeconds() {
        return jdbc.one(
                        "SELECT COALESCE(extract(epoch FROM clock_timestamp() - min(created_at)), 0)"
                                + " FROM command_outbox WHERE delivered_at IS NULL AND failed_at IS NULL",
                        row -> row.getDouble(1))
                .orElse(0.0);
    }

    /** Commands revocation-service refused for good (kept for an operator to look at). */
    public double failedCount() {
        return jdbc.one(
                        "SELECT count(*) FROM command_outbox WHERE failed_at IS NOT NULL",
                        row -> row.getDouble(1))
                .orElse(0.0);
    }

    private static Command command(java.sql.ResultSet row) throws java.sql.SQLException {
        return new Command(
                row.getObject("id", UUID.class),
                row.getString("kind"),
                row.getString("subject"),
                row.getString("scope"),
                row.getString("reason"),
                row.getString("actor"),
                row.getInt("attempts"));
    }

    private static double seconds(Duration duration) {
        return duration.toMillis() / 1000.0;
    }
}
