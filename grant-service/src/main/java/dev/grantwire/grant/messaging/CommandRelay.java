package dev.grantwire.grant.messaging;

import dev.grantwire.grant.client.RevocationServiceClient;
import dev.grantwire.grant.client.RevocationServiceClient.Answer;
import dev.grantwire.grant.client.RevocationServiceClient.Outcome;
import dev.grantwire.grant.config.RevocationServiceConfig;
import dev.grantwire.grant.domain.CommandQueued;
import dev.grantwire.grant.persistence.CommandOutboxRepository;
import dev.grantwire.grant.persistence.CommandOutboxRepository.Command;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import org.jboss.logging.Logger;

/**
 * Delivers the revocation commands of {@code command_outbox} to revocation-service
 * (docs/ARCHITECTURE.md, "grant-service's command outbox"): each command is sent right after the
 * transaction that queued it commits, and a relay on every replica sends whatever is still pending
 * (revocation-service down, a crash between commit and send, a failed attempt whose backoff has
 * passed).
 *
 * <p>Every send first claims the command with a lease, so two replicas never send one command at
 * the same time; a second send after a lease ran out is harmless, revocation-service being
 * idempotent by command id. A transient failure is retried with a doubling backoff for as long as
 * it takes; a refusal (400, 409) marks the command failed, logs an error and counts it, since
 * sending it again cannot succeed.
 */
@ApplicationScoped
public class CommandRelay {

    private static final Logger LOG = Logger.getLogger(CommandRelay.class);

    private final CommandOutboxRepository outbox;
    private final RevocationServiceClient revocationService;
    private final RevocationServiceConfig config;
    private final Counter delivered;
    private final Counter failed;
    private final Counter retried;
    private final ExecutorService sender =
            Executors.newFixedThreadPool(
                    2,
                    task -> {
                        Thread thread = new Thread(task, "grantwire-command-sender");
                        thread.setDaemon(true);
                        return thread;
                    });

    CommandRelay(
            CommandOutboxRepository outbox,
            RevocationServiceClient revocationService,
            RevocationServiceConfig config,
            MeterRegistry registry) {
        this.outbox = outbox;
        this.revocationService = revocationService;
        this.config = config;
        this.delivered =
                Counter.builder("grantwire.command.outbox.delivered")
                        .description("Revocation commands revocation-service recorded")
                        .register(registry);
        this.failed =
                Counter.builder("grantwire.command.outbox.failed")
                        .description("Revocation commands revocation-service refused for good")
                        .register(registry);
        this.retried =
                Counter.builder("grantwire.command.outbox.retries")
                        .description("Delivery attempts that failed and will be retried")
                        .register(registry);
    }

    /** Right after the commit that queued a command: send it off the committing thread. */
    void onQueued(@Observes(during = TransactionPhase.AFTER_SUCCESS) CommandQueued queued) {
        try {
            sender.execute(() -> deliver(queued));
        } catch (RejectedExecutionException e) {
            LOG.debugf("Shutting down; the relay sends command %s later", queued.id());
        }
    }

    private void deliver(CommandQueued queued) {
        try {
            outbox.claim(queued.id(), config.lease()).ifPresent(this::send);
        } catch (RuntimeException e) {
            LOG.warnf(e, "Could not send command %s now; the relay retries", queued.id());
        }
    }

    @Scheduled(
            identity = "command-relay",
            every = "${grantwire.revocation-service.relay-interval:1s}",
            delayed = "1s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void relayScheduled() {
        try {
            relay();
        } catch (RuntimeException e) {
            LOG.warn("Command relay run failed; next run retries", e);
        }
    }

    /**
     * Claims and sends pending commands until none is left that nobody holds; returns how many were
     * sent (whatever the outcome). Safe to run on several threads and replicas at once.
     */
    public int relay() {
        int sent = 0;
        List<Command> batch;
        do {
            batch = outbox.claim(config.batchSize(), config.lease());
            for (int i = 0; i < batch.size(); i++) {
                sent++;
                if (send(batch.get(i)) == Outcome.RETRY) {
                    // revocation-service is likely down: do not spend a timeout on each of the
                    // others, hand them back for a later round.
                    release(batch.subList(i + 1, batch.size()));
                    return sent;
                }
            }
        } while (batch.size() == config.batchSize());
        return sent;
    }

    private void release(List<Command> unsent) {
        for (Command command : unsent) {
            outbox.retryLater(
                    command.id(),
                    backoff(command.attempts()),
                    "not sent: an earlier command of the round failed");
        }
    }

    @Scheduled(identity = "command-outbox-prune", every = "1h", delayed = "1m")
    void prune() {
        int pruned = outbox.pruneDelivered(config.deliveredRetention());
        if (pruned > 0) {
            LOG.infof("Pruned %d delivered revocation commands", pruned);
        }
    }

    private Outcome send(Command command) {
        Answer answer = revocationService.submit(command);
        switch (answer.outcome()) {
            case RECORDED -> {
                outbox.markDelivered(command.id(), answer.sequence());
                delivered.increment();
                LOG.debugf("Command %s recorded at sequence %s", command.id(), answer.sequence());
            }
            case REJECTED -> {
                outbox.markFailed(command.id(), answer.detail());
                failed.increment();
                LOG.errorf(
                        "revocation-service refused command %s (%s %s) for good: %s."
                                + " Its revocation does not reach the resource services;"
                                + " revoke it again by hand.",
                        command.id(), command.kind(), command.subject(), answer.detail());
            }
            case RETRY -> {
                Duration backoff = backoff(command.attempts());
                outbox.retryLater(command.id(), backoff, answer.detail());
                retried.increment();
                LOG.warnf(
                        "Command %s not delivered (attempt %d): %s; retrying in %s",
                        command.id(), command.attempts(), answer.detail(), backoff);
            }
        }
        return answer.outcome();
    }

    /** Doubles from the configured backoff with each attempt, up to the configured maximum. */
    Duration backoff(int attempts) {
        Duration max = config.retryBackoffMax();
        Duration backoff = config.retryBackoff();
        for (int i = 1; i < attempts && backoff.compareTo(max) < 0; i++) {
            backoff = backoff.multipliedBy(2);
        }
        return backoff.compareTo(max) > 0 ? max : backoff;
    }

    @PreDestroy
    void stop() {
        sender.shutdown();
    }
}
