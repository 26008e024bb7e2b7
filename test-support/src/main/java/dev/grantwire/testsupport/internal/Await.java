package dev.grantwire.testsupport.internal;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Polls a condition until it holds. The real parts answer only after a variable start-up time, so
 * callers wait for an observable fact (a port, a health endpoint) instead of sleeping a fixed time.
 *
 * <p>Internal to test-support; not an API for other modules.
 */
public final class Await {

    private Await() {}

    /**
     * Polls {@code condition} every {@code poll} until it returns true.
     *
     * @param whatFailed builds the message of the exception thrown on time-out; called only then
     * @throws IllegalStateException when {@code timeout} passes first
     */
    public static void until(
            Duration timeout,
            Duration poll,
            BooleanSupplier condition,
            Supplier<String> whatFailed) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            if (condition.getAsBoolean()) {
                return;
            }
            if (System.nanoTime() - deadline > 0) {
                throw new IllegalStateException(
                        whatFailed.get() + " (waited " + timeout.toSeconds() + " s)");
            }
            sleep(poll);
        }
    }

    /** Sleeps, turning an interrupt into an unchecked exception that keeps the interrupt flag. */
    public static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting", e);
        }
    }
}
