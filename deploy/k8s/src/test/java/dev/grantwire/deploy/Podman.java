package dev.grantwire.deploy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * podman with runc (crun cannot run here: hybrid cgroups, no CAP_SYS_RESOURCE), as ENVIRONMENT.md
 * measured it. Only the containers this test names are ever touched.
 */
final class Podman {

    private static final Duration TIMEOUT = Duration.ofMinutes(2);

    private Podman() {}

    /** Why containers cannot run here, or empty when podman, runc and every image are present. */
    static Optional<String> missing(List<String> images) {
        for (String tool : List.of("podman", "runc")) {
            if (!Commands.onPath(tool)) {
                return Optional.of(tool + " is not installed");
            }
        }
        for (String image : images) {
            if (!Commands.run(List.of("podman", "image", "exists", image), TIMEOUT).ok()) {
                return Optional.of(
                        "no image "
                                + image
                                + " (the build makes it where mmdebstrap is installed: the"
                                + " container-images profile)");
            }
        }
        return Optional.empty();
    }

    static List<String> command(String... arguments) {
        List<String> command = new ArrayList<>(List.of("podman", "--runtime", "runc"));
        command.addAll(List.of(arguments));
        return command;
    }

    static String run(List<String> arguments) {
        List<String> command = new ArrayList<>(command());
        command.addAll(arguments);
        return Commands.require(command, TIMEOUT);
    }

    static Commands.Result exec(String container, String... command) {
        List<String> arguments = new ArrayList<>(command("exec", container));
        arguments.addAll(List.of(command));
        return Commands.run(arguments, TIMEOUT);
    }

    static String logs(String container) {
        Commands.Result logs = Commands.run(command("logs", container), TIMEOUT);
        return logs.stdout() + logs.stderr();
    }

    static String inspect(String container, String format) {
        return Commands.require(command("inspect", "--format", format, container), TIMEOUT).strip();
    }

    /** Removes the container if it exists (a run that died can leave it behind). */
    static void remove(String container) {
        Commands.run(command("rm", "--force", "--ignore", "--time", "10", container), TIMEOUT);
    }
}
