package dev.grantwire.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

import dev.grantwire.system.Grantwire.App;
import dev.grantwire.system.Grantwire.Tokens;
import dev.grantwire.testsupport.clock.ShiftedClock;
import dev.grantwire.testsupport.service.ServiceMetrics;
import dev.grantwire.testsupport.service.ServiceProcess;
import dev.grantwire.testsupport.stack.Stack;
import java.nio.file.Files;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Guards whose hosts' clocks are off (issue 19, item 3): example API instances started with their
 * wall clock shifted by libfaketime ({@link ShiftedClock}), against the issuer's and the database's
 * true time. S is 5 s (the guard's default), B 10 s.
 *
 * <ul>
 *   <li>S ahead and S behind: ready, a fresh token is served, a revoked one refused; the measured
 *       offset is reported and not flagged.
 *   <li>Beyond S ahead (7 s): still serves fresh tokens (tokens only look older) and refuses
 *       revoked ones; the offset is flagged by a metric and a WARN line.
 *   <li>Beyond S behind (7 s): it would accept tokens past their expiry, so from its first live
 *       heartbeat on it refuses every delegated token with 503 (and ignores every heartbeat, which
 *       claims the future); flagged by the metric and a WARN line.
 * </ul>
 */
@ExtendWith(StackExtension.class)
class GuardClockFaultsIT {

    private static final String SCOPES = RevocationFaultsIT.SCOPES;
    private static final Duration S = Duration.ofSeconds(5);
    private static final Duration BEYOND = S.plusSeconds(2);
    private static final Duration DEADLINE = Duration.ofMinutes(2);

    @Test
    void guardClocksWithinSkewServeFreshAndRefuseRevokedAndBeyondSkewAreFlaggedAndFailClosed(
            Stack stack) throws Exception {
        if (!"1".equals(System.getenv("REQUIRE_FAKETIME"))) {
            assumeThat(ShiftedClock.library())
                    .as("libfaketime (apt-get install faketime); REQUIRE_FAKETIME=1 fails instead")
                    .isPresent();
        }
        Map<String, Duration> offsets = new LinkedHashMap<>();
        offsets.put("S ahead", S);
        offsets.put("S behind", S.negated());
        offsets.put("beyond S ahead", BEYOND);
        offsets.put("beyond S behind", BEYOND.negated());
        // All four start together: one JVM boot's wait, not four.
        Map<String, ServiceProcess> guards = new LinkedHashMap<>();
        try {
            check(stack, offsets, guards);
        } finally {
            guards.values().forEach(ServiceProcess::close);
        }
    }

    private static void check(
            Stack stack, Map<String, Duration> offsets, Map<String, ServiceProcess> guards)
            throws Exception {
        offsets.forEach(
                (name, offset) ->
                        guards.put(
                                name,
                                stack.startResourceApi(
                                        Map.of(), ShiftedClock.environment(offset))));
        for (String name : List.of("S ahead", "S behind", "beyond S ahead")) {
            guards.get(name).awaitReady(DEADLINE);
        }
        ServiceProcess behindBeyond = guards.get("beyond S behind").awaitLive(DEADLINE);

        Grantwire grantwire = new Grantwire(stack);
        App app = grantwire.registerApp(SCOPES);
        Tokens fresh = grantwire.authorizeWhenFresh(grantwire.newUser(), app, SCOPES);
        UUID revokedUser = grantwire.newUser();
        Tokens revoked = grantwire.authorizeWhenFresh(revokedUser, app, SCOPES);
        for (String name : List.of("S ahead", "S behind", "beyond S ahead")) {
            String url = guards.get(name).baseUrl();
            assertThat(grantwire.workItemsStatus(url, fresh.access())).as(name).isEqualTo(200);
            assertThat(grantwire.workItemsStatus(url, revoked.access())).as(name).isEqualTo(200);
        }
        assertThat(grantwire.userRevoke(revokedUser, revoked.grantId()).status()).isEqualTo(201);

        StringBuilder report = new StringBuilder("guard clocks:");
        for (String name : List.of("S ahead", "S behind", "beyond S ahead")) {
            ServiceProcess guard = guards.get(name);
            Instances.awaitStatus(
                    grantwire, List.of(guard.baseUrl()), revoked.access(), 401, DEADLINE);
            assertThat(grantwire.workItemsStatus(guard.baseUrl(), fresh.access()))
                    .as(name)
                    .isEqualTo(200);
            double offset = awaitOffset(guard);
            double expected = offsets.get(name).toMillis() / 1000.0;
            // Transit and the heartbeat's own timing only add a little, never take away.
            assertThat(offset).as(name).isBetween(expected - 0.5, expected + 1.5);
            double flagged = name.startsWith("beyond") ? 1.0 : 0.0;
            // Flagged once three heartbeats agree.
            await(name + " flagged " + flagged)
                    .atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(200))
                    .until(
                            () ->
                                    ServiceMetrics.value(
                                                    guard, "grantwire_guard_clock_skew_exceeded")
                                            == flagged);
            report.append(String.format(" %s measured %+.3f s;", name, offset));
        }
        assertThat(Files.readString(guards.get("beyond S ahead").logFile()))
                .contains("ms ahead of revocation-service's database clock");

        // Behind beyond S: flagged, and no delegated token is accepted. Its readiness stays as it
        // was: a wrong clock of the database's would put every guard behind.
        assertThat(awaitOffset(behindBeyond))
                .isBetween(-BEYOND.toSeconds() - 0.5, -BEYOND.toSeconds() + 1.5);
        await("behind beyond S flagged")
                .atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(200))
                .until(
                        () ->
                                ServiceMetrics.value(
                                                behindBeyond, "grantwire_guard_clock_skew_exceeded")
                                        == 1.0);
        assertThat(ServiceMetrics.value(behindBeyond, "grantwire_guard_heartbeats_ignored_total"))
                .isPositive();
        for (int i = 0; i < 10; i++) {
            assertThat(grantwire.workItemsStatus(behindBeyond.baseUrl(), fresh.access()))
                    .isEqualTo(503);
            // The revoked one: refused as revoked (the table is read before staleness).
            assertThat(grantwire.workItemsStatus(behindBeyond.baseUrl(), revoked.access()))
                    .isEqualTo(401);
            Thread.sleep(200);
        }
        assertThat(Files.readString(behindBeyond.logFile()))
                .contains("ms behind revocation-service's database clock");
        report.append(
                String.format(
                        " beyond S behind measured %+.3f s, every delegated token 503",
                        ServiceMetrics.value(
                                behindBeyond, "grantwire_guard_clock_offset_seconds")));
        System.out.println(report);
    }

    /** Waits until the guard has measured its offset (it needs live heartbeats), and returns it. */
    private static double awaitOffset(ServiceProcess guard) {
        await(guard.name() + " measured its clock")
                .atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(200))
                .until(
                        () ->
                                !Double.isNaN(
                                        ServiceMetrics.value(
                                                guard, "grantwire_guard_clock_offset_seconds")));
        return ServiceMetrics.value(guard, "grantwire_guard_clock_offset_seconds");
    }
}
