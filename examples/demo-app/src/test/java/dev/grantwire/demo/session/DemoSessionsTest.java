package dev.grantwire.demo.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Outside review 10: sessions are forgotten when idle, and never more than the cap are held. */
class DemoSessionsTest {

    private final AtomicLong nanos = new AtomicLong();
    private final DemoSessions sessions = new DemoSessions(Duration.ofMinutes(30), 5, nanos::get);

    @Test
    void findWhenUsedWithinTheIdleTimeoutThenKeptAndAfterItForgotten() {
        DemoSession kept = sessions.create();
        DemoSession idle = sessions.create();

        advance(Duration.ofMinutes(20));
        assertThat(sessions.find(kept.id())).isSameAs(kept);
        advance(Duration.ofMinutes(20));

        assertThat(sessions.find(kept.id())).isSameAs(kept);
        assertThat(sessions.find(idle.id())).isNull();
        assertThat(sessions.size()).isEqualTo(1);
    }

    @Test
    void createWhenMoreThanTheCapThenOnlyTheCapHeld() {
        List<DemoSession> made = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            made.add(sessions.create());
        }

        assertThat(sessions.size()).isBetween(1L, 5L);
        assertThat(made.stream().filter(s -> sessions.find(s.id()) != null).count())
                .isBetween(1L, 5L);
    }

    private void advance(Duration duration) {
        nanos.addAndGet(duration.toNanos());
    }
}
