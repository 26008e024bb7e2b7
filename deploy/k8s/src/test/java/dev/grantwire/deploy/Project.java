package dev.grantwire.deploy;

import java.nio.file.Path;

/** Where the repository and the tools' cache are, and the version being built (from the pom). */
final class Project {

    private Project() {}

    static Path root() {
        return Path.of(System.getProperty("grantwire.root", "../..")).toAbsolutePath().normalize();
    }

    static Path k8s() {
        return root().resolve("deploy/k8s");
    }

    /** Outlives {@code mvn clean}, like the Keycloak distribution and the base image. */
    static Path cache() {
        String configured = System.getProperty("grantwire.cache");
        return configured != null
                ? Path.of(configured)
                : Path.of(System.getProperty("user.home"), ".cache", "grantwire");
    }

    static String version() {
        return System.getProperty("grantwire.version", "0.1.0-SNAPSHOT");
    }

    /** Scratch space of this module's tests. */
    static Path target() {
        return k8s().resolve("target");
    }
}
