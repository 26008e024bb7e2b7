package dev.grantwire.system;

import static org.assertj.core.api.Assertions.assertThat;

import dev.grantwire.system.Grantwire.Answer;
import dev.grantwire.system.Grantwire.App;
import dev.grantwire.system.Grantwire.Revoked;
import dev.grantwire.system.Grantwire.Tokens;
import dev.grantwire.testsupport.stack.Stack;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Revocation against what races it: authorizing again right after a revoke, a replayed code, and a
 * refresh at the same instant as the revoke.
 */
@ExtendWith(StackExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RevocationRacesIT {

    static final String SCOPES = "work_items.read offline_access";
    static final Duration DEADLINE = Duration.ofSeconds(10);

    private Grantwire grantwire;
    private List<String> instances;
    private App app;
    private ExecutorService threads;

    @BeforeAll
    void setUp(Stack stack) {
        grantwire = new Grantwire(stack);
        instances = Instances.of(stack);
        app = grantwire.registerApp(SCOPES);
        threads = Executors.newFixedThreadPool(2);
    }

    @AfterAll
    void tearDown() {
        threads.shutdownNow();
    }

    @Test
    void authorizingAgainRightAfterARevokeGetsAFreshGrant() {
        for (int round = 0; round < 20; round++) {
            UUID user = grantwire.newUser();
            Tokens old = grantwire.authorize(user, app, SCOPES, null);
            Instances.awaitStatus(grantwire, instances, old.access(), 200, DEADLINE);

            Revoked revoked = grantwire.revokeAsUser(user, old.grantId());
            // At once, passing the revoke's sequence as consent-service does.
            Tokens fresh = grantwire.authorize(user, app, SCOPES, revoked.sequence());

            assertThat(fresh.grantId()).as("round %d", round).isNotEqualTo(old.grantId());
            for (String instance : instances) {
                assertThat(grantwire.workItemsStatus(instance, fresh.access()))
                        .as("round %d at %s", round, instance)
                        .isEqualTo(200);
            }
            Instances.awaitStatus(grantwire, instances, old.access(), 401, DEADLINE);
            assertThat(grantwire.refresh(app, old.refresh()).status()).isEqualTo(400);
            assertThat(grantwire.refresh(app, fresh.refresh()).status()).isEqualTo(200);
        }
    }

    @Test
    void aReplayedCodeKillsTheTokenItAlreadyGaveWithinASecond() {
        UUID user = grantwire.newUser();
        String code = grantwire.consent(user, app, SCOPES, null);
        Answer first = grantwire.exchange(app, code);
        Grantwire.expect(first, 200, "first exchange");
        Tokens tokens = Grantwire.tokens(first);
        Instances.awaitStatus(grantwire, instances, tokens.access(), 200, DEADLINE);

        Answer replay = grantwire.exchange(app, code);
        long replayed = System.nanoTime();
        assertThat(replay.status()).isEqualTo(400);
        assertThat(replay.json().path("error").asText()).isEqualTo("invalid_grant");

        Instances.awaitStatus(grantwire, instances, tokens.access(), 401, Duration.ofSeconds(1));
        Duration took = Duration.ofNanos(System.nanoTime() - replayed);
        System.out.println(
                "code replay -> refused at every instance in " + took.toMillis() + " ms");
        assertThat(grantwire.refresh(app, tokens.refresh()).status()).isEqualTo(400);
    }

    @Test
    void noTokenOfARevokedGrantSurvivesARefreshRacingTheRevoke() throws Exception {
        int refreshedFirst = 0;
        for (int round = 0; round < 50; round++) {
            UUID user = grantwire.newUser();
            Tokens tokens = grantwire.authorize(user, app, SCOPES, null);
            CyclicBarrier barrier = new CyclicBarrier(2);
            Future<Revoked> revoke =
                    threads.submit(
                            () -> {
                                barrier.await(5, TimeUnit.SECONDS);
                                return grantwire.revokeAsUser(user, tokens.grantId());
                            });
            // The revoke takes longer to land than a refresh: staggering the refresh by 0 to 90
            // ms lets each side win some rounds, and some land at the same instant.
            long stagger = Duration.ofMillis(round % 10 * 10L).toNanos();
            Future<Answer> refresh =
                    threads.submit(
                            () -> {
                                barrier.await(5, TimeUnit.SECONDS);
                                LockSupport.parkNanos(stagger);
                                return grantwire.refresh(app, tokens.refresh());
                            });
            revoke.get(30, TimeUnit.SECONDS);
            Answer refreshed = refresh.get(30, TimeUnit.SECONDS);

            Instances.awaitStatus(grantwire, instances, tokens.access(), 401, DEADLINE);
            awaitAppliedAtGrantService(tokens.access());
            if (refreshed.status() == 200) {
                refreshedFirst++;
                Tokens won = Grantwire.tokens(refreshed);
                assertThat(won.grantId()).isEqualTo(tokens.grantId());
                // The access token minted in the race carries the grant: refused everywhere.
                Instances.awaitStatus(grantwire, instances, won.access(), 401, DEADLINE);
                assertThat(grantwire.introspect(app, won.access()).path("active").asBoolean())
                        .isFalse();
                // Its refresh token was deleted with the grant once grant-service applied it.
                assertRefreshRefused(won.refresh(), round);
            } else {
                assertThat(refreshed.status())
                        .as("round %d: %s", round, refreshed.body())
                        .isEqualTo(400);
            }
            assertRefreshRefused(tokens.refresh(), round);
        }
        System.out.println("refresh won the race in " + refreshedFirst + " of 50 rounds");
    }

    /** Introspection turns inactive once grant-service has applied the grant's revocation. */
    private void awaitAppliedAtGrantService(String accessToken) {
        long end = System.nanoTime() + DEADLINE.toNanos();
        while (grantwire.introspect(app, accessToken).path("active").asBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("grant-service did not apply the revocation in time");
            }
        }
    }

    /** One attempt, after grant-service applied the revocation: it must fail. */
    private void assertRefreshRefused(String refreshToken, int round) {
        Answer answer = grantwire.refresh(app, refreshToken);
        assertThat(answer.status()).as("round %d: %s", round, answer.body()).isEqualTo(400);
        assertThat(answer.json().path("error").asText()).isEqualTo("invalid_grant");
    }
}
