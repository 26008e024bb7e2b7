package dev.grantwire.testsupport.keycloak;

import dev.grantwire.testsupport.Ports;
import dev.grantwire.testsupport.internal.Await;
import dev.grantwire.testsupport.internal.ChildProcesses;
import dev.grantwire.testsupport.internal.FileTrees;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * The unpacked, pre-built Keycloak distribution shared by every instance on this machine.
 *
 * <p>Keycloak's first {@code start-dev} runs a 20-35 s build step and initialises its H2 database.
 * Both are done once here, in a cache outside {@code target/} so a clean build keeps it; each
 * instance then starts from a copy. The build step cannot be run with {@code kc.sh build} (Keycloak
 * refuses to build in development mode), so the cache is made by starting {@code start-dev} once
 * with the same build options every instance uses ({@link #BUILD_OPTIONS}) and stopping it.
 *
 * <p>Cache location: system property {@value #CACHE_PROPERTY}, else environment variable {@value
 * #CACHE_ENV}, else {@code ~/.cache/grantwire}. The zip comes from system property {@value
 * #ZIP_PROPERTY}, else the local Maven repository. A file lock makes concurrent first use by
 * several JVMs safe.
 */
final class KeycloakDistribution {

    static final String VERSION = "26.7.3";
    static final String ZIP_PROPERTY = "grantwire.keycloak.zip";
    static final String CACHE_PROPERTY = "grantwire.cache";
    static final String CACHE_ENV = "GRANTWIRE_CACHE";

    /** Build-time options: every start must pass exactly these, or Keycloak rebuilds itself. */
    static final List<String> BUILD_OPTIONS = List.of("--health-enabled=true");

    private static final String MARKER = ".grantwire-prebuilt";
    private static final Object JVM_LOCK = new Object();

    private KeycloakDistribution() {}

    /** The pre-built distribution directory, creating it on first use. */
    static Path prebuilt() {
        Path cache = cacheRoot().resolve("keycloak-" + VERSION);
        Path dist = cache.resolve("dist");
        String expectedMarker = String.join(" ", BUILD_OPTIONS);
        if (isPrebuilt(dist, expectedMarker)) {
            return dist;
        }
        synchronized (JVM_LOCK) {
            try {
                Files.createDirectories(cache);
                try (FileChannel channel =
                                FileChannel.open(
                                        cache.resolve("lock"),
                                        StandardOpenOption.CREATE,
                                        StandardOpenOption.WRITE);
                        FileLock ignored = channel.lock()) {
                    if (!isPrebuilt(dist, expectedMarker)) {
                        build(cache, dist, expectedMarker);
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot prepare Keycloak cache in " + cache, e);
            }
        }
        return dist;
    }

    static Path cacheRoot() {
        String configured = System.getProperty(CACHE_PROPERTY, System.getenv(CACHE_ENV));
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured).toAbsolutePath();
        }
        return Path.of(System.getProperty("user.home"), ".cache", "grantwire");
    }

    private static boolean isPrebuilt(Path dist, String expectedMarker) {
        try {
            return Files.exists(dist.resolve(MARKER))
                    && Files.readString(dist.resolve(MARKER)).strip().equals(expectedMarker);
        } catch (IOException e) {
            return false;
        }
    }

    private static void build(Path cache, Path dist, String marker) throws IOException {
        Path work = cache.resolve("dist-" + UUID.randomUUID());
        try {
            unzip(zip(), work);
            prebuild(work);
            Files.writeString(work.resolve(MARKER), marker + "\n", StandardCharsets.UTF_8);
            FileTrees.delete(dist);
            Files.move(work, dist, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            FileTrees.delete(work);
        }
    }

    /** Runs {@code start-dev} once so the build step and the H2 schema are done in the cache. */
    private static void prebuild(Path home) {
        int httpPort = Ports.freePort();
        int managementPort = Ports.freePort();
        List<String> command = new ArrayList<>();
        command.add(home.resolve("bin/kc.sh").toString());
        command.add("start-dev");
        command.add("--http-host=" + Ports.LOOPBACK);
        command.add("--http-port=" + httpPort);
        command.add("--http-management-port=" + managementPort);
        command.addAll(BUILD_OPTIONS);
        Path log = home.resolve("prebuild.log");
        Process process = Keycloak.launch(home, command, log);
        try {
            Await.until(
                    Duration.ofMinutes(5),
                    Duration.ofMillis(500),
                    () -> Keycloak.ready(process, managementPort, log),
                    () -> "Keycloak pre-build did not become ready; see " + log);
        } finally {
            ChildProcesses.terminateTree(process.toHandle(), Duration.ofSeconds(30));
        }
        // Per-run state that must not leak into instances; data/h2 (schema, master realm) stays.
        FileTrees.delete(home.resolve("data/transaction-logs"));
        FileTrees.delete(home.resolve("data/tmp"));
    }

    private static Path zip() {
        String configured = System.getProperty(ZIP_PROPERTY);
        if (configured != null && !configured.isBlank()) {
            Path zip = Path.of(configured);
            if (!Files.isRegularFile(zip)) {
                throw new IllegalStateException(ZIP_PROPERTY + " points to no file: " + zip);
            }
            return zip;
        }
        Path zip = localRepository().resolve(relativeZipPath());
        if (!Files.isRegularFile(zip)) {
            fetchWithMaven();
        }
        if (!Files.isRegularFile(zip)) {
            throw new IllegalStateException(
                    "Keycloak distribution not found at "
                            + zip
                            + ". Declare org.keycloak:keycloak-quarkus-dist:"
                            + VERSION
                            + ":zip as a dependency, or set -D"
                            + ZIP_PROPERTY);
        }
        return zip;
    }

    private static String relativeZipPath() {
        return "org/keycloak/keycloak-quarkus-dist/"
                + VERSION
                + "/keycloak-quarkus-dist-"
                + VERSION
                + ".zip";
    }

    private static Path localRepository() {
        String configured = System.getProperty("maven.repo.local");
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        return Path.of(System.getProperty("user.home"), ".m2", "repository");
    }

    /**
     * Last resort when no build declared the zip: asks Maven to download it. Uses the project's
     * wrapper when one is found above the working directory, else {@code mvn} on the PATH.
     */
    private static void fetchWithMaven() {
        String maven = "mvn";
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isExecutable(dir.resolve("mvnw"))) {
                maven = dir.resolve("mvnw").toString();
                break;
            }
        }
        Path log = cacheRoot().resolve("keycloak-" + VERSION).resolve("maven-fetch.log");
        List<String> command = new ArrayList<>();
        command.add(maven);
        command.add("-B");
        command.add("-q");
        if (System.getProperty("maven.repo.local") != null) {
            command.add("-Dmaven.repo.local=" + System.getProperty("maven.repo.local"));
        }
        command.add("org.apache.maven.plugins:maven-dependency-plugin:3.8.1:get");
        command.add("-Dartifact=org.keycloak:keycloak-quarkus-dist:" + VERSION + ":zip");
        command.add("-Dtransitive=false");
        try {
            Files.createDirectories(log.getParent());
            Process process =
                    new ProcessBuilder(command)
                            .redirectErrorStream(true)
                            .redirectOutput(log.toFile())
                            .start();
            if (!process.waitFor(10, java.util.concurrent.TimeUnit.MINUTES)) {
                process.destroyForcibly();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot run " + maven + " to fetch Keycloak", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while fetching Keycloak", e);
        }
    }

    /**
     * Unpacks the zip's single top-level folder ({@code keycloak-<version>/}) into {@code target}.
     */
    private static void unzip(Path zip, Path target) throws IOException {
        Files.createDirectories(target);
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
            for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                String name = entry.getName();
                int slash = name.indexOf('/');
                String relative = slash < 0 ? "" : name.substring(slash + 1);
                if (relative.isEmpty()) {
                    continue;
                }
                Path out = target.resolve(relative).normalize();
                if (!out.startsWith(target)) {
                    throw new IOException("Zip entry outside the target: " + name);
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(out);
                } else {
                    Files.createDirectories(out.getParent());
                    copy(in, out);
                    // java.util.zip does not expose Unix modes; only the launchers need +x.
                    if (relative.startsWith("bin/") && relative.endsWith(".sh")) {
                        out.toFile().setExecutable(true, false);
                    }
                }
            }
        }
    }

    private static void copy(InputStream in, Path out) throws IOException {
        Files.copy(in, out, StandardCopyOption.REPLACE_EXISTING);
    }
}
