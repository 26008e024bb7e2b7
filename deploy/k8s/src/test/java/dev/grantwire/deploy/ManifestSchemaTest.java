package dev.grantwire.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Every overlay renders with the pinned kubectl, and every document validates strictly. */
class ManifestSchemaTest {

    @Test
    void kubectlWhenInstalledThenThePinnedVersion() {
        assertThat(Kubectl.clientVersion()).contains("Client Version: " + Kubectl.VERSION);
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void overlayWhenRenderedThenEveryDocumentValidatesAgainstItsSchema(String overlay) {
        Rendered rendered = Rendered.overlay(overlay);
        List<String> errors = new ArrayList<>();
        for (JsonNode document : rendered.documents()) {
            Schemas.errors(document).forEach(e -> errors.add(Rendered.id(document) + ": " + e));
        }

        assertThat(rendered.documents()).hasSizeGreaterThan(20);
        assertThat(errors).isEmpty();
    }

    @Test
    void serviceTeamTemplateWhenValidatedThenAValidKafkaUser() throws IOException {
        Rendered template =
                Rendered.parse(
                        "templates",
                        Files.readString(
                                Project.k8s().resolve("templates/service-team-kafkauser.yaml")));

        assertThat(template.documents()).hasSize(1);
        assertThat(Schemas.errors(template.documents().get(0))).isEmpty();
    }

    /** A mistake in each kind of schema is caught: the validation is not a formality. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("mistakes")
    void documentWhenMistakenThenAnError(String mistake, String kind, Consumer<ObjectNode> edit) {
        ObjectNode document = Rendered.overlay("prod").all(kind).get(0).deepCopy();
        assertThat(Schemas.errors(document)).as("before the mistake").isEmpty();

        edit.accept(document);

        assertThat(Schemas.errors(document)).as(mistake).isNotEmpty();
    }

    static Stream<Arguments> mistakes() {
        return Stream.of(
                Arguments.of(
                        "a misspelt container field",
                        "Deployment",
                        edit(d -> container(d).put("imagePullPolicyy", "Always"))),
                Arguments.of(
                        "a port number as a word",
                        "Service",
                        edit(d -> ((ObjectNode) d.at("/spec/ports/0")).put("port", "http"))),
                Arguments.of(
                        "an unknown field in a NetworkPolicy rule",
                        "NetworkPolicy",
                        edit(d -> ((ObjectNode) d.at("/spec/egress/0")).put("toPorts", 53))),
                Arguments.of(
                        "replicas on the Kafka resource (node pools hold them)",
                        "Kafka",
                        edit(d -> ((ObjectNode) d.at("/spec/kafka")).put("replicas", 3))),
                Arguments.of(
                        "an ACL operation Kafka does not have",
                        "KafkaUser",
                        edit(
                                d ->
                                        ((com.fasterxml.jackson.databind.node.ArrayNode)
                                                        d.at(
                                                                "/spec/authorization/acls/0/operations"))
                                                .add("Publish"))),
                Arguments.of(
                        "a misspelt topic field",
                        "KafkaTopic",
                        edit(d -> ((ObjectNode) d.at("/spec")).put("partitons", 1))),
                Arguments.of(
                        "instances as a word",
                        "Cluster",
                        edit(d -> ((ObjectNode) d.at("/spec")).put("instances", "three"))),
                Arguments.of(
                        "a synchronous method CloudNativePG does not have",
                        "Cluster",
                        edit(
                                d ->
                                        ((ObjectNode) d.at("/spec/postgresql/synchronous"))
                                                .put("method", "all"))),
                Arguments.of(
                        "a misspelt scrape setting",
                        "ServiceMonitor",
                        edit(d -> ((ObjectNode) d.at("/spec/endpoints/0")).put("intervall", "5s"))),
                Arguments.of(
                        "an alert without an expression",
                        "PrometheusRule",
                        edit(d -> ((ObjectNode) d.at("/spec/groups/0/rules/0")).remove("expr"))));
    }

    private static Consumer<ObjectNode> edit(Consumer<ObjectNode> edit) {
        return edit;
    }

    private static ObjectNode container(ObjectNode deployment) {
        return (ObjectNode) deployment.at("/spec/template/spec/containers/0");
    }
}
