package dev.grantwire.deploy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The pinned kubectl (deploy/k8s/tools/install-kubectl.sh installs it into the cache when it is
 * missing, as .ci/run does), and the overlays rendered with it.
 */
final class Kubectl {

    static final String VERSION = "v1.35.2";

    private static Path binary;

    private Kubectl() {}

    static synchronized Path binary() {
        if (binary == null) {
            String printed =
                    Commands.require(
                            List.of(
                                    "bash",
                                    Project.k8s().resolve("tools/install-kubectl.sh").toString(),
                                    Project.cache().toString()),
                            Duration.ofMinutes(3));
            binary = Path.of(printed.strip().lines().reduce((first, last) -> last).orElseThrow());
        }
        return binary;
    }

    /** {@code kubectl kustomize} of a directory under deploy/k8s, as one YAML stream. */
    static String kustomize(String directory) {
        return Commands.require(
                List.of(
                        binary().toString(),
                        "kustomize",
                        Project.k8s().resolve(directory).toString()),
                Duration.ofMinutes(1));
    }

    static String clientVersion() {
        return Commands.require(
                List.of(binary().toString(), "version", "--client"), Duration.ofSeconds(30));
    }
}
