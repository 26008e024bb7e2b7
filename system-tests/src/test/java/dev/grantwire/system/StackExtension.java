package dev.grantwire.system;

import dev.grantwire.testsupport.stack.Stack;
import dev.grantwire.testsupport.stack.StackSettings;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Starts the whole stack once per test run and shares it with every system test that asks for a
 * {@link Stack} parameter; JUnit closes it (every process stopped) when the run ends, also when a
 * test fails.
 */
public final class StackExtension implements ParameterResolver {

    /** B for the system tests: short, so staleness cases do not wait a minute. */
    static final Duration STALENESS = Duration.ofSeconds(10);

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
        Path work =
                Path.of(System.getProperty("grantwire.work", "target/system"))
                        .toAbsolutePath()
                        .normalize();
        return StackSettings.forTests(root, work, STALENESS);
    }
}
