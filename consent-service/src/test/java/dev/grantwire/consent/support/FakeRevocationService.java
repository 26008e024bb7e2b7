package dev.grantwire.consent.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * revocation-service as consent-service sees it, on 127.0.0.1 (the JDK's HTTP server): the user API
 * (ownership as tests declare it), the admin API (admins as tests declare them) and the ledger,
 * with revocation-service's shapes and refusals. It records every call. Tests receive it in a field
 * marked {@link InjectFakeRevocationService}.
 */
public class FakeRevocationService implements QuarkusTestResourceLifecycleManager {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<UUID, UUID> owners = new ConcurrentHashMap<>();
    private final Map<UUID, ObjectNode> revokedGrants = new ConcurrentHashMap<>();
    private final Set<UUID> admins = ConcurrentHashMap.newKeySet();
    private final List<ObjectNode> ledger = new CopyOnWriteArrayList<>();
    private final List<FakeGrantService.Call> calls = new CopyOnWriteArrayList<>();
    private final AtomicLong sequence = new AtomicLong(100);
    private volatile boolean down;
    private HttpServer server;

    @Override
    public Map<String, String> start() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", this::handle);
        server.start();
        return Map.of(
                "grantwire.consent.revocation-service.url",
                "http://127.0.0.1:" + server.getAddress().getPort());
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    @Override
    public void inject(TestInjector injector) {
        injector.injectIntoFields(
                this,
                new TestInjector.AnnotatedAndMatchesType(
                        InjectFakeRevocationService.class, FakeRevocationService.class));
    }

    // --- What tests set up and read ------------------------------------------------------

    public void reset() {
        down = false;
        owners.clear();
        revokedGrants.clear();
        admins.clear();
        ledger.clear();
        calls.clear();
    }

    /** Declares whose grant this is (grant-service would say so). */
    public void owner(UUID grantId, UUID userId) {
        owners.put(grantId, userId);
    }

    /** Makes the user an admin (grant-service would say so). */
    public void admin(UUID userId) {
        admins.add(userId);
    }

    /** While down, every connection is dropped without an answer (and without a record). */
    public void down(boolean isDown) {
        down = isDown;
    }

    /** The last sequence handed out. */
    public long lastSequence() {
        return sequence.get();
    }

    public List<FakeGrantService.Call> calls() {
        return List.copyOf(calls);
    }

    /** Records a revocation as another party would have, so the ledger holds it. */
    public void recorded(String kind, String subject, String actor) {
        record(kind, subject, null, "admin_revoked", actor);
    }

    public List<JsonNode> ledger() {
        return List.copyOf(ledger);
    }

    // --- revocation-service's behaviour ---------------------------------------------------

    private void handle(HttpExchange exchange) throws IOException {
        if (down) {
            exchange.close();
            return;
        }
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        String method = exchange.getRequestMethod();
        String path = exchange.getRequestURI().getPath();
        String auth = exchange.getRequestHeaders().getFirst("Authorization");
        String acting = exchange.getRequestHeaders().getFirst("Grantwire-Acting-User");
        calls.add(
                new FakeGrantService.Call(
                        method,
                        path,
                        exchange.getRequestURI().getRawQuery(),
                        auth,
                        acting,
                        body,
                        exchange.getRequestHeaders().getFirst("Grantwire-Ownership"),
                        exchange.getRequestHeaders().getFirst("Grantwire-Admin")));
        try {
            if (auth == null || !auth.startsWith("Bearer fake-service-token-")) {
                FakeGrantService.send(exchange, 401, FakeGrantService.problem(401, "no token"));
            } else if (method.equals("POST")
                    && path.matches("/internal/v1/users/[^/]+/grants/[^/]+/revocations")) {
                String[] parts = path.split("/");
                userRevoke(exchange, UUID.fromString(parts[4]), UUID.fromString(parts[6]));
            } else if (method.equals("POST") && path.equals("/internal/v1/admin/revocations")) {
                adminRevoke(exchange, acting, FakeGrantService.json(body));
            } else if (method.equals("GET") && path.equals("/internal/v1/revocations/newest")) {
                String query = exchange.getRequestURI().getRawQuery();
                int limit = Integer.parseInt(query.replaceFirst(".*limit=(\\d+).*", "$1"));
                ObjectNode page = JSON.createObjectNode();
                ArrayNode rows = page.putArray("revocations");
                List<JsonNode> newestFirst = new java.util.ArrayList<>(ledger);
                java.util.Collections.reverse(newestFirst);
                newestFirst.stream().limit(limit).forEach(rows::add);
                page.put("next", sequence.get());
                FakeGrantService.send(exchange, 200, page);
            } else {
                FakeGrantService.send(exchange, 404, FakeGrantService.problem(404, "no such path"));
            }
        } catch (RuntimeException e) {
            FakeGrantService.send(exchange, 500, FakeGrantService.problem(500, e.toString()));
        }
    }

    private void userRevoke(HttpExchange exchange, UUID userId, UUID grantId) throws IOException {
        if (!userId.equals(owners.get(grantId))) {
            FakeGrantService.send(
                    exchange, 404, FakeGrantService.problem(404, "no such grant for this user"));
            return;
        }
        ObjectNode earlier = revokedGrants.get(grantId);
        if (earlier != null) {
            FakeGrantService.send(exchange, 200, earlier);
            return;
        }
        ObjectNode row =
                record("grant", grantId.toString(), null, "user_revoked", "user:" + userId);
        revokedGrants.put(grantId, row);
        FakeGrantService.send(exchange, 201, row);
    }

    private void adminRevoke(HttpExchange exchange, String acting, JsonNode body)
            throws IOException {
        if (acting == null || !admins.contains(UUID.fromString(acting))) {
            FakeGrantService.send(exchange, 403, FakeGrantService.problem(403, "not an admin"));
            return;
        }
        String kind = body.path("kind").asText();
        String scope = body.path("scope").isTextual() ? body.path("scope").asText() : null;
        if (!List.of("grant", "client", "user").contains(kind)
                || ("client".equals(kind) && scope == null)
                || ("grant".equals(kind) && scope != null)) {
            FakeGrantService.send(exchange, 400, FakeGrantService.problem(400, "bad revocation"));
            return;
        }
        ObjectNode row =
                record(
                        kind,
                        body.path("subject").asText(),
                        "user".equals(kind) ? "grants" : scope,
                        body.path("reason").asText("admin_revoked"),
                        "admin:" + acting);
        FakeGrantService.send(exchange, 201, row);
    }

    private ObjectNode record(
            String kind, String subject, String scope, String reason, String actor) {
        ObjectNode row = JSON.createObjectNode();
        row.put("sequence", sequence.incrementAndGet());
        row.put("eventId", UUID.randomUUID().toString());
        row.put("kind", kind);
        row.put("subject", subject);
        row.put("scope", scope);
        row.put("revokedAt", 1_780_000_000_000L + sequence.get());
        row.put("expiresAt", 1_780_006_000_000L);
        row.put("reason", reason);
        row.put("actor", actor);
        ledger.add(row);
        return row;
    }
}
