package dev.grantwire.system;

import static org.assertj.core.api.Assertions.assertThat;

import dev.grantwire.system.Grantwire.Answer;
import dev.grantwire.system.Grantwire.App;
import dev.grantwire.system.Grantwire.Tokens;
import dev.grantwire.testsupport.service.ServiceProcess;
import dev.grantwire.testsupport.stack.Stack;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A restarted guard (issue 19, item 4): an example API instance killed with -9 and started again
 * while revocations keep coming refuses every revoked token from its first answered request on.
 * Each check sends only tokens whose revoke was answered before the check began, so a 200 for one
 * of them is a revocation the restarted guard let through.
 */
@ExtendWith(StackExtension.class)
class GuardRestartFaultsIT {

    private static final String SCOPES = RevocationFaultsIT.SCOPES;
    private static final int TOKENS = 60;
    private static final Duration DEADLINE = Duration.ofMinutes(2);

    @Test
    void guardKilledAndRestartedWhileRevocationsComeRefusesEveryRevokedTokenFromItsFirstAnswer(
            Stack stack) throws Exception {
        Grantwire grantwire = new Grantwire(stack);
        App app = grantwire.registerApp(SCOPES);
        ServiceProcess guard = stack.startResourceApi().awaitReady(DEADLINE);
        List<UUID> users = new ArrayList<>();
        List<Tokens> tokens = new ArrayList<>();
        for (int i = 0; i < TOKENS; i++) {
            UUID user = grantwire.newUser();
            users.add(user);
            tokens.add(grantwire.authorizeWhenFresh(user, app, SCOPES));
        }
        for (Tokens token : tokens) {
            assertThat(grantwire.workItemsStatus(guard.baseUrl(), token.access())).isEqualTo(200);
        }

        // Revocations keep coming, one every 50 ms, before, during and after the restart.
        Set<Integer> revoked = ConcurrentHashMap.newKeySet();
        CountDownLatch aThird = new CountDownLatch(TOKENS / 3);
        ExecutorService background = Executors.newSingleThreadExecutor();
        Future<?> revoking =
                background.submit(
                        () -> {
                            for (int i = 0; i < TOKENS; i++) {
                                Answer answer =
                                        grantwire.userRevoke(users.get(i), tokens.get(i).grantId());
                                if (answer.status() == 201) {
                                    revoked.add(i);
                                }
                                aThird.countDown();
                                Thread.sleep(50);
                            }
                            return null;
                        });
        try {
            assertThat(aThird.await(1, TimeUnit.MINUTES)).isTrue();
            guard.kill();
            guard.restart();

            Map<Integer, Integer> served = new ConcurrentHashMap<>();
            int checks = 0;
            int refusedAfterFirstAnswer = 0;
            boolean answered = false;
            long deadline = System.nanoTime() + DEADLINE.toNanos();
            while (!(revoking.isDone() && answered && checks > 0 && allChecked(revoked, served))
                    && System.nanoTime() < deadline) {
                List<Integer> before = List.copyOf(revoked);
                for (int i : before) {
                    int status = status(grantwire, guard, tokens.get(i).access());
                    if (status == 0) {
                        Thread.sleep(20); // not listening yet
                        continue;
                    }
                    answered = true;
                    checks++;
                    served.merge(i, status == 200 ? 1 : 0, Integer::sum);
                    if (status == 401) {
                        refusedAfterFirstAnswer++;
                    }
                    assertThat(status)
                            .as("revoked token %d at the restarted guard", i)
                            .isIn(401, 503);
                }
            }
            revoking.get(1, TimeUnit.MINUTES);
            assertThat(answered).as("the restarted guard answered").isTrue();
            assertThat(revoked).as("revokes answered").hasSize(TOKENS);
            // Every revoked token was checked at the restarted guard, and none was served.
            assertThat(served.keySet()).containsAll(revoked);
            assertThat(served.values()).allMatch(count -> count == 0);
            // The guard is not refusing everything: a token issued after the restart works.
            Tokens fresh = grantwire.authorizeWhenFresh(grantwire.newUser(), app, SCOPES);
            Instances.awaitStatus(
                    grantwire, List.of(guard.baseUrl()), fresh.access(), 200, DEADLINE);
            System.out.println(
                    "guard restart: "
                            + revoked.size()
                            + " revocations, "
                            + checks
                            + " checks of revoked tokens at the restarted guard, "
                            + refusedAfterFirstAnswer
                            + " answered 401, the rest 503 while it caught up, none served");
        } finally {
            background.shutdownNow();
        }
    }

    private static boolean allChecked(Set<Integer> revoked, Map<Integer, Integer> served) {
        return served.keySet().containsAll(revoked);
    }

    /** The guard's answer to a token, or 0 when nothing listens on its port yet. */
    private static int status(Grantwire grantwire, ServiceProcess guard, String token) {
        try {
            return grantwire.workItemsStatus(guard.baseUrl(), token);
        } catch (AssertionError connectionRefused) {
            return 0;
        }
    }
}
