package dev.grantwire.grant.domain;

import java.util.UUID;

/**
 * A revocation command was written to the outbox. Fired inside the writing transaction; {@link
 * CommandRelay} observes it after the commit and sends the command at once.
 */
public record CommandQueued(UUID id) {}
