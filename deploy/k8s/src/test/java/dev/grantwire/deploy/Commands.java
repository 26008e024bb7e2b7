package dev.grantwire.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a command to completion and hands back what it printed. */
final class Commands {

    private Commands() {}

    /** What a finished command printed and how it ended. */
    record Result(int exitCode, String stdout, String stderr) {
        boolean ok() {
            return exitCode == 0;
        }
    }

    /** Runs {@code command}; fails the test when it does not end within {@code timeout}. */
    static Result run(List<String> command, Duration timeout) {
        try {
            Path out = Files.createTempFile(scratch(), "out", ".txt");
            Path err = Files.createTempFile(scratch(), "err", ".txt");
            Process process =
                    new ProcessBuilder(command)
                            .redirectOutput(out.toFile())
                            .redirectError(err.toFile())
                            .redirectInput(ProcessBuilder.Redirect.from(nullDevice()))
                            .start();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new AssertionError(command + " did not end within " + timeout);
            }
            Result result =
                    new Result(
                            process.exitValue(),
                            Files.readString(out, StandardCharsets.UTF_8),
                            Files.readString(err, StandardCharsets.UTF_8));
            Files.delete(out);
            Files.delete(err);
            return result;
        } catch (IOException e) {
            throw new UncheckedIOException("could not run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while running " + command, e);
        }
    }

    /** Like {@link #run}, and the command must succeed; returns its standard output. */
    static String require(List<String> command, Duration timeout) {
        Result result = run(command, timeout);
        if (!result.ok()) {
            throw new AssertionError(
                    command + " failed (exit " + result.exitCode() + "):\n" + result.stderr());
        }
        return result.stdout();
    }

    /** True when {@code name} is an executable on the PATH (or in the sbin folders root has). */
    static boolean onPath(String name) {
        String path = System.getenv().getOrDefault("PATH", "") + ":/usr/sbin:/usr/bin:/sbin";
        for (String dir : path.split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, name))) {
                return true;
            }
        }
        return false;
    }

    private static Path scratch() throws IOException {
        return Files.createDirectories(Project.target().resolve("commands"));
    }

    private static java.io.File nullDevice() {
        return new java.io.File("/dev/null");
    }
}
