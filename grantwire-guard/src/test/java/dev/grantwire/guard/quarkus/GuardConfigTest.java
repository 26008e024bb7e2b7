package dev.grantwire.guard.quarkus;

import static org.assertj.core.api.Assertions.assertThat;

import dev.grantwire.events.RevocationTopic;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How a service's properties reach the guard's consumer (the mapping Quarkus builds). */
class GuardConfigTest {

    @Test
    void kafkaWhenQuotedKeysGivenThenPassedWithTheirDots() {
        GuardConfig config =
                mapping(
                        Map.of(
                                "grantwire.guard.kafka.\"security.protocol\"", "SASL_SSL",
                                "grantwire.guard.kafka.\"sasl.mechanism\"", "SCRAM-SHA-512",
                                "grantwire.guard.kafka.\"sasl.jaas.config\"", "x required;"));

        assertThat(config.kafka())
                .containsExactlyInAnyOrderEntriesOf(
                        Map.of(
                                "security.protocol", "SASL_SSL",
                                "sasl.mechanism", "SCRAM-SHA-512",
                                "sasl.jaas.config", "x required;"));
    }

    @Test
    void kafkaWhenNothingSetThenEmptyAndDefaultsApply() {
        GuardConfig config = mapping(Map.of());

        assertThat(config.kafka()).isEmpty();
        assertThat(config.producerSource()).isEqualTo(RevocationTopic.PRODUCER_SOURCE);
        assertThat(config.clockSkew()).isEqualTo(Duration.ofSeconds(5));
    }

    private static GuardConfig mapping(Map<String, String> properties) {
        SmallRyeConfig config =
                new SmallRyeConfigBuilder()
                        .withMapping(GuardConfig.class)
                        // Quarkus reads "5s" as a Duration; plain SmallRye needs ISO-8601.
                        .withConverter(Duration.class, 200, new DurationConverter())
                        .withSources(new PropertiesConfigSource(properties, "test", 100))
                        .build();
        return config.getConfigMapping(GuardConfig.class);
    }
}
