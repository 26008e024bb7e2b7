package dev.grantwire.revocation.service;

import dev.grantwire.events.RevocationBounds;
import dev.grantwire.events.RevocationEvent;
import dev.grantwire.events.RevocationKind;
import dev.grantwire.events.RevocationScope;
import dev.grantwire.revocation.config.RevocationConfig;
import dev.grantwire.revocation.messaging.OutboxSender;
import dev.grantwire.revocation.persistence.LedgerLock;
import dev.grantwire.revocation.persistence.LedgerRepository;
import dev.grantwire.revocation.persistence.LedgerRepository.Entry;
import dev.grantwire.revocation.persistence.OutboxRepository;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * The single write path of revocations. In one transaction: the ledger's advisory lock (shared),
 * {@code revokedAt} from the database clock, the ledger row and its outbox row. Right after the
 * commit (a JTA synchronization, never inside the transaction) the event is sent; the outbox row is
 * marked sent only on the broker's acknowledgement, and the relay sends whatever is left.
 */
@ApplicationScoped
public class RevocationRecorder {

    private static final Logger LOG = Logger.getLogger(RevocationRecorder.class);

    /** The lease owner of rows this replica sends right after their commit. */
    public static final String COMMIT_OWNER = "commit:" + UUID.randomUUID();

    /** What to revoke. {@code commandId} makes it idempotent (nullable: then it is not). */
    public record Command(
            UUID commandId,
            RevocationKind kind,
            String subject,
            RevocationScope scope,
            String clientId,
            String userId,
            String reason,
            String actor) {}

    /** The recorded revocation; {@code replayed} when the command id was already recorded. */
    public record Recorded(long sequence, UUID eventId, RevocationEvent event, boolean replayed) {}

    private final AgroalDataSource dataSource;
    private final LedgerRepository ledger;
    private final OutboxRepository outbox;
    private final OutboxSender sender;
    private final TransactionSynchronizationRegistry synchronizations;
    private final RevocationBounds bounds;
    private final RevocationConfig config;

    RevocationRecorder(
            AgroalDataSource dataSource,
            LedgerRepository ledger,
            OutboxRepository outbox,
            OutboxSender sender,
            TransactionSynchronizationRegistry synchronizations,
            RevocationConfig config) {
        this.dataSource = dataSource;
        this.ledger = ledger;
        this.outbox = outbox;
        this.sender = sender;
        this.synchronizations = synchronizations;
        this.config = config;
        this.bounds = new RevocationBounds(config.staleness(), config.clockSkew());
    }

    /** B and S as configured. */
    public RevocationBounds bounds() {
        return bounds;
    }

    /**
     * Checks a command against the event contract without touching the database.
     *
     * @throws IllegalArgumentException or NullPointerException naming what is wrong
     */
    public void validate(Command command) {
        build(command, System.currentTimeMillis(), 1);
    }

    /**
     * Records a revocation and, after the commit, sends it. Returns after the commit.
     *
     * @throws IllegalArgumentException if the command breaks the event contract
     * @throws CommandConflictException if the command id was recorded with other content
     */
    @Transactional
    public Recorded record(Command command) {
        validate(command);
        try (Connection connection = dataSource.getConnection()) {
            if (command.commandId() != null) {
                Optional<Entry> existing = ledger.findByCommand(connection, command.commandId());
                if (existing.isPresent()) {
                    return replay(command, existing.get());
                }
            }
            long revokedAt = LedgerLock.lockSharedAndReadRevokedAt(connection);
            UUID eventId = UUID.randomUUID();
            RevocationEvent draft = build(command, revokedAt, 1);
            Optional<Long> sequence =
                    ledger.insert(connection, eventId, command.commandId(), draft);
            if (sequence.isEmpty()) {
                // A concurrent request with the same command id committed first.
                return replay(
                        command,
                        ledger.findByCommand(connection, command.commandId())
                                .orElseThrow(
                                        () ->
                                                new IllegalStateException(
                                                        "command "
                                                                + command.commandId()
                                                                + " lost")));
            }
            RevocationEvent event = build(command, revokedAt, sequence.get());
            outbox.insertLeased(
                    connection, sequence.get(), revokedAt, COMMIT_OWNER, config.relayLease());
            sendAfterCommit(event, eventId);
            return new Recorded(sequence.get(), eventId, event, false);
        } catch (SQLException e) {
            throw new IllegalStateException("could not record the revocation", e);
        }
    }

    private Recorded replay(Command command, Entry existing) {
        RevocationEvent event = existing.event();
        if (event.kind() != command.kind()
                || !event.subject().equals(command.subject())
                || !Objects.equals(event.scope(), effectiveScope(command))) {
            throw new CommandConflictException(
                    "command "
                            + command.commandId()
                            + " was already recorded for "
                            + event.key()
                            + " as sequence "
                            + event.sequence());
        }
        return new Recorded(event.sequence(), existing.eventId(), event, true);
    }

    private static RevocationScope effectiveScope(Command command) {
        return command.kind() == RevocationKind.USER && command.scope() == null
                ? RevocationScope.GRANTS
                : command.scope();
    }

    private RevocationEvent build(Command command, long revokedAt, long sequence) {
        RevocationEvent.Builder builder =
                RevocationEvent.builder(command.kind(), command.subject())
                        .reason(command.reason())
                        .actor(command.actor())
                        .revokedAt(revokedAt)
                        .sequence(sequence);
        if (command.scope() != null) {
            builder.scope(command.scope());
        }
        if (command.clientId() != null) {
            builder.clientId(command.clientId());
        }
        if (command.userId() != null) {
            builder.userId(command.userId());
        }
        return builder.build(bounds);
    }

    private void sendAfterCommit(RevocationEvent event, UUID eventId) {
        synchronizations.registerInterposedSynchronization(
                new Synchronization() {
                    @Override
                    public void beforeCompletion() {}

                    @Override
                    public void afterCompletion(int status) {
                        if (status != Status.STATUS_COMMITTED) {
                            return;
                        }
                        try {
                            sender.send(event, eventId, COMMIT_OWNER, "commit");
                        } catch (RuntimeException e) {
                            LOG.debugf("Send after commit failed; the relay retries: %s", e);
                        }
                    }
                });
    }
}
