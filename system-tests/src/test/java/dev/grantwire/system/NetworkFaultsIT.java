package dev.grantwire.system;

import static org.assertj.core.api.Assertions.assertThat;

import dev.grantwire.system.Grantwire.App;
import dev.grantwire.system.Grantwire.Tokens;
import dev.grantwire.testsupport.keycloak.GrantwireRealm;
import dev.grantwire.testsupport.network.FaultProxy;
import dev.grantwire.testsupport.service.ServiceProcess;
import dev.grantwire.testsupport.stack.Stack;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;

/**
 * Faults of the network between parts (issue 19, item 2), injected by test-support's {@link
 * FaultProxy}: this machine's kernel has no {@code sch_netem}, so {@code tc netem} in a network
 * namespace cannot delay or drop anything. The broker has a second listener advertised at the
 * proxy's port ({@link Stack#kafkaProxy()}), so a guard bootstrapped there reaches the broker only
 * through it; consent-service reaches grant-service through another ({@link Stack#grantProxy()}).
 *
 * <ul>
 *   <li>A guard cut off from the broker for longer than B refuses delegated tokens with 503 once
 *       its watermark is older than B, serves client-credentials tokens throughout, and recovers by
 *       itself when the partition heals, with the revocation made meanwhile.
 *   <li>A slow broker (300 ms on every chunk, each way): propagation to that guard slows by about
 *       that much; every revocation still arrives.
 *   <li>grant-service unreachable from consent-service: the approval's Accept and "Manage
 *       authorizations" answer a plain page within consent-service's timeout, and once it heals the
 *       user's approval goes through: the app gets its tokens and one authorization is listed.
 * </ul>
 */
@ExtendWith(StackExtension.class)
class NetworkFaultsIT {

    private static final String SCOPES = RevocationFaultsIT.SCOPES;
    private static final Duration B = StackExtension.STALENESS;
    private static final Duration DEADLINE = Duration.ofMinutes(1);
    private static final Path WORK = Path.of("target/system-faults/browser");
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @Test
    void guardCutOffFromTheBrokerBeyondBRefusesDelegatedServesServiceTokensAndRecovers(Stack stack)
            throws Exception {
        FaultProxy proxy = stack.kafkaProxy();
        Grantwire grantwire = new Grantwire(stack);
        App app = grantwire.registerApp(SCOPES);
        Tokens delegated = grantwire.authorizeWhenFresh(grantwire.newUser(), app, SCOPES);
        UUID revokedUser = grantwire.newUser();
        Tokens revoked = grantwire.authorizeWhenFresh(revokedUser, app, SCOPES);
        // A service's own client-credentials token: consent-service's, which this guard takes
        // because it also serves grant-service's audience, as an API called by services would.
        String service = grantwire.newServiceToken();
        ServiceProcess guard =
                proxiedGuard(
                        stack,
                        Map.of(
                                "grantwire.guard.audience",
                                "urn:grantwire:api:work-items,urn:grantwire:grant-service"));
        try {
            String url = guard.baseUrl();
            assertThat(grantwire.workItemsStatus(url, delegated.access())).isEqualTo(200);
            assertThat(grantwire.workItemsStatus(url, revoked.access())).isEqualTo(200);
            assertThat(status(url + "/api/me", service)).isEqualTo(200);
            long connectionsBefore = proxy.connections();

            proxy.partition();
            long cut = System.nanoTime();
            // Revoked while the guard cannot hear it: within B it may still serve the token (the
            // bound this design gives), after that it serves no delegated token at all.
            assertThat(grantwire.userRevoke(revokedUser, revoked.grantId()).status())
                    .isEqualTo(201);
            Map<String, Integer> counts = new TreeMap<>();
            long firstRefusal = -1;
            while (System.nanoTime() - cut < B.plusSeconds(4).toNanos()) {
                int fresh = grantwire.workItemsStatus(url, delegated.access());
                int gone = grantwire.workItemsStatus(url, revoked.access());
                int own = status(url + "/api/me", service);
                counts.merge("delegated " + fresh, 1, Integer::sum);
                counts.merge("revoked " + gone, 1, Integer::sum);
                counts.merge("service " + own, 1, Integer::sum);
                assertThat(own).as("a client-credentials token is never gated").isEqualTo(200);
                if (firstRefusal < 0 && fresh == 503) {
                    firstRefusal = System.nanoTime();
                }
                if (firstRefusal >= 0) {
                    assertThat(fresh).as("delegated, once stale").isEqualTo(503);
                    assertThat(gone).as("revoked, once stale").isIn(401, 503);
                } else {
                    assertThat(fresh).isEqualTo(200);
                    assertThat(gone).isIn(200, 401);
                }
                Thread.sleep(100);
            }
            assertThat(firstRefusal).as("the guard went stale").isPositive();
            long staleAfter = (firstRefusal - cut) / 1_000_000;
            // The watermark was at most a heartbeat (1 s) old when the partition began.
            assertThat(staleAfter).isLessThanOrEqualTo(B.plusSeconds(2).toMillis());

            proxy.heal();
            long healed = System.nanoTime();
            Duration toFresh =
                    Instances.awaitStatus(
                            grantwire, List.of(url), delegated.access(), 200, DEADLINE);
            Instances.awaitStatus(grantwire, List.of(url), revoked.access(), 401, DEADLINE);
            long recovered = (System.nanoTime() - healed) / 1_000_000;
            assertThat(proxy.connections()).isGreaterThanOrEqualTo(connectionsBefore);
            System.out.printf(
                    "guard cut off from the broker: delegated refused %d ms after the cut (B = %d"
                            + " ms); answers meanwhile %s; serving again %d ms after the heal,"
                            + " the revocation made meanwhile applied within %d ms%n",
                    staleAfter, B.toMillis(), counts, toFresh.toMillis(), recovered);
        } finally {
            proxy.heal();
            guard.close();
        }
    }

    @Test
    void slowBrokerDelaysPropagationAndLosesNothing(Stack stack) throws Exception {
        FaultProxy proxy = stack.kafkaProxy();
        Grantwire grantwire = new Grantwire(stack);
        App app = grantwire.registerApp(SCOPES);
        ServiceProcess guard = proxiedGuard(stack, Map.of());
        String direct = stack.resourceApis().get(0).baseUrl();
        List<UUID> users = new ArrayList<>();
        List<Tokens> tokens = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            users.add(grantwire.newUser());
            tokens.add(grantwire.authorizeWhenFresh(users.get(i), app, SCOPES));
        }
        Tokens fresh = grantwire.authorizeWhenFresh(grantwire.newUser(), app, SCOPES);
        try {
            proxy.delay(Duration.ofMillis(300));
            List<Long> slow = new ArrayList<>();
            List<Long> fast = new ArrayList<>();
            for (int i = 0; i < tokens.size(); i++) {
                assertThat(grantwire.userRevoke(users.get(i), tokens.get(i).grantId()).status())
                        .isEqualTo(201);
                long answered = System.nanoTime();
                Instances.awaitStatus(grantwire, List.of(direct), tokens.get(i).access(), 401, B);
                fast.add((System.nanoTime() - answered) / 1_000_000);
                Instances.awaitStatus(
                        grantwire, List.of(guard.baseUrl()), tokens.get(i).access(), 401, B);
                slow.add((System.nanoTime() - answered) / 1_000_000);
            }
            // Still fresh: heartbeats come late, not too late.
            assertThat(grantwire.workItemsStatus(guard.baseUrl(), fresh.access())).isEqualTo(200);
            slow.sort(null);
            fast.sort(null);
            // The fault was real: every revocation reached the slow guard at least one delay
            // after the revoke was answered.
            assertThat(slow.get(0)).isGreaterThanOrEqualTo(300);
            System.out.printf(
                    "slow broker (300 ms each way): revoke to refused at the slow guard %s ms,"
                            + " at a guard beside it %s ms; none lost (%d of %d)%n",
                    slow, fast, slow.size(), tokens.size());
        } finally {
            proxy.delay(Duration.ZERO);
            guard.close();
        }
    }

    @Test
    void grantServiceUnreachableFromConsentServiceThenPlainPagesAndTheApprovalGoesThroughAfter(
            Stack stack) throws Exception {
        FaultProxy proxy = stack.grantProxy();
        Grantwire grantwire = new Grantwire(stack);
        try (CallbackServer callback = CallbackServer.start(WORK);
                BrowserUser alice = BrowserUser.open(stack, GrantwireRealm.ALICE, WORK)) {
            WebApp app = WebApp.register(grantwire, callback, SCOPES, false);
            Grantwire.AuthorizeRequest request = app.request(SCOPES);
            alice.go(request.url());
            alice.awaitApproval();

            proxy.partition();
            long accepted = System.nanoTime();
            alice.accept();
            alice.awaitTitle("Try again in a moment");
            long acceptAnswered = (System.nanoTime() - accepted) / 1_000_000;
            assertThat(alice.browser.findElement(By.id("message")).getText())
                    .contains("the app has not been told");
            long listed = System.nanoTime();
            alice.page("/authorizations");
            alice.awaitTitle("Try again in a moment");
            long listAnswered = (System.nanoTime() - listed) / 1_000_000;

            proxy.heal();
            // The user starts again from the app: approved (again, or remembered if the first
            // Accept reached grant-service after all), the app gets its code and its tokens.
            Grantwire.AuthorizeRequest again = app.request(SCOPES);
            alice.go(again.url());
            if (!alice.browser.findElements(By.id("app-name")).isEmpty()) {
                alice.accept();
            }
            Tokens tokens = app.redeem(again, SCOPES);
            Map<String, String> authorizations = alice.authorizations();
            assertThat(authorizations).containsEntry(app.clientId(), tokens.grantId().toString());
            assertThat(
                            alice.browser.findElements(
                                    By.cssSelector(
                                            "li.authorization[data-client='"
                                                    + app.clientId()
                                                    + "']")))
                    .hasSize(1);
            Instances.awaitStatus(
                    grantwire, Instances.of(stack), tokens.access(), 200, Duration.ofSeconds(10));
            System.out.printf(
                    "grant-service unreachable from consent-service: Accept answered in %d ms,"
                            + " Manage authorizations in %d ms (plain page); after the heal the"
                            + " approval went through%n",
                    acceptAnswered, listAnswered);
        } finally {
            proxy.heal();
        }
    }

    /** An example API instance that reaches the broker only through the Kafka proxy. */
    private static ServiceProcess proxiedGuard(Stack stack, Map<String, String> config) {
        Map<String, String> all = new java.util.HashMap<>(config);
        all.put("kafka.bootstrap.servers", stack.kafka().proxiedBootstrapServers());
        return stack.startResourceApi(all).awaitReady(DEADLINE);
    }

    private static int status(String url, String token) {
        try {
            return HTTP.send(
                            HttpRequest.newBuilder(URI.create(url))
                                    .header("Authorization", "Bearer " + token)
                                    .timeout(Duration.ofSeconds(5))
                                    .build(),
                            HttpResponse.BodyHandlers.discarding())
                    .statusCode();
        } catch (IOException e) {
            throw new AssertionError("GET " + url + " failed: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
