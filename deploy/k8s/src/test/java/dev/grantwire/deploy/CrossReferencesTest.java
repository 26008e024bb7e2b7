package dev.grantwire.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.grantwire.events.RevocationTopic;
import dev.grantwire.testsupport.balancer.IngressRoutes;
import dev.grantwire.testsupport.kafka.KafkaAcls;
import dev.grantwire.testsupport.stack.Stack.Service;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.resource.PatternType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What no schema can see: that the rendered documents of each overlay refer to one another, and to
 * the services' configuration, the event contract and the broker's ACL table, correctly.
 */
class CrossReferencesTest {

    private static final Pattern SECRET_ROW =
            Pattern.compile("^\\| `([a-z0-9-]+)` \\| `([a-z0-9-]+)` \\|", Pattern.MULTILINE);
    private static final Pattern VARIABLE_REFERENCE = Pattern.compile("\\$\\(([A-Z0-9_]+)\\)");

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void servicesWhenRenderedThenEachSelectsOneDeploymentAndNamesItsPorts(String overlay) {
        Rendered rendered = Rendered.overlay(overlay);
        for (JsonNode service : rendered.all("Service")) {
            JsonNode container =
                    Rendered.app(
                            rendered.onlyDeploymentSelectedBy(
                                    service.path("spec").path("selector"), service));
            for (JsonNode port : service.path("spec").path("ports")) {
                String target = port.path("targetPort").asText();
                assertThat(Rendered.port(container, target))
                        .as(Rendered.id(service) + " targetPort " + target)
                        .hasValue(port.path("port").asInt());
            }
        }
        for (JsonNode deployment : rendered.all("Deployment")) {
            assertThat(rendered.find("Service", Rendered.name(deployment)))
                    .as(Rendered.id(deployment) + " has a Service of its name")
                    .isPresent();
        }
    }

    /**
     * Keys come from every live grant-service replica, ready or not: a starting grant-service
     * becomes ready only after revocation-service checked its token with them.
     */
    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void keysWhenFetchedThenFromEveryLiveGrantServiceReplicaReadyOrNot(String overlay) {
        Rendered rendered = Rendered.overlay(overlay);
        int fetchers = 0;
        for (JsonNode deployment : rendered.all("Deployment")) {
            for (Map.Entry<String, JsonNode> env :
                    Rendered.env(Rendered.app(deployment)).entrySet()) {
                if (env.getKey().endsWith("_JWKS_URL")) {
                    fetchers++;
                    URI jwks = URI.create(env.getValue().path("value").asText());
                    JsonNode service = rendered.one("Service", jwks.getHost());
                    assertThat(service.at("/spec/publishNotReadyAddresses").asBoolean())
                            .as(Rendered.id(deployment) + " " + env.getKey())
                            .isTrue();
                    assertThat(rendered.deploymentsSelectedBy(service.at("/spec/selector")))
                            .extracting(Rendered::name)
                            .containsExactly("grant-service");
                    assertThat(jwks.getPath()).isEqualTo("/oauth2/jwks");
                }
            }
        }
        assertThat(fetchers).as("revocation-service and every guard fetch keys").isPositive();
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void budgetsAutoscalersAndPoliciesWhenRenderedThenTargetDeploymentsThatExist(String overlay) {
        Rendered rendered = Rendered.overlay(overlay);
        for (JsonNode budget : rendered.all("PodDisruptionBudget")) {
            assertThat(rendered.deploymentsSelectedBy(budget.path("spec").path("selector")))
                    .as(Rendered.id(budget))
                    .hasSize(1);
        }
        for (JsonNode autoscaler : rendered.all("HorizontalPodAutoscaler")) {
            JsonNode target = autoscaler.path("spec").path("scaleTargetRef");
            assertThat(target.path("kind").asText()).isEqualTo("Deployment");
            assertThat(rendered.find("Deployment", target.path("name").asText()))
                    .as(Rendered.id(autoscaler))
                    .isPresent();
        }
        for (JsonNode deployment : rendered.all("Deployment")) {
            String name = Rendered.name(deployment);
            assertThat(rendered.find("PodDisruptionBudget", name)).as(name).isPresent();
            assertThat(rendered.find("HorizontalPodAutoscaler", name)).as(name).isPresent();
            assertThat(rendered.find("NetworkPolicy", name)).as(name).isPresent();
            assertThat(rendered.find("ServiceMonitor", name)).as(name).isPresent();
            assertThat(
                            rendered.find(
                                    "ServiceAccount",
                                    deployment
                                            .at("/spec/template/spec/serviceAccountName")
                                            .asText()))
                    .as(name + " service account")
                    .isPresent();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void networkPoliciesWhenRenderedThenEveryPeerAndPortExists(String overlay) {
        Rendered rendered = Rendered.overlay(overlay);
        for (JsonNode policy : rendered.all("NetworkPolicy")) {
            JsonNode container =
                    Rendered.app(
                            rendered.onlyDeploymentSelectedBy(
                                    policy.path("spec").path("podSelector"), policy));
            for (JsonNode rule : policy.path("spec").path("ingress")) {
                for (JsonNode port : rule.path("ports")) {
                    assertThat(Rendered.port(container, port.path("port").asText()))
                            .as(Rendered.id(policy) + " ingress port " + port)
                            .isPresent();
                }
            }
            for (JsonNode rule : policy.path("spec").path("egress")) {
                for (JsonNode peer : rule.path("to")) {
                    assertThat(egressPort(rendered, peer))
                            .as(Rendered.id(policy) + " egress to " + peer)
                            .isIn(ports(rule));
                }
            }
        }
    }

    /** The port a peer of an egress rule listens on, or a failure when the peer is unknown. */
    private static Integer egressPort(Rendered rendered, JsonNode peer) {
        JsonNode labels = peer.path("podSelector").path("matchLabels");
        if (peer.has("namespaceSelector") && "kube-dns".equals(labels.path("k8s-app").asText())) {
            return 53;
        }
        if (labels.has("cnpg.io/cluster")) {
            rendered.one("Cluster", labels.path("cnpg.io/cluster").asText());
            return 5432;
        }
        if (labels.has("strimzi.io/cluster")) {
            return kafkaListener(rendered, labels.path("strimzi.io/cluster").asText())
                    .path("port")
                    .asInt();
        }
        List<JsonNode> deployments = rendered.deploymentsSelectedBy(peer.path("podSelector"));
        assertThat(deployments).as("egress peer " + peer).hasSize(1);
        return Rendered.port(Rendered.app(deployments.get(0)), "http").orElseThrow();
    }

    private static Set<Integer> ports(JsonNode rule) {
        Set<Integer> ports = new HashSet<>();
        rule.path("ports").forEach(p -> ports.add(p.path("port").asInt()));
        return ports;
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void ingressWhenRenderedThenEachPathReachesItsServiceOnTheIssuersHostOverTls(String overlay) {
        Rendered rendered = Rendered.overlay(overlay);
        JsonNode ingress = rendered.one("Ingress", "grantwire");
        URI issuer = URI.create(config(rendered, "issuer"));
        JsonNode rule = ingress.at("/spec/rules/0");
        List<IngressRoutes.Route> routes = new ArrayList<>();
        for (JsonNode path : rule.at("/http/paths")) {
            JsonNode backend = path.at("/backend/service");
            String portName = backend.at("/port/name").asText();
            JsonNode service = rendered.one("Service", backend.path("name").asText());
            assertThat(portName).as("never a management port").isEqualTo("http");
            assertThat(service.at("/spec/ports").findValuesAsText("name")).contains(portName);
            routes.add(
                    new IngressRoutes.Route(
                            path.path("path").asText(),
                            path.path("pathType").asText().equals("Exact"),
                            Service.named(backend.path("name").asText())));
        }

        // The same routes as the replica tests' HAProxy (test-support IngressRoutes).
        assertThat(routes).containsExactlyInAnyOrderElementsOf(IngressRoutes.ROUTES);
        assertThat(issuer.getScheme()).isEqualTo("https");
        assertThat(rule.path("host").asText()).isEqualTo(issuer.getHost());
        assertThat(ingress.at("/spec/tls/0/hosts/0").asText()).isEqualTo(issuer.getHost());
        assertThat(ingress.at("/spec/tls/0/secretName").asText()).isNotBlank();
        assertThat(
                        ingress.at("/metadata/annotations")
                                .path("nginx.ingress.kubernetes.io/force-ssl-redirect")
                                .asText())
                .isEqualTo("true");
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void serviceMonitorsWhenRenderedThenScrapeTheManagementPortOfAService(String overlay) {
        Rendered rendered = Rendered.overlay(overlay);
        for (JsonNode monitor : rendered.all("ServiceMonitor")) {
            List<JsonNode> services =
                    rendered.all("Service").stream()
                            .filter(s -> Rendered.matches(monitor.at("/spec/selector"), s))
                            .toList();
            assertThat(services).as(Rendered.id(monitor)).hasSize(1);
            for (JsonNode endpoint : monitor.at("/spec/endpoints")) {
                assertThat(endpoint.path("port").asText()).isEqualTo("management");
                assertThat(endpoint.path("path").asText()).isEqualTo("/q/metrics");
                assertThat(services.get(0).at("/spec/ports").findValuesAsText("name"))
                        .contains("management");
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void probesWhenRenderedThenAnswerOnThePortsEachServiceConfigures(String overlay) {
        for (JsonNode deployment : Rendered.overlay(overlay).all("Deployment")) {
            ServiceConfig config = ServiceConfig.of(Rendered.name(deployment));
            JsonNode app = Rendered.app(deployment);
            String id = Rendered.id(deployment);

            assertThat(Rendered.port(app, "http"))
                    .as(id + " http")
                    .hasValue(Integer.parseInt(config.value("quarkus.http.port")));
            assertThat(Rendered.port(app, "management"))
                    .as(id + " management")
                    .hasValue(Integer.parseInt(config.value("quarkus.management.port")));
            assertThat(config.value("quarkus.management.enabled")).isEqualTo("true");
            Map<String, String> probes =
                    Map.of(
                            "startupProbe", "/q/health/started",
                            "livenessProbe", "/q/health/live",
                            "readinessProbe", "/q/health/ready");
            probes.forEach(
                    (probe, path) -> {
                        assertThat(app.at("/" + probe + "/httpGet/path").asText())
                                .as(id + " " + probe)
                                .isEqualTo(path);
                        assertThat(app.at("/" + probe + "/httpGet/port").asText())
                                .as(id + " " + probe)
                                .isEqualTo("management");
                    });
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void environmentWhenRenderedThenEveryVariableIsAKeyAndEveryReferenceExists(String overlay)
            throws IOException {
        Rendered rendered = Rendered.overlay(overlay);
        Set<String> documented = documentedSecrets();
        List<String> problems = new ArrayList<>();
        for (JsonNode deployment : rendered.all("Deployment")) {
            String name = Rendered.name(deployment);
            ServiceConfig config = ServiceConfig.of(name);
            Set<String> earlier = new HashSet<>();
            for (JsonNode entry : Rendered.app(deployment).path("env")) {
                String variable = entry.path("name").asText();
                if (!config.knows(variable)) {
                    problems.add(name + ": " + variable + " is no configuration key of it");
                }
                Matcher reference = VARIABLE_REFERENCE.matcher(entry.path("value").asText());
                while (reference.find()) {
                    if (!earlier.contains(reference.group(1))) {
                        problems.add(name + ": " + variable + " refers to an undefined variable");
                    }
                }
                JsonNode configMap = entry.at("/valueFrom/configMapKeyRef");
                if (!configMap.isMissingNode()) {
                    JsonNode map = rendered.one("ConfigMap", configMap.path("name").asText());
                    if (!map.path("data").has(configMap.path("key").asText())) {
                        problems.add(name + ": " + variable + " reads a key the ConfigMap lacks");
                    }
                }
                JsonNode secret = entry.at("/valueFrom/secretKeyRef");
                if (!secret.isMissingNode()) {
                    String ref = secret.path("name").asText() + "/" + secret.path("key").asText();
                    if (!operatorMade(rendered).contains(ref) && !documented.contains(ref)) {
                        problems.add(
                                name
                                        + ": "
                                        + variable
                                        + " reads "
                                        + ref
                                        + ", which no operator makes and deploy/README.md does"
                                        + " not list");
                    }
                }
                earlier.add(variable);
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void secretsWhenDocumentedThenEachIsReadAndNoneIsInTheRepository() throws IOException {
        Set<String> read = new TreeSet<>();
        for (String overlay : Rendered.OVERLAYS) {
            Rendered rendered = Rendered.overlay(overlay);
            assertThat(rendered.all("Secret")).as(overlay + " renders no Secret").isEmpty();
            for (JsonNode deployment : rendered.all("Deployment")) {
                for (JsonNode entry : Rendered.app(deployment).path("env")) {
                    JsonNode secret = entry.at("/valueFrom/secretKeyRef");
                    if (!secret.isMissingNode()) {
                        read.add(secret.path("name").asText() + "/" + secret.path("key").asText());
                    }
                }
            }
        }

        assertThat(documentedSecrets()).isNotEmpty().allMatch(read::contains);
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void topicsWhenRenderedThenTheRevocationTopicHasTheContractsSettings(String overlay) {
        Rendered rendered = Rendered.overlay(overlay);
        List<JsonNode> topics = rendered.all("KafkaTopic");
        assertThat(topics.stream().map(t -> t.at("/spec/topicName").asText()))
                .as("every topic a service uses")
                .containsExactly(RevocationTopic.NAME);
        JsonNode spec = topics.get(0).path("spec");
        Map<String, String> settings = new HashMap<>();
        spec.path("config")
                .fields()
                .forEachRemaining(f -> settings.put(f.getKey(), f.getValue().asText()));

        assertThat(spec.path("partitions").asInt()).isEqualTo(RevocationTopic.PARTITIONS);
        assertThat(settings).containsAllEntriesOf(RevocationTopic.CONFIGS);
        if (overlay.equals("prod")) {
            assertThat(RevocationTopic.violations(settings)).isEmpty();
            assertThat(spec.path("replicas").asInt()).isEqualTo(3);
        }
        int brokers =
                rendered.all("KafkaNodePool").stream()
                        .filter(pool -> pool.at("/spec/roles").toString().contains("broker"))
                        .mapToInt(pool -> pool.at("/spec/replicas").asInt())
                        .sum();
        assertThat(spec.path("replicas").asInt()).isLessThanOrEqualTo(brokers);
        assertThat(Integer.parseInt(settings.get("min.insync.replicas")))
                .isLessThanOrEqualTo(spec.path("replicas").asInt());
        for (JsonNode deployment : rendered.all("Deployment")) {
            JsonNode bootstrap =
                    Rendered.env(Rendered.app(deployment)).get("KAFKA_BOOTSTRAP_SERVERS");
            if (bootstrap != null) {
                JsonNode listener = kafkaListener(rendered, "grantwire");
                assertThat(bootstrap.path("value").asText())
                        .isEqualTo("grantwire-kafka-bootstrap:" + listener.path("port").asInt());
                assertThat(listener.at("/authentication/type").asText()).isEqualTo("scram-sha-512");
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void kafkaUsersWhenRenderedThenExactlyTheBrokersAclTableAndEachServiceItsOwnUser(
            String overlay) {
        Rendered rendered = Rendered.overlay(overlay);
        for (JsonNode user : rendered.all("KafkaUser")) {
            assertThat(user.at("/spec/authentication/type").asText()).isEqualTo("scram-sha-512");
            assertThat(acls(user))
                    .as(Rendered.id(user))
                    .isNotEmpty()
                    .isEqualTo(brokerTable(Rendered.name(user)));
        }
        for (JsonNode deployment : rendered.all("Deployment")) {
            JsonNode password =
                    Rendered.env(Rendered.app(deployment)).get("GRANTWIRE_KAFKA_PASSWORD");
            if (password != null) {
                String username =
                        ServiceConfig.of(Rendered.name(deployment))
                                .value("grantwire.kafka.username");
                assertThat(password.at("/valueFrom/secretKeyRef/name").asText())
                        .as(Rendered.id(deployment) + " reads its own KafkaUser's Secret")
                        .isEqualTo(username);
                rendered.one("KafkaUser", username);
            }
        }
    }

    @Test
    void serviceTeamTemplateWhenReadThenItMayOnlyReadTheRevocationTopic() throws IOException {
        JsonNode template =
                Rendered.parse(
                                "templates",
                                Files.readString(
                                        Project.k8s()
                                                .resolve("templates/service-team-kafkauser.yaml")))
                        .documents()
                        .get(0);

        assertThat(acls(template))
                .containsExactly("TOPIC " + RevocationTopic.NAME + " LITERAL READ");
        assertThat(acls(template)).isEqualTo(brokerTable("resource-api"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void podsWhenRenderedThenNonRootReadOnlyWithoutPrivilegeAndWithMemoryBounds(String overlay)
            throws IOException {
        String imageUser = parentPomProperty("quarkus.jib.user");
        for (JsonNode deployment : Rendered.overlay(overlay).all("Deployment")) {
            String id = Rendered.id(deployment);
            JsonNode pod = deployment.at("/spec/template/spec");
            JsonNode app = Rendered.app(deployment);
            assertThat(pod.at("/securityContext/runAsNonRoot").asBoolean()).as(id).isTrue();
            assertThat(pod.at("/securityContext/runAsUser").asText()).as(id).isEqualTo(imageUser);
            assertThat(pod.at("/securityContext/seccompProfile/type").asText())
                    .as(id)
                    .isEqualTo("RuntimeDefault");
            assertThat(pod.at("/automountServiceAccountToken").asBoolean(true)).as(id).isFalse();
            assertThat(app.at("/securityContext/allowPrivilegeEscalation").asBoolean(true))
                    .as(id)
                    .isFalse();
            assertThat(app.at("/securityContext/readOnlyRootFilesystem").asBoolean())
                    .as(id)
                    .isTrue();
            assertThat(app.at("/securityContext/capabilities/drop").toString())
                    .as(id)
                    .isEqualTo("[\"ALL\"]");
            assertThat(app.at("/volumeMounts").toString())
                    .as(id)
                    .contains("\"mountPath\":\"/tmp\"");
            assertThat(pod.at("/volumes/0/emptyDir").isObject()).as(id).isTrue();
            long request = mebibytes(app.at("/resources/requests/memory").asText());
            long limit = mebibytes(app.at("/resources/limits/memory").asText());
            assertThat(request).as(id).isPositive().isLessThanOrEqualTo(limit);
            assertThat(app.at("/resources/requests/cpu").asText()).as(id).isNotBlank();
        }
    }

    @Test
    void prodWhenRenderedThenEveryServiceIsReplicatedAndSpreadAndDurable() {
        Rendered prod = Rendered.overlay("prod");
        assertThat(prod.find("Deployment", "resource-api")).as("examples stay in dev").isEmpty();
        for (JsonNode deployment : prod.all("Deployment")) {
            String name = Rendered.name(deployment);
            assertThat(prod.one("HorizontalPodAutoscaler", name).at("/spec/minReplicas").asInt())
                    .as(name)
                    .isGreaterThanOrEqualTo(2);
            assertThat(deployment.at("/spec/replicas").isMissingNode())
                    .as(name + ": the autoscaler owns the count")
                    .isTrue();
            assertThat(
                            deployment
                                    .at("/spec/template/spec/topologySpreadConstraints")
                                    .findValuesAsText("topologyKey"))
                    .as(name)
                    .contains("kubernetes.io/hostname", "topology.kubernetes.io/zone");
            String image = Rendered.app(deployment).path("image").asText();
            assertThat(image)
                    .as(name)
                    .matches("[a-z0-9.-]+/grantwire/" + name + ":[0-9][0-9.]*")
                    .doesNotContain("SNAPSHOT");
        }
        assertThat(
                        prod.all("KafkaNodePool").stream()
                                .mapToInt(pool -> pool.at("/spec/replicas").asInt())
                                .sum())
                .isGreaterThanOrEqualTo(3);
        for (JsonNode cluster : prod.all("Cluster")) {
            assertThat(cluster.at("/spec/instances").asInt()).isEqualTo(3);
            assertThat(cluster.at("/spec/postgresql/synchronous/number").asInt()).isPositive();
            assertThat(cluster.at("/spec/postgresql/synchronous/dataDurability").asText())
                    .isEqualTo("required");
        }
        assertThat(config(prod, "rate-limit-replicas"))
                .isEqualTo(
                        String.valueOf(
                                prod.one("HorizontalPodAutoscaler", "grant-service")
                                        .at("/spec/minReplicas")
                                        .asInt()));
    }

    @Test
    void devWhenRenderedThenTheImagesTheBuildMakesAndOneOfEach() {
        Rendered dev = Rendered.overlay("dev");
        assertThat(dev.all("Deployment").stream().map(Rendered::name))
                .containsExactlyInAnyOrderElementsOf(ServiceConfig.deployments());
        for (JsonNode deployment : dev.all("Deployment")) {
            assertThat(Rendered.app(deployment).path("image").asText())
                    .isEqualTo(
                            "localhost/grantwire/"
                                    + Rendered.name(deployment)
                                    + ":"
                                    + Project.version());
        }
        for (JsonNode cluster : dev.all("Cluster")) {
            assertThat(cluster.at("/spec/instances").asInt()).isEqualTo(1);
            assertThat(cluster.at("/spec/postgresql/synchronous").isMissingNode()).isTrue();
        }
    }

    /** The KafkaUser's ACLs as "TYPE name PATTERN OPERATION", sorted. */
    private static Set<String> acls(JsonNode user) {
        Set<String> acls = new TreeSet<>();
        for (JsonNode acl : user.at("/spec/authorization/acls")) {
            JsonNode resource = acl.path("resource");
            for (JsonNode operation : acl.path("operations")) {
                acls.add(
                        resource.path("type").asText().toUpperCase(Locale.ROOT)
                                + " "
                                + resource.path("name").asText()
                                + " "
                                + resource.path("patternType")
                                        .asText("literal")
                                        .toUpperCase(Locale.ROOT)
                                + " "
                                + operation.asText().toUpperCase(Locale.ROOT));
            }
        }
        return acls;
    }

    /** The rows of test-support's KafkaAcls (the one ACL table) for one user, as {@link #acls}. */
    private static Set<String> brokerTable(String username) {
        Set<String> acls = new TreeSet<>();
        for (AclBinding binding : KafkaAcls.bindings()) {
            if (binding.entry().principal().equals("User:" + username)) {
                acls.add(
                        binding.pattern().resourceType()
                                + " "
                                + binding.pattern().name()
                                + " "
                                + (binding.pattern().patternType() == PatternType.PREFIXED
                                        ? "PREFIX"
                                        : binding.pattern().patternType())
                                + " "
                                + binding.entry().operation());
            }
        }
        return acls;
    }

    private static JsonNode kafkaListener(Rendered rendered, String cluster) {
        JsonNode listeners = rendered.one("Kafka", cluster).at("/spec/kafka/listeners");
        assertThat(listeners).as("one listener").hasSize(1);
        return listeners.get(0);
    }

    /** The Secrets and keys the operators write: KafkaUser passwords, CloudNativePG owners. */
    private static Set<String> operatorMade(Rendered rendered) {
        Set<String> made = new HashSet<>();
        rendered.all("KafkaUser").forEach(u -> made.add(Rendered.name(u) + "/password"));
        for (JsonNode cluster : rendered.all("Cluster")) {
            made.add(Rendered.name(cluster) + "-app/username");
            made.add(Rendered.name(cluster) + "-app/password");
        }
        return made;
    }

    /** The rows of deploy/README.md's Secrets table, as "secret/key". */
    private static Set<String> documentedSecrets() throws IOException {
        String readme = Files.readString(Project.root().resolve("deploy/README.md"));
        String table =
                readme.substring(
                        readme.indexOf("<!-- secrets:begin -->"),
                        readme.indexOf("<!-- secrets:end -->"));
        Set<String> rows = new TreeSet<>();
        Matcher row = SECRET_ROW.matcher(table);
        while (row.find()) {
            rows.add(row.group(1) + "/" + row.group(2));
        }
        return rows;
    }

    private static String config(Rendered rendered, String key) {
        return rendered.one("ConfigMap", "grantwire-config").path("data").path(key).asText();
    }

    private static String parentPomProperty(String name) throws IOException {
        String pom = Files.readString(Project.root().resolve("pom.xml"));
        Matcher value = Pattern.compile("<" + Pattern.quote(name) + ">([^<]+)<").matcher(pom);
        assertThat(value.find()).as(name + " in the parent pom").isTrue();
        return value.group(1);
    }

    private static long mebibytes(String quantity) {
        Matcher m = Pattern.compile("(\\d+)(Mi|Gi)").matcher(quantity);
        assertThat(m.matches()).as(quantity + " in Mi or Gi").isTrue();
        return Long.parseLong(m.group(1)) * (m.group(2).equals("Gi") ? 1024 : 1);
    }
}
