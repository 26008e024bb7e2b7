package dev.grantwire.testsupport.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Stopping child processes and the whole tree below them. A test JVM that dies without running
 * {@code close()} must not leave a broker or an identity provider listening, so every part that
 * starts a process registers a JVM shutdown hook through {@link #onJvmExit(String, Runnable)}.
 *
 * <p>Internal to test-support; not an API for other modules.
 */
public final class ChildProcesses {

    private ChildProcesses() {}

    /**
     * Runs {@code action} when the JVM exits, unless {@link #cancel(Thread)} is called first.
     *
     * @return the hook, to pass to {@link #cancel(Thread)} after an orderly close
     */
    public static Thread onJvmExit(String name, Runnable action) {
        Thread hook = new Thread(action, "grantwire-shutdown-" + name);
        Runtime.getRuntime().addShutdownHook(hook);
        return hook;
    }

    /** Removes a hook; ignored while the JVM is already shutting down. */
    public static void cancel(Thread hook) {
        if (hook == null) {
            return;
        }
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // The hook is running or about to run; it stops what is already stopped, harmlessly.
        }
    }

    /**
     * Asks {@code process} to stop with SIGTERM, waits up to {@code grace}, then SIGKILLs it and
     * any descendant still alive (a launcher script's JVM survives its parent being killed).
     *
     * @return true if the process stopped within the grace period on its own
     */
    public static boolean terminateTree(ProcessHandle process, Duration grace) {
        // Taken before the signal: once the parent exits, its children are re-parented and can no
        // longer be found through it.
        List<ProcessHandle> descendants = process.descendants().toList();
        process.destroy();
        boolean graceful = waitForExit(process, grace);
        for (ProcessHandle descendant : descendants) {
            if (descendant.isAlive()) {
                descendant.destroy();
            }
        }
        for (ProcessHandle descendant : descendants) {
            if (!waitForExit(descendant, graceful ? grace : Duration.ofSeconds(2))) {
                graceful = false;
            }
        }
        killTree(process, descendants);
        return graceful;
    }

    /** SIGKILLs {@code process} and the given descendants, then waits until they are gone. */
    public static void killTree(ProcessHandle process, List<ProcessHandle> descendants) {
        process.destroyForcibly();
        descendants.forEach(ProcessHandle::destroyForcibly);
        waitForExit(process, Duration.ofSeconds(10));
        descendants.forEach(d -> waitForExit(d, Duration.ofSeconds(10)));
    }

    /** Waits until {@code process} has exited. */
    public static boolean waitForExit(ProcessHandle process, Duration timeout) {
        try {
            process.onExit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (java.util.concurrent.TimeoutException e) {
            return !process.isAlive();
        } catch (java.util.concurrent.ExecutionException e) {
            return !process.isAlive();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !process.isAlive();
        }
    }

    /** The last lines of a log file, for error messages that must explain a failed start. */
    public static String tail(Path log, int lines) {
        try {
            List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join(
                    System.lineSeparator(),
                    all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException | java.io.UncheckedIOException e) {
            return "(no log at " + log + ")";
        }
    }
}
