package dev.grantwire.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.gson.JsonParser;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.kubernetes.client.openapi.models.V1ConfigMap;
import io.kubernetes.client.openapi.models.V1Deployment;
import io.kubernetes.client.openapi.models.V1Ingress;
import io.kubernetes.client.openapi.models.V1Namespace;
import io.kubernetes.client.openapi.models.V1NetworkPolicy;
import io.kubernetes.client.openapi.models.V1PodDisruptionBudget;
import io.kubernetes.client.openapi.models.V1Secret;
import io.kubernetes.client.openapi.models.V1Service;
import io.kubernetes.client.openapi.models.V1ServiceAccount;
import io.kubernetes.client.openapi.models.V2HorizontalPodAutoscaler;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Strict validation of one Kubernetes document: the core types through Kubernetes' own Java models
 * (client-java-api, whose validation rejects unknown fields and wrong types), the custom resources
 * through the JSON schemas under deploy/k8s/schemas, made strict here (an object schema with
 * properties admits no other property unless it preserves unknown fields).
 */
final class Schemas {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** apiVersion/kind of the core types and the model that validates each. */
    private static final Map<String, Class<?>> CORE =
            Map.of(
                    "v1/Namespace", V1Namespace.class,
                    "v1/ConfigMap", V1ConfigMap.class,
                    "v1/Secret", V1Secret.class,
                    "v1/Service", V1Service.class,
                    "v1/ServiceAccount", V1ServiceAccount.class,
                    "apps/v1/Deployment", V1Deployment.class,
                    "policy/v1/PodDisruptionBudget", V1PodDisruptionBudget.class,
                    "autoscaling/v2/HorizontalPodAutoscaler", V2HorizontalPodAutoscaler.class,
                    "networking.k8s.io/v1/NetworkPolicy", V1NetworkPolicy.class,
                    "networking.k8s.io/v1/Ingress", V1Ingress.class);

    /** apiVersion/kind of the custom resources and their schema under deploy/k8s/schemas. */
    private static final Map<String, String> CUSTOM =
            Map.of(
                    "kafka.strimzi.io/v1/Kafka", "strimzi/Kafka.json",
                    "kafka.strimzi.io/v1/KafkaNodePool", "strimzi/KafkaNodePool.json",
                    "kafka.strimzi.io/v1/KafkaTopic", "strimzi/KafkaTopic.json",
                    "kafka.strimzi.io/v1/KafkaUser", "strimzi/KafkaUser.json",
                    "postgresql.cnpg.io/v1/Cluster", "cloudnative-pg/Cluster.json",
                    "monitoring.coreos.com/v1/ServiceMonitor",
                            "prometheus-operator/ServiceMonitor.json",
                    "monitoring.coreos.com/v1/PrometheusRule",
                            "prometheus-operator/PrometheusRule.json");

    private static final JsonSchemaFactory FACTORY =
            JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7);
    private static final Map<String, JsonSchema> LOADED = new ConcurrentHashMap<>();

    private Schemas() {}

    /** The validation errors of a document; empty when it is valid. */
    static List<String> errors(JsonNode document) {
        String type = document.path("apiVersion").asText() + "/" + document.path("kind").asText();
        if (CORE.containsKey(type)) {
            // The models catch unknown fields and wrong strings; the JSON schema
            // (kubernetes-models)
            // catches the rest: numbers, enums, required fields.
            List<String> errors = new ArrayList<>(coreErrors(CORE.get(type), document));
            errors.addAll(
                    jsonSchemaErrors(
                            "kubernetes/" + document.path("kind").asText() + ".json", document));
            return errors;
        }
        if (CUSTOM.containsKey(type)) {
            return jsonSchemaErrors(CUSTOM.get(type), document);
        }
        return List.of("no schema for " + type + ": add one to Schemas, or do not render it");
    }

    private static List<String> jsonSchemaErrors(String file, JsonNode document) {
        return schema(file).validate(document).stream()
                .map(ValidationMessage::getMessage)
                .sorted()
                .toList();
    }

    private static List<String> coreErrors(Class<?> model, JsonNode document) {
        try {
            Method validate =
                    model.getMethod("validateJsonElement", com.google.gson.JsonElement.class);
            validate.invoke(null, JsonParser.parseString(JSON.writeValueAsString(document)));
            return List.of();
        } catch (InvocationTargetException e) {
            return List.of(String.valueOf(e.getCause().getMessage()));
        } catch (ReflectiveOperationException | IOException e) {
            throw new IllegalStateException("cannot validate with " + model, e);
        }
    }

    private static JsonSchema schema(String file) {
        return LOADED.computeIfAbsent(
                file,
                f -> {
                    Path path = Project.k8s().resolve("schemas").resolve(f);
                    try {
                        return FACTORY.getSchema(strict(JSON.readTree(Files.readString(path))));
                    } catch (IOException e) {
                        throw new UncheckedIOException("cannot read " + path, e);
                    }
                });
    }

    /**
     * The schema, strict: every object schema with properties gets {@code additionalProperties:
     * false} unless it has its own or preserves unknown fields; Kubernetes' {@code x-kubernetes-*}
     * markers, which a JSON Schema validator does not know, are removed once read.
     */
    static JsonNode strict(JsonNode schema) {
        if (schema instanceof ObjectNode object) {
            boolean preserves = object.path("x-kubernetes-preserve-unknown-fields").asBoolean();
            if ("object".equals(object.path("type").asText())
                    && object.has("properties")
                    && !object.has("additionalProperties")
                    && !preserves) {
                object.put("additionalProperties", false);
            }
            List<String> markers = new ArrayList<>();
            Iterator<Map.Entry<String, JsonNode>> fields = object.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                if (field.getKey().startsWith("x-kubernetes-")) {
                    markers.add(field.getKey());
                } else if (!"enum".equals(field.getKey()) && !"default".equals(field.getKey())) {
                    strict(field.getValue());
                }
            }
            object.remove(markers);
        } else if (schema instanceof ArrayNode array) {
            array.forEach(Schemas::strict);
        }
        return schema;
    }
}
