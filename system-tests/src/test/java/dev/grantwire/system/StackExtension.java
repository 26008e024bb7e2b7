package dev.grantwire.system;

import dev.grantwire.testsupport.balancer.Haproxy;
import dev.grantwire.testsupport.stack.Stack;
import dev.grantwire.testsupport.stack.StackSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Starts the whole stack once per test run and shares it with every system test that asks for a
 * {@link Stack} parameter; JUnit closes it (every process stopped) when the run ends, also when a
 * test fails.
 */
public final class StackExtension implements ParameterResolver, ExecutionCondition {

    /** B for the system tests: short, so staleness cases do not wait a minute. */
    static final Duration STALENESS = Duration.ofSeconds(10);

    /** Separately started example API instances every revocation must reach. */
    static final int RESOURCE_API_INSTANCES = 3;

    /**
     * Instances of each service: 1, or (the failsafe execution {@code replicas}) several behind
     * HAProxy, as Kubernetes runs them.
     */
    static int replicas() {
        return Integer.getInteger("grantwire.replicas", 1);
    }

    /**
     * Without Debian's haproxy a replicated run cannot start: its tests skip and say why, unless
     * {@code REQUIRE_REPLICAS=1} (CI), where the stack's start then fails and says why.
     */
    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        if (replicas() > 1
                && Haproxy.executable().isEmpty()
                && !"1".equals(System.getenv("REQUIRE_REPLICAS"))) {
            String why =
                    "replica tests skipped: haproxy is not installed (apt-get install haproxy);"
                            + " REQUIRE_REPLICAS=1 makes this a failure";
            System.err.println("SKIPPED " + context.getDisplayName() + ": " + why);
            return ConditionEvaluationResult.disabled(why);
        }
        return ConditionEvaluationResult.enabled("haproxy is there, or not needed");
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == Stack.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return context.getRoot()
                .getStore(ExtensionContext.Namespace.GLOBAL)
                .computeIfAbsent(Stack.class, key -> Stack.start(settings()), Stack.class);
    }

    private static StackSettings settings() {
        Path root =
                Path.of(System.getProperty("grantwire.root", "..")).toAbsolutePath().normalize();
        StackSettings settings =
                StackSettings.forTests(
                        root, work(), STALENESS, RESOURCE_API_INSTANCES, overrides());
        // Replicated, the example API has as many instances as every other service.
        if (replicas() > 1) {
            return StackSettings.forTests(root, work(), STALENESS, replicas(), overrides())
                    .withReplicas(replicas());
        }
        // The fault cases cut consent-service off from grant-service (NetworkFaultsIT).
        return Boolean.getBoolean("grantwire.grant-proxy") ? settings.withGrantProxy() : settings;
    }

    /** The stack's folder: data, and each service's log under {@code logs/}. */
    static Path work() {
        return Path.of(System.getProperty("grantwire.work", "target/system"))
                .toAbsolutePath()
                .normalize();
    }

    /**
     * Per-service settings a failsafe execution asks for, as system properties named {@code
     * grantwire.stack.<service>.<key>}, e.g. {@code
     * grantwire.stack.revocation-service.grantwire.revocation.command-clients}.
     */
    private static Map<Stack.Service, Map<String, String>> overrides() {
        Map<Stack.Service, Map<String, String>> overrides = new EnumMap<>(Stack.Service.class);
        String prefix = "grantwire.stack.";
        for (String name : System.getProperties().stringPropertyNames()) {
            if (name.startsWith(prefix)) {
                String rest = name.substring(prefix.length());
                int dot = rest.indexOf('.');
                overrides
                        .computeIfAbsent(
                                Stack.Service.named(rest.substring(0, dot)), s -> new HashMap<>())
                        .put(rest.substring(dot + 1), System.getProperty(name));
            }
        }
        return overrides;
    }
}
