package dev.grantwire.grant.messaging;

import dev.grantwire.grant.persistence.CommandOutboxRepository;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Publishes the age of the oldest revocation command revocation-service has not recorded yet
 * ({@code grantwire_command_outbox_oldest_age_seconds}); alert when it grows. Until
 * revocation-service's command API exists, commands wait in the outbox and this age grows.
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
    }
}
