package dev.grantwire.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RevocationBoundsTest {

    @Test
    void defaultsWhenReadThenSixtySecondsAndFiveSeconds() {
        assertThat(RevocationBounds.DEFAULTS.stalenessBound()).isEqualTo(Duration.ofSeconds(60));
        assertThat(RevocationBounds.DEFAULTS.clockSkew()).isEqualTo(Duration.ofSeconds(5));
        assertThat(RevocationBounds.MAX_ACCESS_TOKEN_LIFETIME).isEqualTo(Duration.ofMinutes(90));
    }

    @Test
    void cutoffWhenRevokedMidSecondThenRoundedUpToNextWholeSecond() {
        // 1_764_410_520_123 + 65_000 = 1_764_410_585_123 -> 1_764_410_586_000
        assertThat(RevocationBounds.DEFAULTS.cutoff(1_764_410_520_123L))
                .isEqualTo(1_764_410_586_000L);
    }

    @Test
    void cutoffWhenSumIsWholeSecondThenUnchanged() {
        assertThat(RevocationBounds.DEFAULTS.cutoff(1_764_410_520_000L))
                .isEqualTo(1_764_410_585_000L);
    }

    @Test
    void cutoffWhenOneMillisecondPastWholeSecondThenNextSecond() {
        assertThat(RevocationBounds.DEFAULTS.cutoff(1_764_410_520_001L))
                .isEqualTo(1_764_410_586_000L);
    }

    @Test
    void cutoffWhenTestBoundsThenUsesThem() {
        RevocationBounds bounds = RevocationBounds.ofMillis(2_000, 250);
        // 1_000_000 + 2_250 = 1_002_250 -> 1_003_000
        assertThat(bounds.cutoff(1_000_000L)).isEqualTo(1_003_000L);
    }

    @Test
    void expiresAtWhenDefaultsThenNinetyMinutesPlusBPlusTwoS() {
        // 90 min + 60 s + 2 * 5 s = 5_400_000 + 60_000 + 10_000 = 5_470_000 ms
        assertThat(RevocationBounds.DEFAULTS.expiresAt(1_764_410_520_123L))
                .isEqualTo(1_764_415_990_123L);
        assertThat(RevocationBounds.DEFAULTS.entryLifetime())
                .isEqualTo(Duration.ofMillis(5_470_000));
    }

    @Test
    void expiresAtWhenNotRoundedThenKeepsMilliseconds() {
        assertThat(RevocationBounds.ofMillis(2_000, 250).expiresAt(1_000_001L))
                .isEqualTo(1_000_001L + 5_400_000 + 2_000 + 500);
    }

    @Test
    void cutoffWhenManyRandomTimesThenWholeSecondWithinOneSecondAfterBPlusS() {
        Random random = new Random(20251129);
        for (int i = 0; i < 10_000; i++) {
            long b = 1 + random.nextInt(600_000);
            long s = random.nextInt(30_000);
            RevocationBounds bounds = RevocationBounds.ofMillis(b, s);
            long revokedAt = 1 + (random.nextLong() >>> 24);
            long cutoff = bounds.cutoff(revokedAt);
            assertThat(cutoff % 1000).isZero();
            assertThat(cutoff - (revokedAt + b + s)).isBetween(0L, 999L);
            assertThat(bounds.expiresAt(revokedAt)).isGreaterThan(cutoff);
        }
    }

    @Test
    void isStaleWhenWatermarkOlderThanBThenTrue() {
        long watermark = 1_764_410_519_000L;
        assertThat(RevocationBounds.DEFAULTS.isStale(watermark, watermark + 60_000)).isFalse();
        assertThat(RevocationBounds.DEFAULTS.isStale(watermark, watermark + 60_001)).isTrue();
        assertThat(RevocationBounds.DEFAULTS.isStale(watermark, watermark - 5_000)).isFalse();
    }

    @Test
    void constructorWhenStalenessBoundZeroThenRefused() {
        assertThatThrownBy(() -> new RevocationBounds(Duration.ZERO, Duration.ofSeconds(5)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("stalenessBound (B) must be positive but is PT0S");
    }

    @Test
    void constructorWhenClockSkewNegativeThenRefused() {
        assertThatThrownBy(() -> RevocationBounds.ofMillis(60_000, -1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("clockSkew (S) must not be negative but is PT-0.001S");
    }

    @Test
    void constructorWhenNullThenRefused() {
        assertThatThrownBy(() -> new RevocationBounds(null, Duration.ZERO))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("stalenessBound (B) must not be null");
        assertThatThrownBy(() -> new RevocationBounds(Duration.ofSeconds(1), null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("clockSkew (S) must not be null");
    }

    @Test
    void constructorWhenSubMillisecondThenRefused() {
        assertThatThrownBy(() -> new RevocationBounds(Duration.ofNanos(1_500_000), Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must be whole milliseconds");
    }

    @Test
    void constructorWhenEntryLifetimeReachesRetentionThenRefused() {
        // 90 min + 80 min + 2 * 5 min = 3 h = the topic retention
        assertThatThrownBy(
                        () -> new RevocationBounds(Duration.ofMinutes(80), Duration.ofMinutes(5)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must be shorter than the topic retention PT3H");
    }
}
