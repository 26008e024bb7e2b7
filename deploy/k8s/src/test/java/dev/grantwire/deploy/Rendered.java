package dev.grantwire.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/** The documents of one rendered overlay, with the look-ups the checks need. */
final class Rendered {

    static final List<String> OVERLAYS = List.of("dev", "prod");
    static final YAMLMapper YAML = new YAMLMapper();

    private static final Map<String, Rendered> CACHE = new ConcurrentHashMap<>();

    private final String name;
    private final List<JsonNode> documents;

    private Rendered(String name, List<JsonNode> documents) {
        this.name = name;
        this.documents = List.copyOf(documents);
    }

    /** An overlay under deploy/k8s/overlays, rendered once per test JVM. */
    static Rendered overlay(String overlay) {
        return CACHE.computeIfAbsent(
                overlay, o -> parse("overlays/" + o, Kubectl.kustomize("overlays/" + o)));
    }

    static Rendered parse(String name, String yaml) {
        List<JsonNode> documents = new ArrayList<>();
        try (MappingIterator<JsonNode> it = YAML.readerFor(JsonNode.class).readValues(yaml)) {
            while (it.hasNext()) {
                JsonNode document = it.next();
                if (document != null && !document.isNull() && !document.isEmpty()) {
                    documents.add(document);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not parse " + name, e);
        }
        return new Rendered(name, documents);
    }

    String name() {
        return name;
    }

    List<JsonNode> documents() {
        return documents;
    }

    List<JsonNode> all(String kind) {
        return documents.stream().filter(d -> kind.equals(d.path("kind").asText())).toList();
    }

    Optional<JsonNode> find(String kind, String name) {
        return all(kind).stream().filter(d -> name.equals(name(d))).findFirst();
    }

    JsonNode one(String kind, String name) {
        return find(kind, name)
                .orElseThrow(() -> new AssertionError(this.name + " has no " + kind + " " + name));
    }

    /** The Deployments whose pod template carries every label of {@code selector}. */
    List<JsonNode> deploymentsSelectedBy(JsonNode selector) {
        return all("Deployment").stream()
                .filter(d -> matches(selector, d.path("spec").path("template")))
                .toList();
    }

    /** The one Deployment {@code selector} selects; fails naming {@code selectingDocument} else. */
    JsonNode onlyDeploymentSelectedBy(JsonNode selector, JsonNode selectingDocument) {
        List<JsonNode> selected = deploymentsSelectedBy(selector);
        if (selected.size() != 1) {
            throw new AssertionError(
                    id(selectingDocument) + " selects " + selected.size() + " Deployments, not 1");
        }
        return selected.get(0);
    }

    static String name(JsonNode document) {
        return document.path("metadata").path("name").asText();
    }

    static String id(JsonNode document) {
        return document.path("kind").asText() + " " + name(document);
    }

    /** The app container of a Deployment (each has one, named "app"). */
    static JsonNode app(JsonNode deployment) {
        JsonNode containers =
                deployment.path("spec").path("template").path("spec").path("containers");
        if (containers.size() != 1 || !"app".equals(containers.get(0).path("name").asText())) {
            throw new AssertionError(id(deployment) + " must have one container, named app");
        }
        return containers.get(0);
    }

    /** A container's port number by name, if declared. */
    static Optional<Integer> port(JsonNode container, String portName) {
        for (JsonNode port : container.path("ports")) {
            if (portName.equals(port.path("name").asText())) {
                return Optional.of(port.path("containerPort").asInt());
            }
        }
        return Optional.empty();
    }

    /** The container's env entries by name (value or valueFrom, as rendered). */
    static Map<String, JsonNode> env(JsonNode container) {
        Map<String, JsonNode> env = new TreeMap<>();
        for (JsonNode entry : container.path("env")) {
            env.put(entry.path("name").asText(), entry);
        }
        return env;
    }

    /**
     * True when a label selector ({@code matchLabels}, or a plain map as in a Service) selects the
     * labels of {@code template}'s metadata.
     */
    static boolean matches(JsonNode selector, JsonNode template) {
        JsonNode wanted = selector.has("matchLabels") ? selector.path("matchLabels") : selector;
        if (wanted.isEmpty()) {
            return false;
        }
        JsonNode labels = template.path("metadata").path("labels");
        Iterator<Map.Entry<String, JsonNode>> fields = wanted.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> label = fields.next();
            if (!label.getValue().asText().equals(labels.path(label.getKey()).asText(null))) {
                return false;
            }
        }
        return true;
    }
}
