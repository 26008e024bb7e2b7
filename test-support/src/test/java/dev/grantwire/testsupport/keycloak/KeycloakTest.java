package dev.grantwire.testsupport.keycloak;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.grantwire.protocol.Pkce;
import dev.grantwire.testsupport.internal.FileTrees;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import java.io.StringReader;
import java.net.CookieHandler;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KeycloakTest {

    private static final String REDIRECT_URI = "http://127.0.0.1:9/callback";
    private static Keycloak keycloak;

    @BeforeAll
    static void start() {
        boolean warm =
                Files.exists(KeycloakDistribution.cacheRoot().resolve("keycloak-26.7.3/dist"));
        Path dir = Path.of("target", "test-infra", "keycloak");
        FileTrees.delete(dir);
        long t0 = System.nanoTime();
        keycloak = Keycloak.start(dir, 0, 0);
        System.out.printf(
                "Keycloak (%s cache) started in %d ms%n",
                warm ? "warm" : "cold", (System.nanoTime() - t0) / 1_000_000);
    }

    @AfterAll
    static void stop() {
        keycloak.close();
    }

    @Test
    @Order(1)
    void discoveryWhenRealmImportedThenIssuerMatches() throws Exception {
        JsonObject discovery =
                json(get(keycloak.issuer() + "/.well-known/openid-configuration").body());

        assertEquals(keycloak.issuer(), discovery.getString("issuer"));
        assertEquals("http://127.0.0.1:" + keycloak.httpPort(), keycloak.baseUrl());
        assertTrue(discovery.getString("jwks_uri").startsWith(keycloak.issuer()));
    }

    @Test
    @Order(2)
    void codeFlowWhenAliceSignsInThenTokensCarryUserRole() throws Exception {
        assertRefusedWithoutPkce();

        Map<String, JsonObject> tokens = signIn(GrantwireRealm.ALICE);

        JsonObject id = tokens.get("id_token");
        assertEquals(keycloak.issuer(), id.getString("iss"));
        assertEquals("alice", id.getString("preferred_username"));
        assertEquals("alice@example.test", id.getString("email"));
        assertEquals("Alice Example", id.getString("name"));
        assertTrue(roles(id).contains("user"), id.toString());
        assertFalse(roles(id).contains("admin"), id.toString());
        assertTrue(roles(tokens.get("access_token")).contains("user"));
        // OpenID Connect auth_time: consent-service checks prompt=login and max_age against it.
        assertTrue(id.containsKey("auth_time"), id.toString());
    }

    @Test
    @Order(3)
    void codeFlowWhenAdminSignsInThenTokensCarryAdminRole() throws Exception {
        Map<String, JsonObject> tokens = signIn(GrantwireRealm.ADMIN);

        assertTrue(roles(tokens.get("id_token")).containsAll(List.of("admin", "user")));
        assertTrue(roles(tokens.get("access_token")).contains("admin"));
        assertEquals("Ada Admin", tokens.get("id_token").getString("name"));
    }

    @Test
    @Order(4)
    void listenersWhenRunningThenOnlyOnLoopback() throws Exception {
        Process ss = new ProcessBuilder("ss", "-Hltnp").redirectErrorStream(true).start();
        String out = new String(ss.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assumeTrue(ss.waitFor() == 0, "ss not available");
        List<Long> pids =
                ProcessHandle.of(keycloak.pid())
                        .orElseThrow()
                        .descendants()
                        .map(ProcessHandle::pid)
                        .collect(Collectors.toList());
        pids.add(keycloak.pid());

        List<String> ours =
                out.lines()
                        .filter(
                                line ->
                                        pids.stream()
                                                .anyMatch(p -> line.contains("pid=" + p + ",")))
                        .toList();

        assertTrue(ours.size() >= 2, out);
        for (String line : ours) {
            String local = line.trim().split("\\s+")[3];
            assertTrue(
                    local.matches("(\\[::ffff:)?127\\.0\\.0\\.1\\]?:\\d+"),
                    "listens beyond loopback: " + line);
        }
    }

    @Test
    @Order(5)
    void closeWhenRunningThenNoProcessLeft() {
        long pid = keycloak.pid();
        List<ProcessHandle> tree = ProcessHandle.of(pid).orElseThrow().descendants().toList();
        assertFalse(tree.isEmpty());

        keycloak.close();

        assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));
        tree.forEach(p -> assertFalse(p.isAlive(), "still alive: " + p.pid()));
    }

    private static Map<String, JsonObject> signIn(String user) throws Exception {
        HttpClient browser =
                HttpClient.newBuilder()
                        .cookieHandler(new InsecureCookieJar())
                        .followRedirects(HttpClient.Redirect.NEVER)
                        .build();
        String verifier = Pkce.newVerifier();
        String authorize =
                keycloak.issuer()
                        + "/protocol/openid-connect/auth?"
                        + form(
                                Map.of(
                                        "client_id",
                                        GrantwireRealm.CONSENT_CLIENT_ID,
                                        "response_type",
                                        "code",
                                        "scope",
                                        "openid",
                                        "redirect_uri",
                                        REDIRECT_URI,
                                        "state",
                                        "s1",
                                        "nonce",
                                        "n1",
                                        "code_challenge",
                                        Pkce.challenge(verifier),
                                        "code_challenge_method",
                                        Pkce.S256));
        HttpResponse<String> page =
                browser.send(
                        HttpRequest.newBuilder(URI.create(authorize)).build(),
                        HttpResponse.BodyHandlers.ofString());
        assertEquals(200, page.statusCode(), page.body());
        Matcher action = Pattern.compile("action=\"([^\"]+)\"").matcher(page.body());
        assertTrue(action.find(), page.body());

        HttpResponse<String> login =
                browser.send(
                        HttpRequest.newBuilder(URI.create(action.group(1).replace("&amp;", "&")))
                                .header("Content-Type", "application/x-www-form-urlencoded")
                                .POST(
                                        HttpRequest.BodyPublishers.ofString(
                                                form(
                                                        Map.of(
                                                                "username",
                                                                user,
                                                                "password",
                                                                GrantwireRealm.passwordOf(user)))))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertEquals(302, login.statusCode(), login.body());
        String location = login.headers().firstValue("Location").orElseThrow();
        assertTrue(location.startsWith(REDIRECT_URI), location);
        Matcher code = Pattern.compile("[?&]code=([^&]+)").matcher(location);
        assertTrue(code.find(), location);

        HttpResponse<String> token =
                browser.send(
                        HttpRequest.newBuilder(
                                        URI.create(
                                                keycloak.issuer()
                                                        + "/protocol/openid-connect/token"))
                                .header("Content-Type", "application/x-www-form-urlencoded")
                                .POST(
                                        HttpRequest.BodyPublishers.ofString(
                                                form(
                                                        Map.of(
                                                                "grant_type",
                                                                "authorization_code",
                                                                "code",
                                                                code.group(1),
                                                                "redirect_uri",
                                                                REDIRECT_URI,
                                                                "client_id",
                                                                GrantwireRealm.CONSENT_CLIENT_ID,
                                                                "client_secret",
                                                                GrantwireRealm
                                                                        .CONSENT_CLIENT_SECRET,
                                                                "code_verifier",
                                                                verifier))))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertEquals(200, token.statusCode(), token.body());
        JsonObject body = json(token.body());
        return Map.of(
                "id_token", claims(body.getString("id_token")),
                "access_token", claims(body.getString("access_token")));
    }

    /**
     * The realm requires PKCE S256 of consent-service: an authorization request without it fails.
     */
    private static void assertRefusedWithoutPkce() throws Exception {
        String authorize =
                keycloak.issuer()
                        + "/protocol/openid-connect/auth?"
                        + form(
                                Map.of(
                                        "client_id", GrantwireRealm.CONSENT_CLIENT_ID,
                                        "response_type", "code",
                                        "scope", "openid",
                                        "redirect_uri", REDIRECT_URI,
                                        "state", "s1"));
        HttpResponse<String> refused =
                HttpClient.newBuilder()
                        .followRedirects(HttpClient.Redirect.NEVER)
                        .build()
                        .send(
                                HttpRequest.newBuilder(URI.create(authorize)).build(),
                                HttpResponse.BodyHandlers.ofString());
        assertEquals(302, refused.statusCode(), refused.body());
        String location = refused.headers().firstValue("Location").orElseThrow();
        assertTrue(location.startsWith(REDIRECT_URI), location);
        assertTrue(location.contains("error=invalid_request"), location);
        assertTrue(location.contains("code_challenge"), location);
    }

    private static List<String> roles(JsonObject claims) {
        return claims.getJsonObject("realm_access").getJsonArray("roles").stream()
                .map(v -> ((JsonString) v).getString())
                .toList();
    }

    private static JsonObject claims(String jwt) {
        String payload = jwt.split("\\.")[1];
        return json(new String(Base64.getUrlDecoder().decode(payload), StandardCharsets.UTF_8));
    }

    private static JsonObject json(String text) {
        return Json.createReader(new StringReader(text)).readObject();
    }

    private static HttpResponse<String> get(String url) throws Exception {
        return HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(url)).build(),
                        HttpResponse.BodyHandlers.ofString());
    }

    private static String form(Map<String, String> fields) {
        return fields.entrySet().stream()
                .map(
                        e ->
                                URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)
                                        + "="
                                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    /**
     * Keycloak marks its login cookies Secure even over plain HTTP; a browser treats 127.0.0.1 as a
     * secure context and sends them anyway, {@link java.net.CookieManager} does not. This jar keeps
     * every cookie by name and sends them all back, which is enough for one sign-in.
     */
    private static final class InsecureCookieJar extends CookieHandler {

        private final Map<String, String> cookies = new java.util.concurrent.ConcurrentHashMap<>();

        @Override
        public Map<String, List<String>> get(URI uri, Map<String, List<String>> requestHeaders) {
            if (cookies.isEmpty()) {
                return Map.of();
            }
            String header =
                    cookies.entrySet().stream()
                            .map(e -> e.getKey() + "=" + e.getValue())
                            .collect(Collectors.joining("; "));
            return Map.of("Cookie", List.of(header));
        }

        @Override
        public void put(URI uri, Map<String, List<String>> responseHeaders) {
            responseHeaders.entrySet().stream()
                    .filter(e -> "set-cookie".equalsIgnoreCase(e.getKey()))
                    .flatMap(e -> e.getValue().stream())
                    .forEach(
                            header -> {
                                String pair = header.split(";", 2)[0];
                                int eq = pair.indexOf('=');
                                if (eq > 0) {
                                    cookies.put(
                                            pair.substring(0, eq).trim(), pair.substring(eq + 1));
                                }
                            });
        }
    }
}
