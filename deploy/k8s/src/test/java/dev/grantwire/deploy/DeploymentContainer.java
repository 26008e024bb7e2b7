package dev.grantwire.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A rendered Deployment's pod run under podman as its kubelet would run it: its image, user and
 * group, read-only root, dropped capabilities, no privilege escalation, memory limit, emptyDir
 * volumes, ports, environment and arguments. What a cluster would resolve is resolved by the test:
 * ConfigMap keys from the render, Secrets from the test's own, the broker's and the databases'
 * addresses to the test's on 127.0.0.1, and every other host name (the Services, the identity
 * provider) to 127.0.0.1 through /etc/hosts. The pod's network is the host's loopback: the 0.0.0.0
 * a Deployment listens on becomes 127.0.0.1.
 */
final class DeploymentContainer {

    private static final Pattern VARIABLE = Pattern.compile("\\$\\(([A-Z0-9_]+)\\)");
    private static final Pattern URL_HOST = Pattern.compile("^[a-z]+://([a-z0-9.-]+)");

    final String deployment;
    final String name;
    final String image;
    final int httpPort;
    final int managementPort;
    final Map<String, String> environment;

    private DeploymentContainer(
            String deployment,
            String image,
            int httpPort,
            int managementPort,
            Map<String, String> environment) {
        this.deployment = deployment;
        this.name = "grantwire-smoke-" + deployment;
        this.image = image;
        this.httpPort = httpPort;
        this.managementPort = managementPort;
        this.environment = environment;
    }

    /**
     * What the test provides in place of the cluster: Secret values ("secret/key"), and the
     * addresses of the broker and the databases ("host:port" as rendered, to the test's).
     */
    record Cluster(Map<String, String> secrets, Map<String, String> addresses) {}

    /** Resolves the Deployment's environment as the kubelet would, against {@code cluster}. */
    static DeploymentContainer of(JsonNode deployment, Rendered rendered, Cluster cluster) {
        JsonNode app = Rendered.app(deployment);
        Map<String, String> env = new LinkedHashMap<>();
        for (JsonNode entry : app.path("env")) {
            String variable = entry.path("name").asText();
            String value;
            if (entry.has("value")) {
                value = expand(entry.path("value").asText(), env);
            } else if (entry.at("/valueFrom/configMapKeyRef").isObject()) {
                JsonNode ref = entry.at("/valueFrom/configMapKeyRef");
                value =
                        rendered.one("ConfigMap", ref.path("name").asText())
                                .path("data")
                                .path(ref.path("key").asText())
                                .asText();
            } else {
                JsonNode ref = entry.at("/valueFrom/secretKeyRef");
                String key = ref.path("name").asText() + "/" + ref.path("key").asText();
                value = cluster.secrets().get(key);
                if (value == null && ref.path("optional").asBoolean()) {
                    continue;
                }
                if (value == null) {
                    throw new AssertionError("the test has no value for Secret " + key);
                }
            }
            for (Map.Entry<String, String> address : cluster.addresses().entrySet()) {
                value = value.replace(address.getKey(), address.getValue());
            }
            if (variable.endsWith("_HOST") && value.equals("0.0.0.0")) {
                value = "127.0.0.1";
            }
            env.put(variable, value);
        }
        return new DeploymentContainer(
                Rendered.name(deployment),
                app.path("image").asText(),
                Rendered.port(app, "http").orElseThrow(),
                Rendered.port(app, "management").orElseThrow(),
                env);
    }

    /** Starts it detached; the caller awaits its probes. */
    void start(JsonNode deployment, Path scratch) {
        JsonNode pod = deployment.at("/spec/template/spec");
        JsonNode app = Rendered.app(deployment);
        Podman.remove(name);
        List<String> arguments = new ArrayList<>(List.of("run", "--detach", "--name", name));
        arguments.addAll(List.of("--network", "host"));
        arguments.addAll(
                List.of(
                        "--user",
                        pod.at("/securityContext/runAsUser").asText()
                                + ":"
                                + pod.at("/securityContext/runAsGroup").asText()));
        if (app.at("/securityContext/readOnlyRootFilesystem").asBoolean()) {
            arguments.add("--read-only");
            // podman would otherwise mount its own writable /tmp, hiding a missing emptyDir.
            arguments.add("--read-only-tmpfs=false");
        }
        for (JsonNode capability : app.at("/securityContext/capabilities/drop")) {
            arguments.addAll(List.of("--cap-drop", capability.asText()));
        }
        if (!app.at("/securityContext/allowPrivilegeEscalation").asBoolean(true)) {
            arguments.addAll(List.of("--security-opt", "no-new-privileges"));
        }
        String memory = app.at("/resources/limits/memory").asText();
        arguments.addAll(List.of("--memory", memory.replace("Mi", "m").replace("Gi", "g")));
        // runc here needs explicit limits (ENVIRONMENT.md).
        arguments.addAll(List.of("--ulimit", "nofile=1024:1024", "--ulimit", "nproc=4096:4096"));
        for (JsonNode mount : app.path("volumeMounts")) {
            JsonNode volume = volume(pod, mount.path("name").asText());
            if (!volume.has("emptyDir")) {
                throw new AssertionError(name + ": only emptyDir volumes are run here");
            }
            String size = volume.at("/emptyDir/sizeLimit").asText("64Mi").replace("Mi", "m");
            arguments.addAll(
                    List.of(
                            "--tmpfs",
                            mount.path("mountPath").asText() + ":rw,size=" + size + ",mode=1777"));
        }
        for (String host : hostNames()) {
            arguments.addAll(List.of("--add-host", host + ":127.0.0.1"));
        }
        arguments.addAll(List.of("--env-file", envFile(scratch).toString()));
        if (app.has("command")) {
            arguments.addAll(List.of("--entrypoint", app.path("command").toString()));
        }
        arguments.add(image);
        app.path("args").forEach(a -> arguments.add(a.asText()));
        Podman.run(arguments);
    }

    private Set<String> hostNames() {
        Set<String> hosts = new TreeSet<>();
        for (String value : environment.values()) {
            Matcher url = URL_HOST.matcher(value);
            if (url.find() && !url.group(1).matches("[0-9.]+")) {
                hosts.add(url.group(1));
            }
        }
        return hosts;
    }

    private Path envFile(Path scratch) {
        try {
            Files.createDirectories(scratch);
            Path file = scratch.resolve(name + ".env");
            Files.deleteIfExists(file);
            Files.createFile(
                    file,
                    PosixFilePermissions.asFileAttribute(
                            PosixFilePermissions.fromString("rw-------")));
            StringBuilder lines = new StringBuilder();
            environment.forEach((k, v) -> lines.append(k).append('=').append(v).append('\n'));
            Files.writeString(file, lines);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode volume(JsonNode pod, String name) {
        for (JsonNode volume : pod.path("volumes")) {
            if (name.equals(volume.path("name").asText())) {
                return volume;
            }
        }
        throw new AssertionError("no volume " + name);
    }

    private static String expand(String value, Map<String, String> earlier) {
        Matcher variable = VARIABLE.matcher(value);
        StringBuilder expanded = new StringBuilder();
        while (variable.find()) {
            String replacement = earlier.getOrDefault(variable.group(1), variable.group());
            variable.appendReplacement(expanded, Matcher.quoteReplacement(replacement));
        }
        variable.appendTail(expanded);
        return expanded.toString();
    }

    String managementUrl(String path) {
        return "http://127.0.0.1:" + managementPort + path;
    }

    String apiUrl(String path) {
        return "http://127.0.0.1:" + httpPort + path;
    }
}
