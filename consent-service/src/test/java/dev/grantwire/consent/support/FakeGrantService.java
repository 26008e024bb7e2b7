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

    /**
     * One call as received ({@code query} raw, null when none; {@code ownership} and {@code
     * adminAssertion} the assertion headers, null when none).
     */
    public record Call(
            String method,
            String path,
            String query,
            String authorization,
            String actingUser,
            String body,
            String ownership,
            String adminAssertion) {}

    /** One of a user's grants as this fake keeps it. */
    public record StoredGrant(
            UUID grantId,
            UUID userId,
            String clientId,
            Set<String> scopes,
            String type,
            String createdAt,
            String lastUsedAt) {}

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * What grant-service's default catalog says of each user scope, in its page order: {@code
     * scope, description, group, writes}. consent-service shows exactly what the answers say.
     */
    private static final List<List<String>> WORDING =
            List.of(
                    List.of("work_items.read", "Read your work items", "Work items", "false"),
                    List.of(
                            "work_items.write",
                            "Create and change your work items",
                            "Work items",
                            "true"),
                    List.of("code.read", "Read your code repositories", "Code", "false"),
                    List.of("code.write", "Push to your code repositories", "Code", "true"),
                    List.of("builds.read", "See your builds and their logs", "Builds", "false"),
                    List.of("builds.execute", "Start and cancel builds for you", "Builds", "true"),
                    List.of("profile.read", "See your name and email address", "Profile", "false"),
                    List.of("openid", "Know who you are (sign you in)", "Profile", "false"),
                    List.of(
                            "offline_access",
                            "Keep this access when you are not signed in",
                            "Access while you are away",
                            "false"));

    private final Map<String, ObjectNode> apps = new ConcurrentHashMap<>();
    private final Map<String, UUID> users = new ConcurrentHashMap<>();
    private final Map<UUID, Map<String, StoredGrant>> grants = new ConcurrentHashMap<>();
    private final Set<UUID> admins = ConcurrentHashMap.newKeySet();
    private final List<ObjectNode> audit = new CopyOnWriteArrayList<>();
    private volatile boolean legacyAppsAllowed = true;
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

    /** Forgets every call, user grant, admin, audit entry and switch; apps stay (enabled). */
    public void reset() {
        calls.clear();
        grants.clear();
        admins.clear();
        audit.clear();
        thirdPartyAccess = true;
        legacyAppsAllowed = true;
        down = false;
        apps.values().forEach(a -> a.put("enabled", true).put("type", "standard"));
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
        app.set("permissions", wording(scopes));
        app.put("publicClient", publicClient);
        app.put("type", "standard");
        app.put("enabled", true);
        app.put("dynamicallyRegistered", false);
        apps.put(clientId, app);
    }

    /** Gives the user an active grant of these scopes for the app (widened if there is one). */
    public UUID grant(UUID userId, String clientId, String... scopes) {
        return grants.computeIfAbsent(userId, u -> new ConcurrentHashMap<>())
                .compute(
                        clientId,
                        (c, old) -> {
                            StoredGrant g =
                                    old != null
                                            ? old
                                            : new StoredGrant(
                                                    UUID.randomUUID(),
                                                    userId,
                                                    clientId,
                                                    ConcurrentHashMap.newKeySet(),
                                                    "standard",
                                                    "2026-03-04T10:15:30Z",
                                                    null);
                            g.scopes().addAll(List.of(scopes));
                            return g;
                        })
                .grantId();
    }

    /** Replaces the user's grant of the app with one of this type and these dates. */
    public UUID grantOfType(
            UUID userId,
            String clientId,
            String type,
            String createdAt,
            String lastUsedAt,
            String... scopes) {
        StoredGrant g =
                new StoredGrant(
                        UUID.randomUUID(),
                        userId,
                        clientId,
                        ConcurrentHashMap.newKeySet(),
                        type,
                        createdAt,
                        lastUsedAt);
        g.scopes().addAll(List.of(scopes));
        grants.computeIfAbsent(userId, u -> new ConcurrentHashMap<>()).put(clientId, g);
        return g.grantId();
    }

    /** Makes the app {@code standard} or {@code legacy}. */
    public void appType(String clientId, String type) {
        apps.get(clientId).put("type", type);
    }

    /** Marks the app as registered by itself (RFC 7591), not by an admin. */
    public void dynamicallyRegistered(String clientId) {
        apps.get(clientId).put("dynamicallyRegistered", true);
    }

    public void legacyAppsAllowed(boolean allowed) {
        legacyAppsAllowed = allowed;
    }

    /** Makes the user an admin in grant-service's eyes. */
    public void admin(UUID userId) {
        admins.add(userId);
    }

    /** Adds an entry to the audit trail grant-service shows admins. */
    public void audited(String actor, String action, String target) {
        ObjectNode entry = JSON.createObjectNode();
        entry.put("id", audit.size() + 1);
        entry.put("at", "2026-05-06T07:08:09Z");
        entry.put("actor", actor);
        entry.put("action", action);
        entry.put("target", target);
        entry.putNull("detail");
        audit.add(0, entry);
    }

    /** Whether the app is enabled now. */
    public boolean enabled(String clientId) {
        return apps.get(clientId).path("enabled").asBoolean();
    }

    public boolean thirdPartyAccess() {
        return thirdPartyAccess;
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
                        exchange.getRequestURI().getRawQuery(),
                        exchange.getRequestHeaders().getFirst("Authorization"),
                        exchange.getRequestHeaders().getFirst("Grantwire-Acting-User"),
                        body,
                        exchange.getRequestHeaders().getFirst("Grantwire-Ownership"),
                        exchange.getRequestHeaders().getFirst("Grantwire-Admin")));
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
        } else if (method.equals("GET") && path.matches("/internal/v1/users/[^/]+/grants/[^/]+")) {
            String[] parts = path.split("/");
            String grantId = parts[6];
            ObjectNode found = null;
            for (JsonNode grant : grantsOf(UUID.fromString(parts[4]))) {
                if (grant.path("grantId").asText().equals(grantId)) {
                    found = (ObjectNode) grant;
                }
            }
            if (found == null) {
                send(exchange, 404, problem(404, "no such grant for this user"));
            } else {
                send(exchange, 200, found);
            }
        } else if (method.equals("POST") && path.equals("/internal/v1/grants")) {
            consent(exchange, json(body));
        } else if (method.equals("GET") && path.equals("/internal/v1/policy")) {
            send(
                    exchange,
                    200,
                    JSON.createObjectNode()
                            .put("thirdPartyAccess", thirdPartyAccess)
                            .put("legacyAppsAllowed", legacyAppsAllowed));
        } else if (method.equals("GET") && path.matches("/internal/v1/users/[^/]+/admin")) {
            UUID userId = UUID.fromString(path.split("/")[4]);
            send(
                    exchange,
                    200,
                    JSON.createObjectNode()
                            .put("userId", userId.toString())
                            .put("admin", admins.contains(userId))
                            .put(
                                    "assertion",
                                    admins.contains(userId) ? assertion("sub", userId) : null));
        } else if (path.startsWith("/internal/v1/admin/")) {
            String acting = exchange.getRequestHeaders().getFirst("Grantwire-Acting-User");
            if (acting == null || !admins.contains(UUID.fromString(acting))) {
                send(exchange, 403, problem(403, "not an admin"));
                return;
            }
            admin(exchange, method, path.substring("/internal/v1/admin/".length()), body);
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
        UUID grantId = grant(userId, clientId, scopes.toArray(String[]::new));
        ObjectNode code = JSON.createObjectNode();
        code.put("code", "code-" + counter.incrementAndGet());
        code.put("grantId", grantId.toString());
        code.put("expiresIn", 60);
        send(exchange, 201, code);
    }

    private void admin(HttpExchange exchange, String method, String path, String body)
            throws IOException {
        Map<String, String> query = form(exchange.getRequestURI().getRawQuery());
        if (method.equals("GET") && path.equals("grants")) {
            ArrayNode list = JSON.createArrayNode();
            grants.values().stream()
                    .flatMap(m -> m.values().stream())
                    .filter(
                            g ->
                                    !query.containsKey("userId")
                                            || g.userId().toString().equals(query.get("userId")))
                    .filter(
                            g ->
                                    !query.containsKey("clientId")
                                            || g.clientId().equals(query.get("clientId")))
                    .forEach(
                            g ->
                                    // grant-service names each row's user in the admin search.
                                    list.add(
                                            view(g).put("userName", "Name of " + g.userId())
                                                    .put(
                                                            "userEmail",
                                                            g.userId() + "@example.test")));
            send(exchange, 200, list);
        } else if (method.equals("GET") && path.equals("apps")) {
            ArrayNode list = JSON.createArrayNode();
            apps.values().forEach(list::add);
            send(exchange, 200, list);
        } else if (method.equals("POST") && path.equals("apps")) {
            JsonNode request = json(body);
            if (request.path("client_name").asText("").isEmpty()) {
                send(exchange, 400, problem(400, "client_name is required"));
                return;
            }
            ObjectNode reply = JSON.createObjectNode();
            reply.put("client_id", "app-" + counter.incrementAndGet());
            reply.put("client_secret", "registered-secret-" + counter.incrementAndGet());
            reply.put("client_name", request.path("client_name").asText());
            send(exchange, 201, reply);
        } else if (method.equals("POST") && path.matches("apps/[^/]+/(disable|enable)")) {
            ObjectNode app = apps.get(path.split("/")[1]);
            if (app == null) {
                send(exchange, 404, problem(404, "unknown app"));
                return;
            }
            app.put("enabled", path.endsWith("/enable"));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        } else if (method.equals("POST") && path.matches("apps/[^/]+/secret/regenerate")) {
            send(
                    exchange,
                    200,
                    JSON.createObjectNode()
                            .put("client_secret", "new-secret-" + counter.incrementAndGet()));
        } else if (path.equals("policy")) {
            if (method.equals("PUT")) {
                JsonNode next = json(body);
                thirdPartyAccess = next.path("thirdPartyAccess").asBoolean();
                legacyAppsAllowed = next.path("legacyAppsAllowed").asBoolean();
            }
            send(
                    exchange,
                    200,
                    JSON.createObjectNode()
                            .put("thirdPartyAccess", thirdPartyAccess)
                            .put("legacyAppsAllowed", legacyAppsAllowed)
                            .put("accessTokenLifetimeSeconds", 900)
                            .put("refreshTokenLifetimeSeconds", 2592000)
                            .put("legacyRefreshLifetimeSeconds", 31536000));
        } else if (method.equals("GET") && path.equals("audit")) {
            ArrayNode list = JSON.createArrayNode();
            audit.forEach(list::add);
            send(exchange, 200, list);
        } else {
            send(exchange, 404, problem(404, "no such admin endpoint in the fake"));
        }
    }

    private ArrayNode grantsOf(UUID userId) {
        ArrayNode list = JSON.createArrayNode();
        grants.getOrDefault(userId, Map.of()).values().forEach(g -> list.add(view(g)));
        return list;
    }

    private ObjectNode view(StoredGrant g) {
        ObjectNode app = apps.get(g.clientId());
        ObjectNode grant = JSON.createObjectNode();
        grant.put("grantId", g.grantId().toString());
        grant.put("userId", g.userId().toString());
        grant.put("clientId", g.clientId());
        grant.put("appName", app == null ? g.clientId() : app.path("name").asText());
        grant.put("publisher", app == null ? null : app.path("publisher").asText());
        grant.set("permissions", wording(g.scopes()));
        grant.put("ownership", ownership(g.grantId(), g.userId()));
        grant.put("type", g.type());
        grant.put("status", "active");
        grant.put("createdAt", g.createdAt());
        grant.put("updatedAt", g.createdAt());
        grant.put("lastUsedAt", g.lastUsedAt());
        grant.putNull("revokedAt");
        return grant;
    }

    /**
     * The ownership assertion this fake hands out with a grant: shaped like grant-service's (a
     * compact JWS whose payload names the grant and expires in five minutes), not signed.
     */
    public static String ownership(UUID grantId, UUID userId) {
        return assertion("\"grant_id\":\"" + grantId + "\",\"sub\":\"" + userId + "\"");
    }

    /** An assertion shaped like grant-service's, naming {@code value} in {@code claim}. */
    public static String assertion(String claim, UUID value) {
        return assertion("\"" + claim + "\":\"" + value + "\"");
    }

    private static String assertion(String claims) {
        Base64.Encoder url = Base64.getUrlEncoder().withoutPadding();
        String payload =
                "{" + claims + ",\"exp\":" + (System.currentTimeMillis() / 1000 + 300) + "}";
        return url.encodeToString("{\"alg\":\"RS256\"}".getBytes(StandardCharsets.UTF_8))
                + "."
                + url.encodeToString(payload.getBytes(StandardCharsets.UTF_8))
                + ".c2lnbmF0dXJl";
    }

    /** The catalog's words for those of the scopes it holds, in its order (as grant-service). */
    private static ArrayNode wording(java.util.Collection<String> scopes) {
        ArrayNode permissions = JSON.createArrayNode();
        for (List<String> entry : WORDING) {
            if (scopes.contains(entry.get(0))) {
                permissions
                        .addObject()
                        .put("scope", entry.get(0))
                        .put("description", entry.get(1))
                        .put("group", entry.get(2))
                        .put("writes", Boolean.parseBoolean(entry.get(3)));
            }
        }
        return permissions;
    }

    static ObjectNode problem(int status, String detail) {
        return JSON.createObjectNode()
                .put("status", status)
                .put("title", "Problem")
                .put("detail", detail);
    }

    static Map<String, String> form(String body) {
        Map<String, String> form = new LinkedHashMap<>();
        if (body == null) {
            return form;
        }
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

    static void send(HttpExchange exchange, int status, JsonNode body) throws IOException {
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
