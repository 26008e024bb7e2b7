package dev.grantwire.grant.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Read-your-writes after a revoke, without Quarkus: what ends the wait. */
class FeedPositionWaitTest {

    private static final Duration S = Duration.ofSeconds(5);

    @Test
    void awaitWhenTheSequenceIsAppliedThenReturnsAtOnce() {
        AtomicInteger reads = new AtomicInteger();

        FeedPositionWait.await(
                7, sequence -> reads.incrementAndGet() > 0, () -> -1, Duration.ofMinutes(1), S);

        assertThat(reads).hasValue(1);
    }

    @Test
    void awaitWhenTheSequenceWasNeverRecordedButTheWatermarkCoversTheArrivalThenReturns() {
        // Before, an unknown sequence held the caller for the whole timeout, polling every 20 ms.
        long future = System.currentTimeMillis() + Duration.ofHours(1).toMillis();

        FeedPositionWait.await(
                999_999_999L, sequence -> false, () -> future, Duration.ofMinutes(10), S);
    }

    @Test
    void awaitWhenNeitherAppliedNorCoveredThen503OnceTheTimeoutPasses() {
        long behind = System.currentTimeMillis();

        assertThatThrownBy(
                        () ->
                                FeedPositionWait.await(
                                        42,
                                        sequence -> false,
                                        () -> behind,
                                        Duration.ofMillis(50),
                                        S))
                .isInstanceOfSatisfying(
                        ProblemException.class, e -> assertThat(e.status()).isEqualTo(503));
    }

    @Test
    void awaitWhenTheWatermarkIsPastTheArrivalButNotBySThenStillWaits() {
        // A revocation committed just before the call may carry a time up to S ahead of this host.
        long withinS = System.currentTimeMillis() + S.toMillis() / 2;

        assertThatThrownBy(
                        () ->
                                FeedPositionWait.await(
                                        42,
                                        sequence -> false,
                                        () -> withinS,
                                        Duration.ofMillis(50),
                                        S))
                .isInstanceOfSatisfying(
                        ProblemException.class, e -> assertThat(e.status()).isEqualTo(503));
    }

    @Test
    void awaitWhenTheSequenceIsNotPositiveThen400() {
        for (long sequence : new long[] {0, -1, Long.MIN_VALUE}) {
            assertThatThrownBy(
                            () ->
                                    FeedPositionWait.await(
                                            sequence,
                                            s -> true,
                                            () -> -1,
                                            Duration.ofSeconds(1),
                                            S))
                    .isInstanceOfSatisfying(
                            ProblemException.class, e -> assertThat(e.status()).isEqualTo(400));
        }
    }
}
