package dev.grantwire.system;

import dev.grantwire.testsupport.service.ServiceProcess;
import dev.grantwire.testsupport.stack.Stack;
import java.time.Duration;
import java.util.List;

/** Polling the example API instances until they all give the expected answer to a token. */
final class Instances {

    private Instances() {}

    /** The instances running now (a test may have stopped one it started). */
    static List<String> of(Stack stack) {
        return stack.resourceApis().stream()
                .filter(ServiceProcess::isRunning)
                .map(ServiceProcess::baseUrl)
                .toList();
    }

    /**
     * Polls every instance without sleeping until each answers {@code status} to the token; fails
     * if one does not within the deadline. Returns the time it took.
     */
    static Duration awaitStatus(
            Grantwire grantwire,
            List<String> instances,
            String token,
            int status,
            Duration deadline) {
        long start = System.nanoTime();
        long end = start + deadline.toNanos();
        for (String instance : instances) {
            int last;
            do {
                last = grantwire.workItemsStatus(instance, token);
                if (last == status) {
                    break;
                }
                Thread.onSpinWait();
            } while (System.nanoTime() < end);
            if (last != status) {
                throw new AssertionError(
                        instance + " answered " + last + ", not " + status + ", after " + deadline);
            }
        }
        return Duration.ofNanos(System.nanoTime() - start);
    }
}
