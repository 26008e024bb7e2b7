package dev.grantwire.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The committed schemas are what their pinned inputs give: Strimzi's CRDs regenerated with its
 * crd-generator from io.strimzi:api, the npm models rebuilt (deploy/k8s/schemas/regenerate.sh
 * --check). Strimzi 1.2 is Java 21 bytecode: without a JDK 21 or newer this skips and says so.
 */
class PinnedSchemasIT {

    private static final Pattern RELEASE = Pattern.compile("JAVA_VERSION=\"(\\d+)");

    @Test
    void schemasWhenRegeneratedFromTheirPinnedInputsThenUnchanged() {
        Optional<Path> java21 = java21();
        if (java21.isEmpty()) {
            System.err.println("SKIPPED PinnedSchemasIT: no JDK 21 or newer (set JAVA21_HOME)");
            Assumptions.abort("no JDK 21 or newer for Strimzi's crd-generator");
        }
        Commands.Result check =
                Commands.run(
                        List.of(
                                "env",
                                "JAVA21_HOME=" + java21.get(),
                                "SCHEMAS_WORK_DIR=" + Project.target().resolve("schemas-check"),
                                "bash",
                                Project.k8s().resolve("schemas/regenerate.sh").toString(),
                                "--check"),
                        Duration.ofMinutes(5));

        assertThat(check.ok()).as(check.stderr()).isTrue();
        assertThat(check.stderr()).contains("every schema matches its pinned inputs");
    }

    private static Optional<Path> java21() {
        String configured = System.getenv("JAVA21_HOME");
        if (configured != null) {
            return Optional.of(Path.of(configured));
        }
        try (Stream<Path> jdks = Files.list(Path.of("/usr/lib/jvm"))) {
            return jdks.filter(jdk -> feature(jdk) >= 21).sorted().findFirst();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static int feature(Path jdk) {
        try {
            Matcher version = RELEASE.matcher(Files.readString(jdk.resolve("release")));
            return version.find() && Files.isExecutable(jdk.resolve("bin/java"))
                    ? Integer.parseInt(version.group(1))
                    : 0;
        } catch (IOException e) {
            return 0;
        }
    }
}
