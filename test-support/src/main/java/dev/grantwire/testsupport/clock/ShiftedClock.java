package dev.grantwire.testsupport.clock;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * The environment that makes a child process's wall clock run ahead of or behind this host's by a
 * fixed offset, as on a host whose time synchronization is off: Debian's libfaketime, preloaded.
 * The wall clock moves ({@code System.currentTimeMillis()}, {@code Instant.now()}, what tokens'
 * {@code exp} and the feed's watermark are compared with); the monotonic clock ({@code
 * System.nanoTime()}) moves by the same constant, which changes no interval, and must: with it left
 * alone, libfaketime's timed waits return at once and a JVM's parked threads spin (measured: {@code
 * LockSupport.parkNanos} and {@code Object.wait} of 2 s returned after 0 ms).
 *
 * <p>Install it with {@code apt-get install -y faketime}; {@link #library()} is empty without it.
 */
public final class ShiftedClock {

    private static final Path LIBRARIES = Path.of("/usr/lib");

    private ShiftedClock() {}

    /** The thread-safe libfaketime that Debian installs, if it is installed. */
    public static Optional<Path> library() {
        if (!Files.isDirectory(LIBRARIES)) {
            return Optional.empty();
        }
        try (DirectoryStream<Path> arches = Files.newDirectoryStream(LIBRARIES)) {
            for (Path arch : arches) {
                Path library = arch.resolve("faketime").resolve("libfaketimeMT.so.1");
                if (Files.isRegularFile(library)) {
                    return Optional.of(library);
                }
            }
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot look for libfaketime in " + LIBRARIES, e);
        }
    }

    /**
     * Environment variables for a child process whose wall clock is {@code offset} ahead of this
     * host's (behind when negative).
     *
     * @param offset whole seconds
     * @throws IllegalStateException when libfaketime is not installed
     * @throws IllegalArgumentException when the offset is not whole seconds
     */
    public static Map<String, String> environment(Duration offset) {
        if (offset.toMillis() % 1000 != 0) {
            throw new IllegalArgumentException("Whole seconds only: " + offset);
        }
        Path library =
                library()
                        .orElseThrow(
                                () ->
                                        new IllegalStateException(
                                                "libfaketime is not installed (apt-get install -y"
                                                        + " faketime)"));
        long seconds = offset.toSeconds();
        return Map.of(
                "LD_PRELOAD",
                library.toString(),
                "FAKETIME",
                (seconds < 0 ? "-" : "+") + Math.abs(seconds) + "s");
    }
}
