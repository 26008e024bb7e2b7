package dev.grantwire.internal.limits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.bucket4j.TimeMeter;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RateLimitsTest {

    private final AtomicLong nanos = new AtomicLong();
    private final TimeMeter clock =
            new TimeMeter() {
                @Override
                public long currentTimeNanos() {
                    return nanos.get();
                }

                @Override
                public boolean isWallClockBased() {
                    return false;
                }
            };

    @Test
    void takeWhenClientOverItsLimitThenRefusedWithRetryAfterAndOthersUntouched() {
        RateLimits limits = new RateLimits(true, 3, 100, 1, List.of(), clock);
        for (int i = 0; i < 3; i++) {
            assertThat(limits.take("app-a", "198.51.100.1")).isEmpty();
        }

        OptionalLong refused = limits.take("app-a", "198.51.100.1");

        assertThat(refused).isPresent();
        assertThat(refused.getAsLong()).isBetween(1L, 60L);
        assertThat(limits.take("app-b", "198.51.100.1")).isEmpty();
        nanos.addAndGet(Duration.ofSeconds(59).toNanos());
        assertThat(limits.take("app-a", "198.51.100.1")).isPresent();
        nanos.addAndGet(Duration.ofSeconds(1).toNanos());
        assertThat(limits.take("app-a", "198.51.100.1")).isEmpty();
    }

    @Test
    void takeWhenAddressOverItsLimitThenRefusedWhateverClientIdsItClaims() {
        RateLimits limits = new RateLimits(true, 100, 5, 1, List.of(), clock);
        for (int i = 0; i < 5; i++) {
            assertThat(limits.take("made-up-" + i, "203.0.113.9")).isEmpty();
        }

        assertThat(limits.take("made-up-5", "203.0.113.9")).isPresent();
        assertThat(limits.take(null, "203.0.113.9")).isPresent();
        assertThat(limits.take("made-up-6", "203.0.113.10")).isEmpty();
    }

    @Test
    void takeWhenSeveralReplicasThenEachEnforcesItsShare() {
        RateLimits limits = new RateLimits(true, 10, 1000, 3, List.of(), clock);
        for (int i = 0; i < 4; i++) {
            assertThat(limits.take("app", "198.51.100.1")).isEmpty();
        }

        assertThat(limits.take("app", "198.51.100.1")).isPresent();
    }

    @Test
    void takeWhenDisabledThenNeverRefused() {
        RateLimits limits = new RateLimits(false, 1, 1, 1, List.of(), clock);
        for (int i = 0; i < 10; i++) {
            assertThat(limits.take("app", "198.51.100.1")).isEmpty();
        }
    }

    @Test
    void constructWhenALimitIsNotPositiveThenRefusedNamingIt() {
        assertThatThrownBy(() -> new RateLimits(true, 0, 1, 1, List.of(), clock))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("per-client-per-minute 0");
    }

    @Test
    void addressWhenForwardedThroughATrustedProxyThenTheClient() {
        RateLimits limits = new RateLimits(true, 1, 1, 1, List.of("127.0.0.1"), clock);

        assertThat(limits.address("127.0.0.1", "203.0.113.9")).isEqualTo("203.0.113.9");
        assertThat(limits.address("198.51.100.1", "203.0.113.9")).isEqualTo("198.51.100.1");
    }
}
