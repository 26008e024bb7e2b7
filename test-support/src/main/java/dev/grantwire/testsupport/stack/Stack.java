package dev.grantwire.testsupport.stack;

import dev.grantwire.events.RevocationTopic;
import dev.grantwire.testsupport.Ports;
import dev.grantwire.testsupport.balancer.Haproxy;
import dev.grantwire.testsupport.internal.Await;
import dev.grantwire.testsupport.internal.FileTrees;
import dev.grantwire.testsupport.kafka.KafkaProcess;
import dev.grantwire.testsupport.kafka.KafkaUser;
import dev.grantwire.testsupport.keycloak.GrantwireRealm;
import dev.grantwire.testsupport.keycloak.Keycloak;
import dev.grantwire.testsupport.network.FaultProxy;
import dev.grantwire.testsupport.postgres.Postgres;
import dev.grantwire.testsupport.service.ServiceProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The whole system on one machine, with no container engine: PostgreSQL, a Kafka broker (a child
 * process, so a test can kill it), Keycloak as the organization's provider, and the packaged
 * services. The system tests start it once; the local stack runs it until Ctrl+C.
 *
 * <p>Not thread-safe: one owner starts and closes it.
 */
public final class Stack implements AutoCloseable {

    /** A service of the stack: its name, module folder, database and broker user. */
    public enum Service {
        GRANT("grant-service", "grant-service", "grant_service", KafkaUser.GRANT_SERVICE),
        REVOCATION(
                "revocation-service",
                "revocation-service",
                "revocation_service",
                KafkaUser.REVOCATION_SERVICE),
        CONSENT("consent-service", "consent-service", "consent_service", null),
        RESOURCE_API(
                "resource-api", "examples/resource-api", "resource_api", KafkaUser.RESOURCE_API);

        private final String displayName;
        private final String module;
        private final String database;
        private final KafkaUser kafkaUser;

        Service(String displayName, String module, String database, KafkaUser kafkaUser) {
            this.displayName = displayName;
            this.module = module;
            this.database = database;
            this.kafkaUser = kafkaUser;
        }

        /** Its broker user; empty for consent-service, which never reaches the broker. */
        public Optional<KafkaUser> kafkaUser() {
            return Optional.ofNullable(kafkaUser);
        }

        public String displayName() {
            return displayName;
        }

        /** The service of that display name, e.g. {@code revocation-service}. */
        public static Service named(String displayName) {
            for (Service service : values()) {
                if (service.displayName.equals(displayName)) {
                    return service;
                }
            }
            throw new IllegalArgumentException("no service named " + displayName);
        }

        public String database() {
            return database;
        }
    }

    private static final Duration READY_TIMEOUT = Duration.ofMinutes(3);

    private final StackSettings settings;
    private final List<AutoCloseable> started = new ArrayList<>();
    private final Map<Service, ServiceProcess> services = new LinkedHashMap<>();
    private final List<ServiceProcess> resourceApis = new ArrayList<>();
    private Postgres postgres;
    private KafkaProcess kafka;
    private FaultProxy kafkaProxy;
    private FaultProxy grantProxy;
    private Keycloak keycloak;
    private String keycloakIssuer;
    private Map<Service, ServicePorts> ports;
    private ServiceProcess demoApp;
    private ServicePorts demoAppPorts;

    /** Every instance of each service, the first one first (one each unless replicated). */
    private final Map<Service, List<ServiceProcess>> replicas =
            new java.util.EnumMap<>(Service.class);

    /** Set when replicated: where HAProxy will listen, chosen before anything starts. */
    private Haproxy.Frontends frontends;

    private Haproxy balancer;

    private Stack(StackSettings settings) {
        this.settings = settings;
    }

    /**
     * Starts every part and waits until each is ready. If any part fails, whatever was started is
     * stopped before the exception leaves.
     */
    public static Stack start(StackSettings settings) {
        Stack stack = new Stack(settings);
        try {
            stack.startAll();
            return stack;
        } catch (RuntimeException | Error e) {
            stack.close();
            throw e;
        }
    }

    private void startAll() {
        requirePortsFree();
        ports = choosePorts();
        if (settings.balanced()) {
            frontends = Haproxy.Frontends.free();
        }
        demoAppPorts = orFree(settings.demoApp());
        // Initialise logging on this thread first: a logging back end initialised by two
        // threads at once (JUL and JBoss LogManager, reached from Keycloak's HTTP client and
        // from PostgreSQL's start) can deadlock.
        java.util.logging.LogManager.getLogManager();
        Path home = settings.home();
        // Keycloak is the slowest part: it starts while everything else does. Its ports are
        // chosen now so that consent-service can be told its issuer before Keycloak answers
        // (quarkus-oidc connects lazily).
        int keycloakPort = orFree(settings.keycloakPort());
        int keycloakManagementPort = orFree(settings.keycloakManagementPort());
        keycloakIssuer = "http://127.0.0.1:" + keycloakPort + "/realms/" + GrantwireRealm.NAME;
        CompletableFuture<Keycloak> provider =
                CompletableFuture.supplyAsync(
                        () ->
                                Keycloak.start(
                                        home.resolve("keycloak"),
                                        keycloakPort,
                                        keycloakManagementPort));
        try {
            postgres =
                    remember(
                            Postgres.start(
                                    home.resolve("postgres"),
                                    settings.postgresPort(),
                                    settings.keepData()));
            for (Service service : Service.values()) {
                postgres.createDatabase(service.database());
            }
            Path kafkaHome = home.resolve("kafka");
            if (!settings.keepData()) {
                // A fresh stack starts with an empty topic: revocations left by an earlier run
                // would carry ledger sequences the fresh ledger hands out again.
                FileTrees.delete(kafkaHome);
            }
            kafka = remember(KafkaProcess.start(kafkaHome, settings.kafkaPort()));
            kafkaProxy =
                    remember(
                            FaultProxy.start(
                                    "kafka-proxy", kafka.proxyPort(), kafka.proxiedPort()));
            if (settings.grantProxy()) {
                grantProxy =
                        remember(
                                FaultProxy.start("grant-proxy", 0, ports.get(Service.GRANT).api()));
            }
            kafka.createTopic(
                    RevocationTopic.NAME, RevocationTopic.PARTITIONS, RevocationTopic.CONFIGS);
            // Replicas of a service start together: a first start on an empty database is
            // raced by all of them, as in Kubernetes.
            for (Service service : Service.values()) {
                ServiceProcess first =
                        remember(
                                launch(
                                        service,
                                        ports.get(service),
                                        settings.balanced() ? "-1" : "",
                                        Map.of()));
                services.put(service, first);
                replicas.computeIfAbsent(service, s -> new ArrayList<>()).add(first);
                int count =
                        service == Service.RESOURCE_API
                                ? settings.resourceApiInstances()
                                : settings.replicas();
                for (int i = 2; i <= count; i++) {
                    replicas.get(service)
                            .add(
                                    remember(
                                            launch(
                                                    service,
                                                    orFree(ServicePorts.FREE),
                                                    "-" + i,
                                                    Map.of())));
                }
            }
            resourceApis.addAll(replicas.get(Service.RESOURCE_API));
            if (settings.balanced()) {
                balancer = remember(Haproxy.start(home.resolve("haproxy"), frontends, balanced()));
            }
        } finally {
            keycloak = remember(provider.join());
        }
        replicas.values().forEach(all -> all.forEach(service -> service.awaitReady(READY_TIMEOUT)));
        if (balancer != null) {
            // Ready is not yet routed: HAProxy marks a replica up after its next health checks.
            // Until then the balancer answers its own 503 (the demo app's registration got one).
            Await.until(
                    READY_TIMEOUT,
                    Duration.ofMillis(100),
                    () -> balancer.servers().values().stream().allMatch(Haproxy.ServerState::up),
                    () -> "HAProxy has replicas down: " + balancer.servers());
        }
        demoApp = remember(launchDemoApp());
        demoApp.awaitReady(READY_TIMEOUT);
    }

    /**
     * The demo third-party app, registered at grant-service like any app (RFC 7591) and started
     * with the client id and secret it got.
     */
    private ServiceProcess launchDemoApp() {
        String redirectUri = demoAppUrl() + "/callback";
        DemoAppRegistration registration =
                DemoAppRegistration.obtain(
                        localUrl(Service.GRANT),
                        redirectUri,
                        settings.home().resolve("demo-app").resolve("registration.properties"),
                        settings.keepData());
        Map<String, String> config = new LinkedHashMap<>();
        config.put("grantwire.demo.issuer", publicUrl(Service.GRANT));
        config.put("grantwire.demo.api-url", localUrl(Service.RESOURCE_API));
        config.put("grantwire.demo.redirect-uri", redirectUri);
        config.put("grantwire.demo.client-id", registration.clientId());
        config.put("grantwire.demo.client-secret", registration.clientSecret());
        return ServiceProcess.start(
                "demo-app",
                settings.root().resolve("examples/demo-app/target/quarkus-app/quarkus-run.jar"),
                demoAppPorts.api(),
                demoAppPorts.management(),
                config,
                settings.home().resolve("logs").resolve("demo-app.log"),
                "128m");
    }

    /**
     * Starts one more example resource API instance on a free port and returns at once, without
     * waiting for it to be ready (a test may start one while the broker is down). The stack stops
     * it on {@link #close()}.
     */
    public ServiceProcess startResourceApi() {
        return startResourceApi(Map.of());
    }

    /**
     * Like {@link #startResourceApi()}, with configuration of its own on top of the stack's (a
     * benchmark points one instance at another revocation topic).
     */
    public ServiceProcess startResourceApi(Map<String, String> overrides) {
        return startResourceApi(overrides, Map.of());
    }

    /**
     * Like {@link #startResourceApi(Map)}, with environment variables of its own (a clock shifted
     * by {@link dev.grantwire.testsupport.clock.ShiftedClock}).
     */
    public ServiceProcess startResourceApi(
            Map<String, String> overrides, Map<String, String> environment) {
        ServiceProcess instance =
                remember(
                        launch(
                                Service.RESOURCE_API,
                                orFree(ServicePorts.FREE),
                                "-" + (resourceApis.size() + 1),
                                overrides,
                                environment));
        resourceApis.add(instance);
        return instance;
    }

    private ServiceProcess launch(
            Service service,
            ServicePorts servicePorts,
            String instanceSuffix,
            Map<String, String> overrides) {
        return launch(service, servicePorts, instanceSuffix, overrides, Map.of());
    }

    private ServiceProcess launch(
            Service service,
            ServicePorts servicePorts,
            String instanceSuffix,
            Map<String, String> overrides,
            Map<String, String> environment) {
        Map<String, String> config = new LinkedHashMap<>();
        // The "local" profile carries the well-known development secrets; production never
        // runs it.
        config.put("quarkus.profile", "local");
        config.put("quarkus.datasource.jdbc.url", postgres.jdbcUrl(service.database()));
        config.put("quarkus.datasource.username", postgres.user());
        config.put("quarkus.datasource.password", postgres.password());
        service.kafkaUser().ifPresent(user -> config.putAll(kafka.access(user).serviceConfig()));
        // B, the same everywhere: the guards' and grant-service's staleness gates.
        config.put("grantwire.guard.staleness", settings.staleness().toMillis() + "ms");
        config.put("grantwire.feed.staleness-bound", settings.staleness().toString());
        config.put("grantwire.revocation.staleness", settings.staleness().toString());
        config.put("grantwire.feed.read-your-writes-timeout", settings.staleness().toString());
        if (service == Service.GRANT) {
            // The issuer and the endpoints it names in its metadata are where they really are.
            config.put("grantwire.issuer", publicUrl(Service.GRANT));
            config.put(
                    "grantwire.endpoints.authorization",
                    publicUrl(Service.CONSENT) + "/oauth2/authorize");
            config.put(
                    "grantwire.endpoints.revocation",
                    publicUrl(Service.REVOCATION) + "/oauth2/revoke");
        }
        if (service == Service.REVOCATION) {
            config.put("grantwire.revocation.issuer", publicUrl(Service.GRANT));
            config.put("grantwire.revocation.jwks-url", keysUrl());
            config.put("grantwire.revocation.grant-service.url", localUrl(Service.GRANT));
        }
        if (service == Service.GRANT) {
            config.put("grantwire.revocation-service.url", localUrl(Service.REVOCATION));
        }
        if (service == Service.RESOURCE_API) {
            // The guard checks tokens against the issuer that really runs.
            config.put("grantwire.guard.issuer", publicUrl(Service.GRANT));
            config.put("grantwire.guard.jwks-url", keysUrl());
        }
        if (service == Service.CONSENT) {
            config.put("quarkus.oidc.auth-server-url", keycloakIssuer);
            config.put("quarkus.oidc.credentials.secret", GrantwireRealm.CONSENT_CLIENT_SECRET);
            config.put(
                    "grantwire.consent.grant-service.url",
                    grantProxy != null
                            ? "http://" + Ports.LOOPBACK + ":" + grantProxy.port()
                            : localUrl(Service.GRANT));
            config.put("grantwire.consent.revocation-service.url", localUrl(Service.REVOCATION));
            config.put("grantwire.consent.issuer", publicUrl(Service.GRANT));
        }
        config.putAll(settings.overrides().getOrDefault(service, Map.of()));
        config.putAll(overrides);
        String name = service.displayName() + instanceSuffix;
        return ServiceProcess.start(
                name,
                settings.root()
                        .resolve(service.module)
                        .resolve("target/quarkus-app/quarkus-run.jar"),
                servicePorts.api(),
                servicePorts.management(),
                config,
                environment,
                settings.home().resolve("logs").resolve(name + ".log"),
                "256m");
    }

    /** Chosen before anything starts: each service is told where the others are. */
    private Map<Service, ServicePorts> choosePorts() {
        Map<Service, ServicePorts> chosen = new java.util.EnumMap<>(Service.class);
        for (Service service : Service.values()) {
            chosen.put(service, orFree(configuredPorts(service)));
        }
        return chosen;
    }

    /**
     * Where the other services reach a service: its one instance, or, replicated, HAProxy's
     * frontend for it (its Kubernetes Service).
     */
    private String localUrl(Service service) {
        return frontends != null
                ? frontends.url(service)
                : "http://127.0.0.1:" + ports.get(service).api();
    }

    /**
     * grant-service's keys: replicated, through the Service of every live replica, ready or not
     * ({@link Haproxy.Frontends}); a starting grant-service needs revocation-service to check its
     * token with them before it can become ready.
     */
    private String keysUrl() {
        return frontends != null ? frontends.keysUrl() : localUrl(Service.GRANT) + "/oauth2/jwks";
    }

    /** Where browsers and apps reach a service's public paths: replicated, the one ingress host. */
    private String publicUrl(Service service) {
        return frontends != null ? frontends.ingressUrl() : localUrl(service);
    }

    /** What HAProxy balances: every instance of each service. */
    private Map<Service, List<Haproxy.Replica>> balanced() {
        Map<Service, List<Haproxy.Replica>> balanced = new java.util.EnumMap<>(Service.class);
        replicas.forEach(
                (service, instances) ->
                        balanced.put(
                                service,
                                instances.stream()
                                        .map(
                                                i ->
                                                        new Haproxy.Replica(
                                                                i.name(),
                                                                i.httpPort(),
                                                                i.managementPort()))
                                        .toList()));
        return balanced;
    }

    private ServicePorts configuredPorts(Service service) {
        return switch (service) {
            case GRANT -> settings.grant();
            case REVOCATION -> settings.revocation();
            case CONSENT -> settings.consent();
            case RESOURCE_API -> settings.resourceApi();
        };
    }

    private void requirePortsFree() {
        check(settings.consent(), "GRANTWIRE_CONSENT");
        check(settings.grant(), "GRANTWIRE_GRANT");
        check(settings.revocation(), "GRANTWIRE_REVOCATION");
        check(settings.resourceApi(), "GRANTWIRE_RESOURCE_API");
        check(settings.demoApp(), "GRANTWIRE_DEMO_APP");
        check(settings.keycloakPort(), "GRANTWIRE_KEYCLOAK_PORT");
        check(settings.keycloakManagementPort(), "GRANTWIRE_KEYCLOAK_MANAGEMENT_PORT");
        check(settings.kafkaPort(), "GRANTWIRE_KAFKA_PORT");
        check(settings.postgresPort(), "GRANTWIRE_POSTGRES_PORT");
    }

    private static int orFree(int port) {
        return port == 0 ? Ports.freePort() : port;
    }

    private static ServicePorts orFree(ServicePorts configured) {
        return new ServicePorts(orFree(configured.api()), orFree(configured.management()));
    }

    private static void check(int port, String setting) {
        if (port != 0) {
            Ports.requireFree(port, setting);
        }
    }

    /** Both ports of a service, named by the local stack's settings {@code <prefix>_PORT} etc. */
    private static void check(ServicePorts configured, String settingPrefix) {
        check(configured.api(), settingPrefix + "_PORT");
        check(configured.management(), settingPrefix + "_MANAGEMENT_PORT");
    }

    private <T extends AutoCloseable> T remember(T part) {
        started.add(part);
        return part;
    }

    public ServiceProcess service(Service service) {
        return services.get(service);
    }

    /** Where a service is reached: its one instance, or replicated, HAProxy's frontend for it. */
    public String url(Service service) {
        return localUrl(service);
    }

    /** The public host (the issuer): replicated, HAProxy's ingress frontend; else grant-service. */
    public String publicUrl() {
        return publicUrl(Service.GRANT);
    }

    /** Every instance of a service, the first one first. */
    public List<ServiceProcess> replicas(Service service) {
        return List.copyOf(replicas.get(service));
    }

    /** HAProxy in front of the replicas; empty unless the stack is replicated. */
    public Optional<Haproxy> balancer() {
        return Optional.ofNullable(balancer);
    }

    /** The demo third-party app's URL, e.g. {@code http://127.0.0.1:8084}. */
    public String demoAppUrl() {
        return "http://127.0.0.1:" + demoAppPorts.api();
    }

    /** The demo third-party app's process. */
    public ServiceProcess demoApp() {
        return demoApp;
    }

    /** Every example resource API instance started so far, the first one first. */
    public List<ServiceProcess> resourceApis() {
        return List.copyOf(resourceApis);
    }

    public Keycloak keycloak() {
        return keycloak;
    }

    public KafkaProcess kafka() {
        return kafka;
    }

    /**
     * The fault-injecting proxy consent-service reaches grant-service through, when the settings
     * ask for it ({@link StackSettings#withGrantProxy()}).
     *
     * @throws IllegalStateException when they do not
     */
    public FaultProxy grantProxy() {
        if (grantProxy == null) {
            throw new IllegalStateException("this stack has no grant-service proxy");
        }
        return grantProxy;
    }

    /**
     * The fault-injecting proxy in front of the broker's second listener: a service configured with
     * {@code kafka.bootstrap.servers=}{@link KafkaProcess#proxiedBootstrapServers()} reaches the
     * broker only through it. Passes everything until a test says otherwise.
     */
    public FaultProxy kafkaProxy() {
        return kafkaProxy;
    }

    public Postgres postgres() {
        return postgres;
    }

    /** Stops every part, the last started first; never throws. */
    @Override
    public void close() {
        for (int i = started.size() - 1; i >= 0; i--) {
            try {
                started.get(i).close();
            } catch (Exception e) {
                System.err.println("Could not stop " + started.get(i) + ": " + e);
            }
        }
        started.clear();
    }
}
