package dev.grantwire.grant.persistence;

import jakarta.enterprise.context.ApplicationScoped;

/** The append-only {@code audit_event} table (a trigger refuses updates and deletes). */
@ApplicationScoped
public class AuditRepository {

    private final Jdbc jdbc;

    AuditRepository(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    /** Appends one event in the caller's transaction. */
    public void append(String actor, String action, String target, String detail) {
        jdbc.update(
                "INSERT INTO audit_event (actor, action, target, detail) VALUES (?, ?, ?, ?)",
                actor,
                action,
                target,
                detail);
    }
}
