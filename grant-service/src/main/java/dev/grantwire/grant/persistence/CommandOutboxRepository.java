package dev.grantwire.grant.persistence;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;

/**
 * The {@code command_outbox} table: revocation commands for revocation-service, written in the
 * transaction that killed what they revoke, delivered later (idempotent by id).
 */
@ApplicationScoped
public class CommandOutboxRepository {

    private final Jdbc jdbc;

    CommandOutboxRepository(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    /** Queues a command in the caller's transaction and returns its id. */
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
        return id;
    }

    /** Age in seconds of the oldest undelivered command, 0 when none waits. */
    public double oldestUndeliveredAgeSeconds() {
        return jdbc.one(
                        "SELECT COALESCE(extract(epoch FROM clock_timestamp() - min(created_at)), 0)"
                                + " FROM command_outbox WHERE delivered_at IS NULL",
                        row -> row.getDouble(1))
                .orElse(0.0);
    }
}
