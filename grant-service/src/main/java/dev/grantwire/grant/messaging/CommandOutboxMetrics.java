package dev.grantwire.grant.messaging;

import dev.grantwire.grant.persistence.CommandOutboxRepository;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Publishes the state of the command outbox: the age of the oldest command revocation-service has
 * not recorded yet ({@code grantwire_command_outbox_oldest_age_seconds}; alert when it grows: the
 * revocation is not reaching the resource services) and the number of commands revocation-service
 * refused for good ({@code grantwire_command_outbox_failed_commands}; alert when above zero). The
 * delivered, failed and retried counters come from {@link CommandRelay}.
 */
@ApplicationScoped
public class CommandOutboxMetrics {

    private final CommandOutboxRepository outbox;
    private final MeterRegistry registry;

    CommandOutboxMetrics(CommandOutboxRepository outbox, MeterRegistry registry) {
        this.outbox = outbox;
        this.registry = registry;
    }

    void register(@Observes StartupEvent event) {
        Gauge.builder(
                        "grantwire.command.outbox.oldest.age",
                        outbox,
                        CommandOutboxRepository::oldestUndeliveredAgeSeconds)
                .description("Age of the oldest undelivered revocation command")
                .baseUnit("seconds")
                .register(registry);
        Gauge.builder(
                        "grantwire.command.outbox.failed.commands",
                        outbox,
                        CommandOutboxRepository::failedCount)
                .description("Revocation commands revocation-service refused for good")
                .register(registry);
    }
}
