package dev.grantwire.testsupport.clock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ShiftedClockTest {

    @Test
    void environmentWhenGivenToAChildThenItsWallClockRunsThatFarAheadOrBehind() throws Exception {
        assumeInstalled();
        for (long seconds : new long[] {90, -90}) {
            long before = System.currentTimeMillis() / 1000;
            long child = childEpochSeconds(Duration.ofSeconds(seconds));
            long after = System.currentTimeMillis() / 1000;

            assertThat(child)
                    .as("offset %d s", seconds)
                    .isBetween(before + seconds, after + seconds + 1);
        }
    }

    @Test
    void environmentWhenNotWholeSecondsThenRefused() {
        assertThatThrownBy(() -> ShiftedClock.environment(Duration.ofMillis(1500)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static long childEpochSeconds(Duration offset)
            throws IOException, InterruptedException {
        ProcessBuilder date = new ProcessBuilder("date", "+%s").redirectErrorStream(true);
        date.environment().putAll(ShiftedClock.environment(offset));
        Process process = date.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor()).as(out).isZero();
        return Long.parseLong(out.strip());
    }

    /** Skipped without libfaketime, unless REQUIRE_FAKETIME=1 (CI), where that fails. */
    private static void assumeInstalled() {
        if ("1".equals(System.getenv("REQUIRE_FAKETIME"))) {
            assertThat(ShiftedClock.library())
                    .as("libfaketime (apt-get install faketime)")
                    .isPresent();
        }
        assumeThat(ShiftedClock.library()).as("libfaketime (apt-get install faketime)").isPresent();
    }
}
