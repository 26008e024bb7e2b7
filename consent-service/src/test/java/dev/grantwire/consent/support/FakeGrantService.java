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
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * grant-service as consent-service sees it, served on 127.0.0.1 by the JDK's HTTP server: the token
 * endpoint (client credentials of consent-service only), apps, the sign-in upsert, a user's grants,
 * and Accept, with the shapes and refusals of grant-service's internal API. It records every call.
 * Tests receive it in a field marked {@link InjectFakeGrantService}.
 */
public class FakeGrantService implements QuarkusTestResourceLifecycleManager {

    /** consent-service's client secret in the test profile. */
    public static final String CLIENT_SECRET = "local-stack-consent-service-client-secret-0123";

    /** One call as received. */
    public record Call(String method, String path, String authorization, String body) {}

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, ObjectNode> apps = new ConcurrentHashMap<>();
    private final Map<String, UUID> users = new ConcurrentHashMap<>();
    private final Map<UUID, Map<String, Set<String>>> grants = new ConcurrentHashMap<>();
    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private final Set<String> issuedTokens = ConcurrentHashMap.newKeySet();
    private final AtomicInteger counter = new AtomicInteger();
    private volatile boolean thirdPartyAccess = true;
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
                "grantwire.consent.grant-service.url",
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
                        InjectFakeGrantService.class, FakeGrantService.class));
    }

    // --- What tests set up and read ------------------------------------------------------

    /** Forgets every call, user grant and switch; apps stay. */
    public void reset() {
        calls.clear();
        grants.clear();
        thirdPartyAccess = true;
        down = false;
    }

    /** Registers an app as grant-service's {@code GET /internal/v1/apps/{id}} would show it. */
    public void app(
            String clientId,
            String name,
            String publisher,
            boolean publicClient,
            List<String> redirectUris,
            List<String> scopes) {
        ObjectNode app = JSON.createObjectNode();
        app.put("clientId", clientId);
        app.put("name", name);
        app.put("publisher", publisher);
        app.put("website", "https://" + clientId + ".example");
        app.putNull("logoUri");
        app.put("description", "The " + name + " app");
        app.set("redirectUris", JSON.valueToTree(redirectUris));
        app.set("allowedScopes", JSON.valueToTree(scopes));
        app.put("publicClient", publicClient);
        app.put("type", "standard");
        app.put("enabled", true);
        apps.put(clientId, app);
    }

    /** Gives the user an active grant of these scopes for the app. */
    public void grant(UUID userId, String clientId, String... scopes) {
        grants.computeIfAbsent(userId, u -> new ConcurrentHashMap<>())
                .computeIfAbsent(clientId, c -> ConcurrentHashMap.newKeySet())
                .addAll(List.of(scopes));
    }

    /** The user id this fake gave (or will give) to the upstream issuer and subject. */
    public UUID userId(String issuer, String subject) {
        return users.computeIfAbsent(issuer + "\n" + subject, k -> UUID.randomUUID());
    }

    public void thirdPartyAccess(boolean allowed) {
        thirdPartyAccess = allowed;
    }

    /** While down, every connection is dropped without an answer. */
    public void down(boolean isDown) {
        down = isDown;
    }

    public List<Call> calls() {
        return List.copyOf(calls);
    }

    public List<Call> calls(String method, String path) {
        return calls.stream()
                .filter(c -> c.method().equals(method) && c.path().equals(path))
                .toList();
    }

    public static JsonNode json(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // --- grant-service's behaviour --------------------------------------------------------

    private void handle(HttpExchange exchange) throws IOException {
        if (down) {
            exchange.close();
            return;
        }
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        String method = exchange.getRequestMethod();
        String path = exchange.getRequestURI().getPath();
        calls.add(
                new Call(
                        method,
                        path,
                        exchange.getRequestHeaders().getFirst("Authorization"),
                        body));
        try {
            if (path.equals("/oauth2/token") && method.equals("POST")) {
                token(exchange, body);
                return;
            }
            String auth = exchange.getRequestHeaders().getFirst("Authorization");
            if (auth == null
                    || !auth.startsWith("Bearer ")
                    || !issuedTokens.contains(auth.substring(7))) {
                send(exchange, 401, problem(401, "a bearer token is required"));
                return;
            }
            route(exchange, method, path, body);
        } catch (RuntimeException e) {
            send(exchange, 500, problem(500, e.toString()));
        }
    }

    private void route(HttpExchange exchange, String method, String path, String body)
            throws IOException {
        if (method.equals("GET") && path.startsWith("/internal/v1/apps/")) {
            ObjectNode app = apps.get(path.substring("/internal/v1/apps/".length()));
            send(
                    exchange,
                    app == null ? 404 : 200,
                    app == null ? problem(404, "unknown client") : app);
        } else if (method.equals("POST") && path.equals("/internal/v1/users")) {
            JsonNode signIn = json(body);
            UUID id = userId(signIn.path("issuer").asText(), signIn.path("subject").asText());
            ObjectNode user = JSON.createObjectNode();
            user.put("userId", id.toString());
            user.put("issuer", signIn.path("issuer").asText());
            user.put("subject", signIn.path("subject").asText());
            user.put("name", signIn.path("name").asText(null));
            user.put("email", signIn.path("email").asText(null));
            user.put("admin", false);
            send(exchange, 200, user);
        } else if (method.equals("GET") && path.matches("/internal/v1/users/[^/]+/grants")) {
            UUID userId = UUID.fromString(path.split("/")[4]);
            send(exchange, 200, grantsOf(userId));
        } else if (method.equals("POST") && path.equals("/internal/v1/grants")) {
            consent(exchange, json(body));
        } else {
            send(exchange, 404, problem(404, "no such endpoint in the fake"));
        }
    }

    private void token(HttpExchange exchange, String body) throws IOException {
        String expected =
                "Basic "
                        + Base64.getEncoder()
                                .encodeToString(
                                        ("consent-service:" + CLIENT_SECRET)
                                                .getBytes(StandardCharsets.UTF_8));
        Map<String, String> form = form(body);
        if (!expected.equals(exchange.getRequestHeaders().getFirst("Authorization"))
                || !"client_credentials".equals(form.get("grant_type"))) {
            send(exchange, 401, JSON.createObjectNode().put("error", "invalid_client"));
            return;
        }
        String token = "fake-service-token-" + counter.incrementAndGet();
        issuedTokens.add(token);
        ObjectNode answer = JSON.createObjectNode();
        answer.put("access_token", token);
        answer.put("token_type", "Bearer");
        answer.put("expires_in", 900);
        answer.put("scope", form.get("scope"));
        send(exchange, 200, answer);
    }

    private void consent(HttpExchange exchange, JsonNode consent) throws IOException {
        if (!thirdPartyAccess) {
            send(exchange, 400, problem(400, "third-party access is switched off"));
            return;
        }
        String clientId = consent.path("clientId").asText();
        if (!apps.containsKey(clientId)) {
            send(exchange, 400, problem(400, "unknown client"));
            return;
        }
        if (!"S256".equals(consent.path("codeChallengeMethod").asText())) {
            send(exchange, 400, problem(400, "a PKCE S256 code challenge is required"));
            return;
        }
        UUID userId = UUID.fromString(consent.path("userId").asText());
        Set<String> scopes = new LinkedHashSet<>();
        consent.path("scopes").forEach(s -> scopes.add(s.asText()));
        grant(userId, clientId, scopes.toArray(String[]::new));
        ObjectNode code = JSON.createObjectNode();
        code.put("code", "code-" + counter.incrementAndGet());
        code.put("grantId", UUID.randomUUID().toString());
        code.put("expiresIn", 60);
        send(exchange, 201, code);
    }

    private ArrayNode grantsOf(UUID userId) {
        ArrayNode list = JSON.createArrayNode();
        grants.getOrDefault(userId, Map.of())
                .forEach(
                        (clientId, scopes) -> {
                            ObjectNode grant = list.addObject();
                            grant.put("grantId", UUID.randomUUID().toString());
                            grant.put("userId", userId.toString());
                            grant.put("clientId", clientId);
                            ArrayNode permissions = grant.putArray("permissions");
                            for (String scope : scopes) {
                                permissions
                                        .addObject()
                                        .put("scope", scope)
                                        .put("description", scope)
                                        .put("writes", false);
                            }
                            grant.put("status", "active");
                        });
        return list;
    }

    private static ObjectNode problem(int status, String detail) {
        return JSON.createObjectNode()
                .put("status", status)
                .put("title", "Problem")
                .put("detail", detail);
    }

    private static Map<String, String> form(String body) {
        Map<String, String> form = new LinkedHashMap<>();
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                form.put(
                        URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return form;
    }

    private static void send(HttpExchange exchange, int status, JsonNode body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        exchange.getResponseHeaders()
                .add(
                        "Content-Type",
                        status >= 400 ? "application/problem+json" : "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }
}
