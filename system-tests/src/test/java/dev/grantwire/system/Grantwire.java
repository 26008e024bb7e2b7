package dev.grantwire.system;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.grantwire.protocol.Pkce;
import dev.grantwire.testsupport.stack.Stack;
import dev.grantwire.testsupport.stack.Stack.Service;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * What the system tests do to the running stack, over plain HTTP as any client would: register an
 * app, sign a user in and record their consent (what consent-service does on Accept), exchange the
 * code with PKCE, refresh, introspect, revoke through revocation-service, and call the example API.
 *
 * <p>Uses the local profile's well-known development credentials; production never runs it.
 */
final class Grantwire {

    static final String REDIRECT_URI = "https://app.example/callback";
    static final String INITIAL_ACCESS_TOKEN = "local-stack-initial-access-token-0123456789";
    static final String CONSENT_CLIENT = "consent-service";
    static final String CONSENT_SECRET = "local-stack-consent-service-client-secret-0123";
    static final String GRANT_CLIENT = "grant-service";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Stack stack;
    private final HttpClient http =
            // HTTP/1.1, as apps speak to a load balancer: the JDK client would otherwise ask to
            // upgrade to h2c, and an upgraded connection is one tunnel to one replica, every
            // request on it out of the balancer's hands.
            HttpClient.newBuilder()
                    .version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(2))
                    .build();
    // Each code's PKCE verifier, kept by the "app" until it redeems the code.
    private final Map<String, String> verifiers = new ConcurrentHashMap<>();
    private volatile String consentToken;
    private volatile Instant consentTokenExpires = Instant.EPOCH;

    Grantwire(Stack stack) {
        this.stack = stack;
    }

    /** The stack this talks to. */
    Stack stack() {
        return stack;
    }

    /** A registered confidential app. */
    record App(String clientId, String secret) {
        String basic() {
            return "Basic "
                    + Base64.getEncoder()
                            .encodeToString(
                                    (enc(clientId) + ":" + enc(secret))
                                            .getBytes(StandardCharsets.UTF_8));
        }
    }

    /** What the token endpoint answered to a code exchange or a refresh. */
    record Tokens(String access, String refresh, UUID grantId, long issuedAtMillis) {}

    /** What revocation-service answered to a revoke. */
    record Revoked(long sequence, long revokedAt, Long cutoff) {}

    /** An HTTP answer: status, headers, body. */
    record Answer(int status, Map<String, List<String>> headers, String body) {
        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON (" + status + "): " + body, e);
            }
        }

        String header(String name) {
            return headers.entrySet().stream()
                    .filter(e -> e.getKey().equalsIgnoreCase(name))
                    .flatMap(e -> e.getValue().stream())
                    .findFirst()
                    .orElse(null);
        }
    }

    // --- apps and users ----------------------------------------------------------------------

    /** Registers a confidential app (client_secret_basic) that may hold refresh tokens. */
    App registerApp(String scopes) {
        return registerApp(scopes, REDIRECT_URI, false);
    }

    /**
     * Registers an app sending users back to {@code redirectUri}: confidential
     * (client_secret_basic, refresh tokens, client credentials) or public (no secret, PKCE alone;
     * its secret is null).
     */
    App registerApp(String scopes, String redirectUri, boolean publicClient) {
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("client_name", "System test app " + UUID.randomUUID());
        metadata.put("publisher", "Example Corp");
        metadata.put("redirect_uris", List.of(redirectUri));
        metadata.put(
                "grant_types",
                publicClient
                        ? List.of("authorization_code")
                        : List.of("authorization_code", "refresh_token", "client_credentials"));
        metadata.put("token_endpoint_auth_method", publicClient ? "none" : "client_secret_basic");
        metadata.put("scope", scopes);
        Answer answer =
                send(
                        post(url(Service.GRANT, "/oauth2/register"))
                                .header("Authorization", "Bearer " + INITIAL_ACCESS_TOKEN)
                                .header("Content-Type", "application/json")
                                .POST(body(metadata)));
        expect(answer, 201, "registration");
        return new App(
                answer.json().path("client_id").asText(),
                publicClient ? null : answer.json().path("client_secret").asText());
    }

    /** Records a user signing in (what consent-service does); returns the Grantwire user id. */
    UUID signIn(String subject) {
        Map<String, Object> user = new LinkedHashMap<>();
        user.put("issuer", "https://idp.test/realms/grantwire");
        user.put("subject", subject);
        user.put("name", "User " + subject);
        user.put("email", subject + "@example.test");
        user.put("roles", List.of("user"));
        Answer answer = internal(Service.GRANT, "/internal/v1/users", user);
        expect(answer, 200, "sign-in");
        return UUID.fromString(answer.json().path("userId").asText());
    }

    /** A fresh user whose provider asserts the admin role. */
    UUID newAdmin() {
        Map<String, Object> user = new LinkedHashMap<>();
        user.put("issuer", "https://idp.test/realms/grantwire");
        user.put("subject", "admin-" + UUID.randomUUID());
        user.put("name", "An Admin");
        user.put("email", "admin-" + UUID.randomUUID() + "@example.test");
        user.put("roles", List.of("user", "admin"));
        Answer answer = internal(Service.GRANT, "/internal/v1/users", user);
        expect(answer, 200, "admin sign-in");
        return UUID.fromString(answer.json().path("userId").asText());
    }

    /** A fresh user with a unique subject. */
    UUID newUser() {
        return signIn("user-" + UUID.randomUUID());
    }

    // --- authorization -----------------------------------------------------------------------

    /**
     * The user accepts the app's request (consent-service's call to grant-service), then the app
     * exchanges the code with its PKCE verifier.
     *
     * @param sequence a revoke's ledger sequence to wait for (read-your-writes), or null
     */
    Tokens authorize(UUID userId, App app, String scopes, Long sequence) {
        String code = consent(userId, app, scopes, sequence);
        Answer answer = exchange(app, code);
        expect(answer, 200, "code exchange");
        return tokens(answer);
    }

    /**
     * Authorizes, retrying while grant-service answers 503 (its view of the feed is still stale
     * after a fault, or a cutoff is ahead).
     */
    Tokens authorizeWhenFresh(UUID userId, App app, String scopes) {
        long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
        Answer answer;
        do {
            answer = exchange(app, consent(userId, app, scopes, null));
        } while (answer.status() == 503 && System.nanoTime() < deadline);
        expect(answer, 200, "code exchange");
        return tokens(answer);
    }

    /** Records consent and returns the code, the verifier kept for {@link #exchange}. */
    String consent(UUID userId, App app, String scopes, Long sequence) {
        String verifier = Pkce.newVerifier();
        Map<String, Object> consent = new LinkedHashMap<>();
        consent.put("userId", userId.toString());
        consent.put("clientId", app.clientId());
        consent.put("scopes", List.of(scopes.split(" ")));
        consent.put("redirectUri", REDIRECT_URI);
        consent.put("nonce", "n-" + UUID.randomUUID());
        consent.put("codeChallenge", Pkce.challenge(verifier));
        consent.put("codeChallengeMethod", "S256");
        if (sequence != null) {
            consent.put("revocationSequence", sequence);
        }
        Answer answer = internal(Service.GRANT, "/internal/v1/grants", consent);
        expect(answer, 201, "consent");
        String code = answer.json().path("code").asText();
        verifiers.put(code, verifier);
        return code;
    }

    /** The app redeems a code at the token endpoint. */
    Answer exchange(App app, String code) {
        return exchange(app, code, REDIRECT_URI, verifiers.get(code));
    }

    /** The app redeems a code it received at {@code redirectUri}, with its PKCE verifier. */
    Answer exchange(App app, String code, String redirectUri, String verifier) {
        return postForm(
                app,
                Service.GRANT,
                "/oauth2/token",
                Map.of(
                        "grant_type",
                        "authorization_code",
                        "code",
                        code,
                        "redirect_uri",
                        redirectUri,
                        "code_verifier",
                        verifier));
    }

    /**
     * Where an app sends the browser to ask for access (consent-service's {@code
     * /oauth2/authorize}, PKCE S256), with the state and the verifier the app keeps.
     */
    AuthorizeRequest authorizeRequest(App app, String redirectUri, String scopes) {
        String verifier = Pkce.newVerifier();
        String state = "s-" + UUID.randomUUID();
        String url =
                url(Service.CONSENT, "/oauth2/authorize")
                        + "?response_type=code&client_id="
                        + enc(app.clientId())
                        + "&redirect_uri="
                        + enc(redirectUri)
                        + "&scope="
                        + enc(scopes)
                        + "&state="
                        + enc(state)
                        + "&code_challenge="
                        + Pkce.challenge(verifier)
                        + "&code_challenge_method=S256";
        return new AuthorizeRequest(url, state, verifier, redirectUri);
    }

    /** An authorization request as the browser is sent to it, and what the app keeps of it. */
    record AuthorizeRequest(String url, String state, String verifier, String redirectUri) {}

    /** The app refreshes. */
    Answer refresh(App app, String refreshToken) {
        return postForm(
                app,
                Service.GRANT,
                "/oauth2/token",
                Map.of("grant_type", "refresh_token", "refresh_token", refreshToken));
    }

    /** RFC 7662 introspection by the app. */
    JsonNode introspect(App app, String token) {
        Answer answer = postForm(app, Service.GRANT, "/oauth2/introspect", Map.of("token", token));
        expect(answer, 200, "introspection");
        return answer.json();
    }

    /** OpenID Connect UserInfo with an access token. */
    Answer userInfo(String accessToken) {
        return send(
                HttpRequest.newBuilder(URI.create(url(Service.GRANT, "/oauth2/userinfo")))
                        .timeout(Duration.ofSeconds(30))
                        .header("Authorization", "Bearer " + accessToken)
                        .GET());
    }

    static Tokens tokens(Answer answer) {
        JsonNode json = answer.json();
        String access = json.path("access_token").asText();
        JsonNode claims = claims(access);
        return new Tokens(
                access,
                json.path("refresh_token").isMissingNode()
                        ? null
                        : json.path("refresh_token").asText(),
                UUID.fromString(claims.path("grant_id").asText()),
                claims.path("iat").asLong() * 1000);
    }

    /** A JWT's claims, unverified (the test reads what it was given). */
    static JsonNode claims(String jwt) {
        return part(jwt, 1);
    }

    /** A JWT's JOSE header ({@code kid}, {@code alg} ...). */
    static JsonNode joseHeader(String jwt) {
        return part(jwt, 0);
    }

    private static JsonNode part(String jwt, int index) {
        try {
            return JSON.readTree(Base64.getUrlDecoder().decode(jwt.split("\\.")[index]));
        } catch (IOException e) {
            throw new AssertionError("not a JWT: " + jwt, e);
        }
    }

    // --- revocation --------------------------------------------------------------------------

    /** The user revokes one of their authorizations (what "Manage authorizations" does). */
    Revoked revokeAsUser(UUID userId, UUID grantId) {
        Answer answer = userRevoke(userId, grantId);
        expect(answer, 201, "user revoke");
        return revoked(answer);
    }

    /** The raw answer of the user API. */
    Answer userRevoke(UUID userId, UUID grantId) {
        return send(userRevokeRequest(userId, grantId));
    }

    /** An admin revokes (kind grant, client or user; scope for app-wide kinds). */
    Revoked revokeAsAdmin(UUID adminId, String kind, String subject, String scope) {
        Map<String, Object> command = new LinkedHashMap<>();
        command.put("kind", kind);
        command.put("subject", subject);
        if (scope != null) {
            command.put("scope", scope);
        }
        command.put("reason", "admin revoked");
        Answer answer =
                send(
                        post(url(Service.REVOCATION, "/internal/v1/admin/revocations"))
                                .header("Authorization", "Bearer " + consentToken())
                                .header("Grantwire-Acting-User", adminId.toString())
                                .header("Content-Type", "application/json")
                                .POST(body(command)));
        expect(answer, 201, "admin revoke");
        return revoked(answer);
    }

    /**
     * A revocation command as grant-service sends it (kind grant), with a service token obtained
     * earlier; returns the ledger sequence.
     */
    long command(String serviceToken, String kind, UUID subject) {
        Map<String, Object> command = new LinkedHashMap<>();
        command.put("commandId", UUID.randomUUID().toString());
        command.put("kind", kind);
        command.put("subject", subject.toString());
        command.put("reason", "system test");
        command.put("actor", "system-test");
        Answer answer =
                send(
                        post(url(Service.REVOCATION, "/internal/v1/revocations/commands"))
                                .header("Authorization", "Bearer " + serviceToken)
                                .header("Content-Type", "application/json")
                                .POST(body(command)));
        expect(answer, 201, "revocation command");
        return answer.json().path("sequence").asLong();
    }

    /** revocation-service's ledger API, read as consent-service; {@code query} starts with '?'. */
    Answer ledger(String query) {
        return send(
                HttpRequest.newBuilder(
                                URI.create(
                                        url(
                                                Service.REVOCATION,
                                                "/internal/v1/revocations" + query)))
                        .header("Authorization", "Bearer " + consentToken())
                        .timeout(Duration.ofSeconds(10))
                        .GET());
    }

    /** RFC 7009 revocation by the app that holds the token. */
    Answer revokeAsApp(App app, String token) {
        return postForm(app, Service.REVOCATION, "/oauth2/revoke", Map.of("token", token));
    }

    private static Revoked revoked(Answer answer) {
        JsonNode json = answer.json();
        return new Revoked(
                json.path("sequence").asLong(),
                json.path("revokedAt").asLong(),
                json.hasNonNull("cutoff") ? json.path("cutoff").asLong() : null);
    }

    // --- the example API ---------------------------------------------------------------------

    /** GET the example API's work items on one instance with a token. */
    Answer workItems(String instanceBaseUrl, String token) {
        return send(
                HttpRequest.newBuilder(URI.create(instanceBaseUrl + "/api/work-items"))
                        .timeout(Duration.ofSeconds(5))
                        .header("Authorization", "Bearer " + token)
                        .GET());
    }

    /** Only the status, for tight polling loops. */
    int workItemsStatus(String instanceBaseUrl, String token) {
        return workItems(instanceBaseUrl, token).status();
    }

    // --- plumbing ----------------------------------------------------------------------------

    /** consent-service's service token, as consent-service itself would hold it. */
    String consentToken() {
        if (Instant.now().isAfter(consentTokenExpires)) {
            newServiceToken();
        }
        return consentToken;
    }

    /** A new client-credentials token for consent-service, whatever is cached. */
    String newServiceToken() {
        Answer answer =
                postForm(
                        new App(CONSENT_CLIENT, CONSENT_SECRET),
                        Service.GRANT,
                        "/oauth2/token",
                        Map.of(
                                "grant_type", "client_credentials",
                                "scope", "grants.internal revocations.internal"));
        expect(answer, 200, "consent-service token");
        consentToken = answer.json().path("access_token").asText();
        consentTokenExpires =
                Instant.now().plusSeconds(answer.json().path("expires_in").asLong() - 30);
        return consentToken;
    }

    /** A form POST authenticated as the app (HTTP Basic), as OAuth endpoints take it. */
    private Answer postForm(App app, Service service, String path, Map<String, String> fields) {
        return send(
                post(url(service, path))
                        .header("Authorization", app.basic())
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(form(fields)));
    }

    private Answer internal(Service service, String path, Object json) {
        return send(internalRequest(service, path, json));
    }

    /** A POST of {@code json} to an internal API, with consent-service's service token. */
    HttpRequest.Builder internalRequest(Service service, String path, Object json) {
        return post(url(service, path))
                .header("Authorization", "Bearer " + consentToken())
                .header("Content-Type", "application/json")
                .POST(body(json));
    }

    /** The request of {@link #userRevoke}: what consent-service sends when a user revokes. */
    HttpRequest.Builder userRevokeRequest(UUID userId, UUID grantId) {
        return internalRequest(
                Service.REVOCATION,
                "/internal/v1/users/" + userId + "/grants/" + grantId + "/revocations",
                Map.of("reason", "user revoked"));
    }

    Answer send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response =
                    http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), response.headers().map(), response.body());
        } catch (IOException e) {
            throw new AssertionError("request failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    static void expect(Answer answer, int status, String what) {
        if (answer.status() != status) {
            throw new AssertionError(
                    what
                            + ": expected "
                            + status
                            + " but got "
                            + answer.status()
                            + " "
                            + answer.body());
        }
    }

    private String url(Service service, String path) {
        return stack.url(service) + path;
    }

    private static HttpRequest.Builder post(String url) {
        return HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30));
    }

    private static HttpRequest.BodyPublisher body(Object json) {
        try {
            return HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(json));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static HttpRequest.BodyPublisher form(Map<String, String> fields) {
        return HttpRequest.BodyPublishers.ofString(
                fields.entrySet().stream()
                        .map(e -> enc(e.getKey()) + "=" + enc(e.getValue()))
                        .collect(Collectors.joining("&")));
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
