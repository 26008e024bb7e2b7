package dev.grantwire.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.grantwire.testsupport.balancer.Haproxy;
import dev.grantwire.testsupport.service.ServiceProcess;
import dev.grantwire.testsupport.stack.Stack;
import dev.grantwire.testsupport.stack.Stack.Service;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Steady mixed traffic through HAProxy ({@link MixedLoad}) while one replica of each service in
 * turn is killed with -9 and restarted. Only idempotent calls are retried, once (API reads, the
 * authorize page, RFC 7009 revocation); a token request or a refresh never is. No revocation is
 * lost: every one answered is refused at every example API instance. Counts per phase and the
 * balancer's reaction times go to {@code results/replica-kill.json} in the stack's folder and to
 * the test's output.
 */
@ExtendWith(StackExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReplicaKillReplicasIT {

    private static final String SCOPES = "work_items.read offline_access";
    private static final Duration STEADY =
            Duration.ofSeconds(Long.getLong("grantwire.replica-kill.steady-seconds", 3));
    private static final Duration RESTART = Duration.ofMinutes(3);

    private Stack stack;
    private MixedLoad traffic;

    @BeforeAll
    void setUp(Stack stack) {
        this.stack = stack;
        Grantwire grantwire = new Grantwire(stack);
        traffic = new MixedLoad(grantwire, grantwire.registerApp(SCOPES), SCOPES, true, null);
    }

    @Test
    void aReplicaOfEachServiceKilledUnderLoadThenNothingLostAndTheBalancerRoutesAroundIt()
            throws Exception {
        Haproxy balancer = stack.balancer().orElseThrow();
        traffic.start();
        traffic.phase("steady");
        ObjectNode report = new ObjectMapper().createObjectNode();
        ArrayNode kills = report.putArray("kills");
        try {
            Thread.sleep(STEADY.toMillis());
            for (Service service :
                    List.of(
                            Service.GRANT,
                            Service.REVOCATION,
                            Service.CONSENT,
                            Service.RESOURCE_API)) {
                ServiceProcess victim = stack.replicas(service).get(0);
                Haproxy.ServerState beforeKill =
                        balancer.server(service.displayName(), victim.name());
                traffic.phase(service.displayName() + " killed");
                long killed = System.nanoTime();
                victim.kill();
                await(victim.name() + " marked down")
                        .atMost(Duration.ofSeconds(30))
                        .pollInterval(Duration.ofMillis(50))
                        .until(() -> !balancer.server(service.displayName(), victim.name()).up());
                long down = System.nanoTime();
                Thread.sleep(STEADY.toMillis());
                traffic.phase(service.displayName() + " restarting");
                long servedBefore =
                        balancer.server(service.displayName(), victim.name()).requests();
                long restarted = System.nanoTime();
                victim.restart();
                await(victim.name() + " marked up again")
                        .atMost(RESTART)
                        .pollInterval(Duration.ofMillis(100))
                        .until(() -> balancer.server(service.displayName(), victim.name()).up());
                long up = System.nanoTime();
                await(victim.name() + " served again")
                        .atMost(Duration.ofSeconds(30))
                        .pollInterval(Duration.ofMillis(50))
                        .until(
                                () ->
                                        balancer.server(service.displayName(), victim.name())
                                                        .requests()
                                                > servedBefore);
                long serving = System.nanoTime();
                Haproxy.ServerState afterRestart =
                        balancer.server(service.displayName(), victim.name());
                traffic.phase(service.displayName() + " back");
                Thread.sleep(STEADY.toMillis());
                kills.addObject()
                        .put("replica", victim.name())
                        .put("killedToMarkedDownMs", (down - killed) / 1_000_000)
                        .put("restartToMarkedUpMs", (up - restarted) / 1_000_000)
                        .put("restartToServingMs", (serving - restarted) / 1_000_000)
                        // Connections to the dead replica HAProxy tried again before it was
                        // marked down: refused at connect, so nothing had been sent.
                        .put("connectionsRetried", afterRestart.retries() - beforeKill.retries())
                        .put(
                                "connectionsRedispatched",
                                afterRestart.redispatches() - beforeKill.redispatches())
                        .put("answered5xx", afterRestart.errors5xx() - beforeKill.errors5xx());
            }
        } finally {
            traffic.stop();
            for (ServiceProcess replica : allReplicas()) {
                if (!replica.isRunning()) {
                    replica.restart().awaitReady(RESTART);
                }
            }
        }

        // Every revocation that was answered is refused at every example API instance.
        List<String> instances = Instances.of(stack);
        Grantwire grantwire = new Grantwire(stack);
        for (String token : traffic.revoked()) {
            Instances.awaitStatus(grantwire, instances, token, 401, Duration.ofSeconds(30));
        }
        report.put("revocationsSent", traffic.revocationsSent());
        report.put("revocationsAnswered", traffic.revoked().size());
        report.put("revocationsRefusedEverywhere", traffic.revoked().size());
        report.set("outcomes", new ObjectMapper().valueToTree(traffic.counts()));
        report.set("ioErrors", new ObjectMapper().valueToTree(traffic.ioErrors()));
        Path results = StackExtension.work().resolve("results");
        Files.createDirectories(results);
        Files.writeString(results.resolve("replica-kill.json"), report.toPrettyString());
        System.out.println("Replica kill under load:\n" + report.toPrettyString());

        assertThat(kills).hasSize(4);
        assertThat(traffic.revoked()).hasSizeGreaterThan(10);
        Map<String, Map<String, Map<String, Long>>> counts = traffic.counts();
        // Outside the kills nothing fails, and in each phase most requests succeed: the balancer
        // routes around the dead replica and only requests in flight at the kill can fail.
        for (Map.Entry<String, Map<String, Map<String, Long>>> byPhase : counts.entrySet()) {
            for (Map.Entry<String, Map<String, Long>> byKind : byPhase.getValue().entrySet()) {
                long ok = byKind.getValue().getOrDefault("ok", 0L);
                long all = byKind.getValue().values().stream().mapToLong(Long::longValue).sum();
                assertThat(ok)
                        .as(byPhase.getKey() + " " + byKind.getKey() + " " + byKind.getValue())
                        .isGreaterThanOrEqualTo(all - 10);
            }
        }
    }

    private List<ServiceProcess> allReplicas() {
        List<ServiceProcess> all = new ArrayList<>();
        for (Service service : Service.values()) {
            all.addAll(stack.replicas(service));
        }
        return all;
    }
}
