package dev.grantwire.testsupport.balancer;

import dev.grantwire.testsupport.Ports;
import dev.grantwire.testsupport.internal.Await;
import dev.grantwire.testsupport.internal.ChildProcesses;
import dev.grantwire.testsupport.stack.Stack.Service;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * HAProxy from Debian in front of the replicas of each service, on 127.0.0.1, doing what Kubernetes
 * does for Grantwire: one frontend per service stands for its Service (every path, round robin over
 * the replicas that are ready), and the ingress frontend routes the public paths as the Ingress
 * does ({@link IngressRoutes}). Each replica is health-checked on its management port ({@code
 * /q/health/ready}, every 500 ms, down after 2 failures, up after 2 successes).
 *
 * <p>A request is never sent twice: HAProxy retries only a connection that could not be opened
 * (nothing was sent yet), on another replica; once a request reached a replica, a failure is the
 * caller's to see. The stats page ({@link #servers()}) tells which replica is up and how many
 * requests each has had.
 */
public final class Haproxy implements AutoCloseable {

    /** One replica: its name (e.g. {@code grant-service-1}) and its API and management ports. */
    public record Replica(String name, int apiPort, int managementPort) {}

    /**
     * A replica as the stats page shows it: its state, the HTTP requests it was sent, its 5xx
     * answers, and the connections to it that failed and were tried again ({@code retries}, then
     * {@code redispatches} to another replica: nothing had been sent yet).
     */
    public record ServerState(
            String backend,
            String name,
            String status,
            long requests,
            long errors5xx,
            long retries,
            long redispatches) {
        public boolean up() {
            return status.startsWith("UP");
        }
    }

    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final Process process;
    private final Thread shutdownHook;
    private final Frontends frontends;

    private Haproxy(Process process, Thread shutdownHook, Frontends frontends) {
        this.process = process;
        this.shutdownHook = shutdownHook;
        this.frontends = frontends;
    }

    /**
     * The ports the frontends will listen on, chosen before the services start. {@code keys} is
     * grant-service's keys Service: every live replica, ready or not (Kubernetes' {@code
     * publishNotReadyAddresses}). A starting grant-service is not ready until it has reconciled
     * from revocation-service's ledger, and revocation-service checks the token it reads with using
     * grant-service's keys: through the ready-only Service no replica would ever become ready.
     */
    public record Frontends(int ingress, Map<Service, Integer> services, int keys, int stats) {
        public static Frontends free() {
            Map<Service, Integer> services = new EnumMap<>(Service.class);
            for (Service service : Service.values()) {
                services.put(service, Ports.freePort());
            }
            return new Frontends(Ports.freePort(), services, Ports.freePort(), Ports.freePort());
        }

        public String url(Service service) {
            return "http://127.0.0.1:" + services.get(service);
        }

        /** grant-service's JWKS through the keys Service. */
        public String keysUrl() {
            return "http://127.0.0.1:" + keys + "/oauth2/jwks";
        }

        public String ingressUrl() {
            return "http://127.0.0.1:" + ingress;
        }
    }

    /** True when Debian's haproxy is installed. */
    public static Optional<Path> executable() {
        for (String dir : List.of("/usr/sbin", "/usr/bin", "/usr/local/sbin")) {
            Path haproxy = Path.of(dir, "haproxy");
            if (Files.isExecutable(haproxy)) {
                return Optional.of(haproxy);
            }
        }
        return Optional.empty();
    }

    /**
     * Writes the configuration under {@code dir}, checks it, starts HAProxy in the foreground as a
     * child process (its log in {@code dir/haproxy.log}) and returns once its stats page answers.
     */
    public static Haproxy start(
            Path dir, Frontends frontends, Map<Service, List<Replica>> replicas) {
        Path haproxy =
                executable()
                        .orElseThrow(() -> new IllegalStateException("haproxy is not installed"));
        try {
            Files.createDirectories(dir);
            Path config = dir.resolve("haproxy.cfg");
            Files.writeString(config, configuration(frontends, replicas));
            Process check =
                    new ProcessBuilder(haproxy.toString(), "-c", "-q", "-f", config.toString())
                            .redirectErrorStream(true)
                            .redirectOutput(dir.resolve("haproxy-check.log").toFile())
                            .start();
            if (check.waitFor() != 0) {
                throw new IllegalStateException(
                        "haproxy refuses "
                                + config
                                + ": "
                                + Files.readString(dir.resolve("haproxy-check.log")));
            }
            Process process =
                    new ProcessBuilder(haproxy.toString(), "-db", "-f", config.toString())
                            .redirectErrorStream(true)
                            .redirectOutput(
                                    ProcessBuilder.Redirect.appendTo(
                                            dir.resolve("haproxy.log").toFile()))
                            .start();
            Thread hook = ChildProcesses.onJvmExit("haproxy", process::destroyForcibly);
            Haproxy started = new Haproxy(process, hook, frontends);
            Await.until(
                    START_TIMEOUT,
                    Duration.ofMillis(100),
                    () -> started.statsCsv().isPresent(),
                    () -> "haproxy did not start; see " + dir.resolve("haproxy.log"));
            return started;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start haproxy in " + dir, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(
                    "interrupted while checking haproxy's configuration", e);
        }
    }

    static String configuration(Frontends frontends, Map<Service, List<Replica>> replicas) {
        StringBuilder cfg = new StringBuilder();
        cfg.append(
                """
                # Written by test-support's Haproxy: Grantwire's replicas behind one balancer.
                global
                    maxconn 4096
                    log stdout format raw local0 info

                defaults
                    mode http
                    log global
                    option httplog
                    option dontlognull
                    timeout connect 1s
                    timeout client 60s
                    timeout server 60s
                    # A connection that could not be opened is tried again, on another replica:
                    # nothing was sent. Nothing else is ever retried (retry-on conn-failure).
                    retries 2
                    retry-on conn-failure
                    option redispatch 1
                    default-server inter 500ms fall 2 rise 2

                frontend stats
                    bind 127.0.0.1:%d
                    stats enable
                    stats uri /stats
                    stats refresh 1s

                """
                        .formatted(frontends.stats()));
        cfg.append("# The Ingress: the public paths of the one host.\n");
        cfg.append("frontend ingress\n    bind 127.0.0.1:")
                .append(frontends.ingress())
                .append('\n');
        List<IngressRoutes.Route> routes = IngressRoutes.ROUTES;
        for (int i = 0; i < routes.size(); i++) {
            IngressRoutes.Route route = routes.get(i);
            if (!replicas.containsKey(route.service())) {
                continue;
            }
            String acl = "route" + i;
            cfg.append("    acl ").append(acl).append(" path ").append(route.path()).append('\n');
            if (!route.exact()) {
                cfg.append("    acl ")
                        .append(acl)
                        .append(" path_beg ")
                        .append(route.path())
                        .append("/\n");
            }
            cfg.append("    use_backend ")
                    .append(backend(route.service()))
                    .append(" if ")
                    .append(acl)
                    .append('\n');
        }
        // Any other path: 404, as from an Ingress that has no rule for it.
        cfg.append("    default_backend not-found\n\n")
                .append("backend not-found\n    http-request deny deny_status 404\n\n");
        for (Map.Entry<Service, List<Replica>> service : replicas.entrySet()) {
            cfg.append("# The Service ").append(service.getKey().displayName()).append(".\n");
            balance(
                    cfg,
                    backend(service.getKey()),
                    frontends.services().get(service.getKey()),
                    "/q/health/ready",
                    service.getValue());
        }
        if (!replicas.containsKey(Service.GRANT)) {
            return cfg.toString();
        }
        cfg.append("# grant-service's keys Service: every live replica, ready or not.\n");
        balance(
                cfg,
                "grant-service-keys",
                frontends.keys(),
                "/q/health/live",
                replicas.get(Service.GRANT));
        return cfg.toString();
    }

    /** A frontend on {@code port} and its backend: round robin over the replicas that pass. */
    private static void balance(
            StringBuilder cfg, String name, int port, String check, List<Replica> replicas) {
        cfg.append("frontend ")
                .append(name)
                .append("-frontend\n    bind 127.0.0.1:")
                .append(port)
                .append("\n    default_backend ")
                .append(name)
                .append("\n\nbackend ")
                .append(name)
                .append("\n    balance roundrobin\n    option httpchk GET ")
                .append(check)
                .append("\n    http-check expect status 200\n");
        for (Replica replica : replicas) {
            cfg.append("    server ")
                    .append(replica.name())
                    .append(" 127.0.0.1:")
                    .append(replica.apiPort())
                    .append(" check port ")
                    .append(replica.managementPort())
                    .append('\n');
        }
        cfg.append('\n');
    }

    private static String backend(Service service) {
        return service.displayName();
    }

    /** The ingress frontend: the one public host. */
    public String ingressUrl() {
        return frontends.ingressUrl();
    }

    /** The frontend standing for a service's Kubernetes Service. */
    public String url(Service service) {
        return frontends.url(service);
    }

    /** grant-service's JWKS from every live replica, ready or not. */
    public String keysUrl() {
        return frontends.keysUrl();
    }

    /** One replica of one backend (a service's display name, or {@code grant-service-keys}). */
    public ServerState server(String backend, String name) {
        ServerState server = servers().get(backend + "/" + name);
        if (server == null) {
            throw new IllegalArgumentException("haproxy has no server " + backend + "/" + name);
        }
        return server;
    }

    /** The replicas of a service's frontend (its Kubernetes Service) now, by replica name. */
    public Map<String, ServerState> servers(Service service) {
        Map<String, ServerState> servers = new LinkedHashMap<>();
        servers().values().stream()
                .filter(server -> server.backend().equals(backend(service)))
                .forEach(server -> servers.put(server.name(), server));
        return servers;
    }

    /** The HTTP requests each replica of a service's frontend has been sent so far, by name. */
    public Map<String, Long> requests(Service service) {
        Map<String, Long> requests = new LinkedHashMap<>();
        servers(service).forEach((name, server) -> requests.put(name, server.requests()));
        return requests;
    }

    /**
     * Every replica of every backend as the stats page shows it now, keyed {@code backend/name} (a
     * grant-service replica is in two: its Service and {@code grant-service-keys}).
     */
    public Map<String, ServerState> servers() {
        String csv =
                statsCsv()
                        .orElseThrow(
                                () -> new IllegalStateException("haproxy's stats page is down"));
        Map<String, ServerState> servers = new LinkedHashMap<>();
        List<String> lines = csv.lines().toList();
        List<String> header = List.of(lines.get(0).replaceFirst("^# ", "").split(","));
        int status = header.indexOf("status");
        // HTTP requests, not connections (a kept-alive connection carries many).
        int requests = header.indexOf("req_tot");
        int errors = header.indexOf("hrsp_5xx");
        int retries = header.indexOf("wretr");
        int redispatches = header.indexOf("wredis");
        for (String line : lines.subList(1, lines.size())) {
            List<String> fields = new ArrayList<>(List.of(line.split(",", -1)));
            String name = fields.get(1);
            if (!name.equals("FRONTEND") && !name.equals("BACKEND") && !line.isBlank()) {
                servers.put(
                        fields.get(0) + "/" + name,
                        new ServerState(
                                fields.get(0),
                                name,
                                fields.get(status),
                                parse(fields.get(requests)),
                                parse(fields.get(errors)),
                                parse(fields.get(retries)),
                                parse(fields.get(redispatches))));
            }
        }
        return servers;
    }

    private static long parse(String number) {
        return number.isEmpty() ? 0 : Long.parseLong(number);
    }

    private Optional<String> statsCsv() {
        try {
            HttpResponse<String> answer =
                    HTTP.send(
                            HttpRequest.newBuilder(
                                            URI.create(
                                                    "http://127.0.0.1:"
                                                            + frontends.stats()
                                                            + "/stats;csv"))
                                    .timeout(Duration.ofSeconds(2))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            return answer.statusCode() == 200 ? Optional.of(answer.body()) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    public long pid() {
        return process.pid();
    }

    @Override
    public void close() {
        ChildProcesses.terminateTree(process.toHandle(), Duration.ofSeconds(5));
        ChildProcesses.cancel(shutdownHook);
    }
}
