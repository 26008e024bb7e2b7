package dev.grantwire.testsupport.stack;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * Where the whole system runs: a home folder for data and logs, and the ports of each part (0 = a
 * free port, for tests). Immutable.
 *
 * @param root the project's root folder (to find the packaged services)
 * @param home where data and logs live
 * @param keepData keep databases, topic and Keycloak across restarts (local stack) or start fresh
 *     (tests)
 * @param consent consent-service's API and management ports
 * @param grant grant-service's
 * @param revocation revocation-service's
 * @param resourceApi the first example resource API instance's
 * @param demoApp the demo third-party app's (registered at grant-service when the stack starts)
 * @param keycloakPort Keycloak's HTTP port
 * @param keycloakManagementPort Keycloak's management (health) port
 * @param kafkaPort the Kafka broker
 * @param postgresPort PostgreSQL
 * @param staleness B, passed to every service
 * @param resourceApiInstances how many example resource API instances to start (each its own JVM);
 *     the first listens on {@code resourceApi}, the others on free ports
 * @param overrides extra configuration per service, applied last (a test that needs a setting no
 *     other run wants)
 * @param replicas how many instances of grant-service, revocation-service and consent-service to
 *     start; above 1, every service (the example API's instances too) is reached through HAProxy
 *     ({@link dev.grantwire.testsupport.balancer.Haproxy}), as Kubernetes would reach it
 * @param grantProxy consent-service reaches grant-service through a fault-injecting proxy ({@link
 *     Stack#grantProxy()}); one instance of each service only
 */
public record StackSettings(
        Path root,
        Path home,
        boolean keepData,
        ServicePorts consent,
        ServicePorts grant,
        ServicePorts revocation,
        ServicePorts resourceApi,
        ServicePorts demoApp,
        int keycloakPort,
        int keycloakManagementPort,
        int kafkaPort,
        int postgresPort,
        Duration staleness,
        int resourceApiInstances,
        Map<Stack.Service, Map<String, String>> overrides,
        int replicas,
        boolean grantProxy) {

    public StackSettings {
        if (resourceApiInstances < 1 || replicas < 1) {
            throw new IllegalArgumentException("at least one instance of everything");
        }
        if (grantProxy && replicas > 1) {
            throw new IllegalArgumentException("the grant-service proxy needs one instance");
        }
        overrides = Map.copyOf(overrides);
    }

    /** The same with {@code replicas} of every service, each service behind HAProxy. */
    public StackSettings withReplicas(int replicas) {
        return with(Math.max(resourceApiInstances, replicas), replicas, grantProxy);
    }

    /** The same with consent-service reaching grant-service through a fault-injecting proxy. */
    public StackSettings withGrantProxy() {
        return with(resourceApiInstances, replicas, true);
    }

    private StackSettings with(int resourceApiInstances, int replicas, boolean grantProxy) {
        return new StackSettings(
                root,
                home,
                keepData,
                consent,
                grant,
                revocation,
                resourceApi,
                demoApp,
                keycloakPort,
                keycloakManagementPort,
                kafkaPort,
                postgresPort,
                staleness,
                resourceApiInstances,
                overrides,
                replicas,
                grantProxy);
    }

    /** True when the services are replicated behind HAProxy. */
    public boolean balanced() {
        return replicas > 1;
    }

    /**
     * Rate limits far above what the system tests and the benchmarks send (every request comes from
     * 127.0.0.1, a benchmark's from one client); the limits themselves are tested in each service's
     * own tests.
     */
    static final Map<String, String> LOAD_LIMITS =
            Map.of(
                    "grantwire.limits.per-client-per-minute", "100000000",
                    "grantwire.limits.per-address-per-minute", "100000000");

    /**
     * Free ports everywhere, fresh data, and rate limits above any test or benchmark load: what a
     * test run wants. {@code overrides} win over these.
     */
    public static StackSettings forTests(
            Path root,
            Path home,
            Duration staleness,
            int resourceApiInstances,
            Map<Stack.Service, Map<String, String>> overrides) {
        return new StackSettings(
                root,
                home,
                false,
                ServicePorts.FREE,
                ServicePorts.FREE,
                ServicePorts.FREE,
                ServicePorts.FREE,
                ServicePorts.FREE,
                0,
                0,
                0,
                0,
                staleness,
                resourceApiInstances,
                withLoadLimits(overrides),
                1,
                false);
    }

    private static Map<Stack.Service, Map<String, String>> withLoadLimits(
            Map<Stack.Service, Map<String, String>> overrides) {
        Map<Stack.Service, Map<String, String>> merged =
                new java.util.EnumMap<>(Stack.Service.class);
        merged.putAll(overrides);
        for (Stack.Service service :
                java.util.List.of(
                        Stack.Service.GRANT, Stack.Service.REVOCATION, Stack.Service.CONSENT)) {
            Map<String, String> config = new java.util.LinkedHashMap<>(LOAD_LIMITS);
            config.putAll(overrides.getOrDefault(service, Map.of()));
            merged.put(service, config);
        }
        return merged;
    }
}
