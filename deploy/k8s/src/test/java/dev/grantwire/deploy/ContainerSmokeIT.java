package dev.grantwire.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.grantwire.events.RevocationTopic;
import dev.grantwire.testsupport.kafka.InProcessKafka;
import dev.grantwire.testsupport.kafka.KafkaUser;
import dev.grantwire.testsupport.postgres.Postgres;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Each image runs under podman (runc) as its rendered dev Deployment says (see {@link
 * DeploymentContainer}), against this test's Kafka and PostgreSQL on 127.0.0.1: its probes answer
 * on the manifest's ports, it runs as the manifest's user on a read-only root, and the dashboard
 * and the alerts only name metrics the running services export.
 *
 * <p>Without podman, runc or the images (built where mmdebstrap is installed), it skips and says
 * why; with {@code REQUIRE_CONTAINERS=1} (CI) that is a failure instead.
 */
class ContainerSmokeIT {

    private static final Duration START = Duration.ofMinutes(4);
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final Pattern METRIC =
            Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)", Pattern.MULTILINE);

    /** Metric names in queries: ours, Quarkus's HTTP server and the JVM's. */
    private static final Pattern QUERIED =
            Pattern.compile("\\b((?:grantwire|http_server|jvm|process)_[a-z0-9_]+)");

    /** Names that are not the services': kube-state-metrics' (readiness flapping). */
    private static final Pattern EXTERNAL = Pattern.compile("\\bkube_[a-z_]+");

    private static final Rendered DEV = Rendered.overlay("dev");
    private static final Path SCRATCH = Project.target().resolve("container-smoke");

    private static InProcessKafka kafka;
    private static Postgres postgres;
    private static final List<DeploymentContainer> containers = new ArrayList<>();

    @BeforeAll
    static void startKafkaAndPostgresOrSkip() {
        List<String> images =
                DEV.all("Deployment").stream()
                        .map(d -> Rendered.app(d).path("image").asText())
                        .toList();
        Optional<String> missing = Podman.missing(images);
        if (missing.isPresent()) {
            String why = "container smoke test: " + missing.get();
            if ("1".equals(System.getenv("REQUIRE_CONTAINERS"))) {
                throw new AssertionError(why + " (REQUIRE_CONTAINERS=1)");
            }
            System.err.println(
                    "SKIPPED " + why + "; install podman, runc and mmdebstrap (deploy/README.md)");
            Assumptions.abort(why);
        }
        kafka = InProcessKafka.start(SCRATCH.resolve("kafka"));
        kafka.createTopic(
                RevocationTopic.NAME, RevocationTopic.PARTITIONS, RevocationTopic.CONFIGS);
        postgres = Postgres.start(SCRATCH.resolve("postgres"), 0, false);
    }

    @AfterAll
    static void stopEverything() {
        for (DeploymentContainer container : containers) {
            Podman.remove(container.name);
        }
        if (kafka != null) {
            kafka.close();
        }
        if (postgres != null) {
            postgres.close();
        }
    }

    @Test
    void imagesWhenRunAsTheirDeploymentsThenReadyAsNonRootOnAReadOnlyRootWithRealMetrics()
            throws IOException {
        DeploymentContainer.Cluster cluster = cluster();
        for (JsonNode deployment : DEV.all("Deployment")) {
            DeploymentContainer container = DeploymentContainer.of(deployment, DEV, cluster);
            containers.add(container);
            container.start(deployment, SCRATCH);
        }

        for (DeploymentContainer container : containers) {
            awaitReady(container);
        }
        Map<String, Set<String>> exported = new LinkedHashMap<>();
        for (DeploymentContainer container : containers) {
            JsonNode deployment = DEV.one("Deployment", container.deployment);
            String runAs = deployment.at("/spec/template/spec/securityContext/runAsUser").asText();
            for (String probe : List.of("/q/health/started", "/q/health/live", "/q/health/ready")) {
                assertThat(status(container.managementUrl(probe)))
                        .as(container.deployment + " " + probe)
                        .isEqualTo(200);
                assertThat(status(container.apiUrl(probe)))
                        .as(container.deployment + " " + probe + " never on the API port")
                        .isEqualTo(404);
            }
            assertThat(Podman.exec(container.name, "id", "-u").stdout().strip())
                    .as(container.deployment + " user")
                    .isEqualTo(runAs);
            assertThat(Podman.inspect(container.name, "{{.HostConfig.ReadonlyRootfs}}"))
                    .isEqualTo("true");
            Commands.Result write = Podman.exec(container.name, "touch", "/deployments/written");
            assertThat(write.ok()).as(container.deployment + " writes its root").isFalse();
            assertThat(write.stderr()).contains("Read-only file system");
            assertThat(Podman.exec(container.name, "touch", "/tmp/written").ok())
                    .as(container.deployment + " writes /tmp")
                    .isTrue();
            assertThat(Podman.logs(container.name))
                    .as(container.deployment + " log")
                    .doesNotContain("Unrecognized configuration key")
                    .doesNotContain("ERROR");
            // One request on the API port, so that the HTTP server's metrics exist.
            status(container.apiUrl("/not-a-path"));
            exported.put(
                    container.deployment, metricNames(body(container.managementUrl("/q/metrics"))));
        }
        report();

        Set<String> all = new TreeSet<>();
        exported.values().forEach(all::addAll);
        Set<String> queried = queriedNames();
        assertThat(queried)
                .contains(
                        "grantwire_guard_watermark_age_seconds",
                        "grantwire_revocation_outbox_oldest_age_seconds");
        assertThat(all).as("every metric the dashboard and the alerts query").containsAll(queried);
    }

    /** Secrets as the operators and the platform team would provide them, for this test only. */
    private static DeploymentContainer.Cluster cluster() {
        Map<String, String> secrets = new HashMap<>();
        Map<String, String> addresses = new HashMap<>();
        for (JsonNode user : DEV.all("KafkaUser")) {
            String name = Rendered.name(user);
            KafkaUser kafkaUser =
                    java.util.Arrays.stream(KafkaUser.values())
                            .filter(u -> u.username().equals(name))
                            .findFirst()
                            .orElseThrow();
            secrets.put(name + "/password", kafka.access(kafkaUser).password());
        }
        for (JsonNode database : DEV.all("Cluster")) {
            String name = Rendered.name(database);
            postgres.createDatabase(database.at("/spec/bootstrap/initdb/database").asText());
            secrets.put(name + "-app/username", postgres.user());
            secrets.put(name + "-app/password", postgres.password());
            addresses.put(name + "-rw:5432", "127.0.0.1:" + postgres.port());
        }
        for (JsonNode listener : DEV.one("Kafka", "grantwire").at("/spec/kafka/listeners")) {
            addresses.put(
                    "grantwire-kafka-bootstrap:" + listener.path("port").asInt(),
                    kafka.bootstrapServers());
        }
        SecureRandom random = new SecureRandom();
        byte[] key = new byte[32];
        random.nextBytes(key);
        secrets.put("grantwire-keys/encryption-key", Base64.getEncoder().encodeToString(key));
        for (String ref :
                List.of(
                        "grantwire-clients/consent-service",
                        "grantwire-clients/revocation-service",
                        "grantwire-clients/initial-access-token",
                        "grantwire-consent/oidc-client-secret",
                        "grantwire-consent/session-encryption-secret")) {
            byte[] secret = new byte[32];
            random.nextBytes(secret);
            secrets.put(ref, Base64.getUrlEncoder().withoutPadding().encodeToString(secret));
        }
        return new DeploymentContainer.Cluster(secrets, addresses);
    }

    private static void awaitReady(DeploymentContainer container) {
        try {
            await().atMost(START)
                    .pollInterval(Duration.ofSeconds(1))
                    .until(() -> status(container.managementUrl("/q/health/ready")) == 200);
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError(
                    container.deployment
                            + " never became ready; its log:\n"
                            + Podman.logs(container.name),
                    e);
        }
    }

    /** Memory and start time of each container, for deploy/README.md's figures. */
    private static void report() {
        Commands.Result stats =
                Commands.run(
                        List.of(
                                "podman",
                                "stats",
                                "--no-stream",
                                "--format",
                                "{{.Name}} {{.MemUsage}}"),
                        Duration.ofSeconds(60));
        System.out.println("Container memory after start:\n" + stats.stdout());
    }

    /** The metric names the dashboard's panels and the PrometheusRule's alerts query. */
    private static Set<String> queriedNames() throws IOException {
        Set<String> names = new TreeSet<>();
        JsonNode dashboard =
                new ObjectMapper()
                        .readTree(
                                Files.readString(
                                        Project.k8s()
                                                .resolve(
                                                        "base/monitoring/grantwire-dashboard.json")));
        for (JsonNode panel : dashboard.path("panels")) {
            assertThat(panel.path("targets")).as(panel.path("title").asText()).isNotEmpty();
            for (JsonNode target : panel.path("targets")) {
                Set<String> inQuery = queried(target.path("expr").asText());
                assertThat(inQuery)
                        .as(panel.path("title").asText() + " queries a metric")
                        .isNotEmpty();
                names.addAll(inQuery);
            }
        }
        for (JsonNode group : DEV.one("PrometheusRule", "grantwire").at("/spec/groups")) {
            for (JsonNode rule : group.path("rules")) {
                String expr = rule.path("expr").asText();
                Set<String> inQuery = queried(expr);
                assertThat(!inQuery.isEmpty() || EXTERNAL.matcher(expr).find())
                        .as(rule.path("alert").asText() + " queries a metric")
                        .isTrue();
                names.addAll(inQuery);
            }
        }
        return names;
    }

    private static Set<String> queried(String expression) {
        Set<String> names = new TreeSet<>();
        Matcher name = QUERIED.matcher(expression);
        while (name.find()) {
            names.add(name.group(1));
        }
        return names;
    }

    private static Set<String> metricNames(String exposition) {
        Set<String> names = new TreeSet<>();
        for (String line : exposition.lines().toList()) {
            if (!line.startsWith("#")) {
                Matcher name = METRIC.matcher(line);
                if (name.find()) {
                    names.add(name.group(1));
                }
            }
        }
        return names;
    }

    /** The status, or -1 when nothing answers (yet). */
    private static int status(String url) {
        return get(url).map(HttpResponse::statusCode).orElse(-1);
    }

    private static String body(String url) {
        return get(url).orElseThrow(() -> new AssertionError("cannot read " + url)).body();
    }

    private static Optional<HttpResponse<String>> get(String url) {
        try {
            return Optional.of(
                    HTTP.send(
                            HttpRequest.newBuilder(URI.create(url))
                                    .timeout(Duration.ofSeconds(5))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString()));
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }
}
