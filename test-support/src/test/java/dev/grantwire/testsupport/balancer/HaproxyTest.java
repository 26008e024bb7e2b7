package dev.grantwire.testsupport.balancer;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.grantwire.testsupport.Ports;
import dev.grantwire.testsupport.internal.Await;
import dev.grantwire.testsupport.stack.Stack.Service;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Debian's HAProxy in front of two stand-in replicas: round robin on the Service frontend, the
 * ingress routing a public path and answering 404 for others, a replica that is not ready taken out
 * and put back, and the keys frontend still reaching a live replica that is not ready.
 */
class HaproxyTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final List<HttpServer> servers = new ArrayList<>();
    private final AtomicInteger readyStatus = new AtomicInteger(200);
    private Haproxy haproxy;

    @BeforeEach
    void start() {
        Assumptions.assumeTrue(
                Haproxy.executable().isPresent(),
                "haproxy is not installed (apt-get install haproxy)");
        List<Haproxy.Replica> replicas = new ArrayList<>();
        for (String name : List.of("grant-service-1", "grant-service-2")) {
            int api = Ports.freePort();
            int management = Ports.freePort();
            serve(api, "/", exchange -> name);
            serve(
                    management,
                    "/q/health/",
                    exchange ->
                            exchange.getRequestURI().getPath().endsWith("/ready")
                                            && name.endsWith("-1")
                                    ? readyStatus.get()
                                    : 200);
            replicas.add(new Haproxy.Replica(name, api, management));
        }
        haproxy =
                Haproxy.start(
                        Path.of("target/haproxy-test"),
                        Haproxy.Frontends.free(),
                        Map.of(Service.GRANT, replicas));
        awaitThat(() -> haproxy.servers().values().stream().allMatch(Haproxy.ServerState::up));
    }

    @AfterEach
    void stop() {
        if (haproxy != null) {
            haproxy.close();
        }
        servers.forEach(server -> server.stop(0));
    }

    @Test
    void serviceWhenBothReplicasReadyThenRoundRobinAndTheIngressRoutesByPath() throws Exception {
        List<String> answered = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            answered.add(get(haproxy.url(Service.GRANT) + "/anything").body());
        }

        assertThat(answered).containsOnly("grant-service-1", "grant-service-2");
        assertThat(answered.get(0)).isNotEqualTo(answered.get(1));
        assertThat(get(haproxy.ingressUrl() + "/oauth2/token").statusCode()).isEqualTo(200);
        assertThat(get(haproxy.ingressUrl() + "/.well-known/openid-configuration").statusCode())
                .isEqualTo(200);
        assertThat(get(haproxy.ingressUrl() + "/internal/v1/users").statusCode()).isEqualTo(404);
        assertThat(get(haproxy.ingressUrl() + "/oauth2/tokens").statusCode()).isEqualTo(404);
    }

    @Test
    void replicaWhenNotReadyThenTakenOutOfTheServiceButNotOutOfTheKeys() throws Exception {
        readyStatus.set(503);
        awaitThat(() -> !haproxy.server("grant-service", "grant-service-1").up());

        for (int i = 0; i < 4; i++) {
            assertThat(get(haproxy.url(Service.GRANT) + "/x").body()).isEqualTo("grant-service-2");
        }
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            keys.add(get(haproxy.keysUrl()).body());
        }
        assertThat(keys).contains("grant-service-1", "grant-service-2");

        readyStatus.set(200);
        awaitThat(() -> haproxy.server("grant-service", "grant-service-1").up());
    }

    private static void awaitThat(java.util.function.BooleanSupplier condition) {
        Await.until(
                Duration.ofSeconds(10), Duration.ofMillis(100), condition, () -> "haproxy's view");
    }

    private HttpResponse<String> get(String url) throws IOException, InterruptedException {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private void serve(int port, String path, Answer answer) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(Ports.LOOPBACK, port), 0);
            server.createContext(
                    path,
                    exchange -> {
                        Object result = answer.of(exchange);
                        byte[] body =
                                (result instanceof String text ? text : "")
                                        .getBytes(StandardCharsets.UTF_8);
                        int status = result instanceof Integer code ? code : 200;
                        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
                        try (OutputStream out = exchange.getResponseBody()) {
                            out.write(body);
                        }
                    });
            server.start();
            servers.add(server);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private interface Answer {
        Object of(com.sun.net.httpserver.HttpExchange exchange);
    }
}
