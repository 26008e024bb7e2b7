package dev.grantwire.consent.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.grantwire.consent.client.GrantServiceModels.App;
import dev.grantwire.consent.client.GrantServiceModels.AuditEntry;
import dev.grantwire.consent.client.GrantServiceModels.Consent;
import dev.grantwire.consent.client.GrantServiceModels.Grant;
import dev.grantwire.consent.client.GrantServiceModels.IssuedCode;
import dev.grantwire.consent.client.GrantServiceModels.Policy;
import dev.grantwire.consent.client.GrantServiceModels.PolicySwitches;
import dev.grantwire.consent.client.GrantServiceModels.Registered;
import dev.grantwire.consent.client.GrantServiceModels.Registration;
import dev.grantwire.consent.client.GrantServiceModels.SignIn;
import dev.grantwire.consent.client.GrantServiceModels.User;
import dev.grantwire.consent.config.ConsentConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * grant-service's internal API as consent-service uses it: apps, the sign-in upsert, a user's
 * grants, Accept, the policy switches and the admin API. Every call carries consent-service's
 * {@link ServiceToken}; a 401 drops the token and the call is tried once more with a fresh one.
 * Anything but a clear answer is a {@link GrantServiceUnavailableException}. Thread-safe.
 */
@ApplicationScoped
public class GrantServiceClient {

    /** Header naming the Grantwire user on whose behalf consent-service calls. */
    public static final String ACTING_USER = "Grantwire-Acting-User";

    private final ConsentConfig.GrantService settings;
    private final ServiceToken token;
    private final ObjectMapper json;
    private final Duration timeout;
    private final HttpClient http;

    GrantServiceClient(ConsentConfig config, ServiceToken token, ObjectMapper json) {
        this.settings = config.grantService();
        this.token = token;
        this.json = json;
        this.timeout = settings.timeout();
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    static String base(ConsentConfig.GrantService settings) {
        return settings.url().replaceAll("/+$", "");
    }

    /** {@code GET /internal/v1/apps/{clientId}}; empty when no such (third-party) app exists. */
    public Optional<App> app(String clientId) {
        HttpResponse<String> response = call("/internal/v1/apps/" + segment(clientId), null);
        if (response.statusCode() == 404) {
            return Optional.empty();
        }
        expect(200, "app lookup", response);
        return Optional.of(read(response, App.class));
    }

    /** {@code POST /internal/v1/users}: records the user at sign-in, returns the Grantwire user. */
    public User signIn(SignIn signIn) {
        HttpResponse<String> response = call("/internal/v1/users", write(signIn));
        expect(200, "sign-in record", response);
        User user = read(response, User.class);
        if (user.userId() == null) {
            throw new GrantServiceUnavailableException("grant-service returned no user id");
        }
        return user;
    }

    /** {@code GET /internal/v1/users/{userId}/grants}: the user's grants, active or not. */
    public List<Grant> grants(UUID userId) {
        HttpResponse<String> response = call("/internal/v1/users/" + userId + "/grants", null);
        expect(200, "grants lookup", response);
        try {
            return json.readValue(response.body(), new TypeReference<List<Grant>>() {});
        } catch (IOException e) {
            throw new GrantServiceUnavailableException("unreadable grants from grant-service", e);
        }
    }

    /**
     * {@code POST /internal/v1/grants}: records or widens the grant and returns a one-time code.
     *
     * @throws GrantRefusedException when grant-service refuses the consent (400)
     */
    public IssuedCode consent(Consent consent) {
        HttpResponse<String> response = call("/internal/v1/grants", write(consent));
        if (response.statusCode() == 400) {
            throw new GrantRefusedException(problemDetail(response));
        }
        expect(201, "consent", response);
        IssuedCode code = read(response, IssuedCode.class);
        if (code.code() == null || code.code().isEmpty()) {
            throw new GrantServiceUnavailableException("grant-service returned no code");
        }
        return code;
    }

    /** {@code GET /internal/v1/policy}: the org policy's switches (no admin rights needed). */
    public PolicySwitches policySwitches() {
        HttpResponse<String> response = call("/internal/v1/policy", null);
        expect(200, "policy lookup", response);
        return read(response, PolicySwitches.class);
    }

    /** {@code GET /internal/v1/users/{userId}/admin}: grant-service's own decision. */
    public boolean isAdmin(UUID userId) {
        HttpResponse<String> response = call("/internal/v1/users/" + userId + "/admin", null);
        if (response.statusCode() == 404) {
            return false;
        }
        expect(200, "admin lookup", response);
        try {
            return json.readTree(response.body()).path("admin").asBoolean(false);
        } catch (IOException e) {
            throw new GrantServiceUnavailableException("unreadable admin answer", e);
        }
    }

    // --- The admin API: every call names the acting admin, grant-service checks them ------

    /** {@code GET /internal/v1/admin/grants}: every grant, optionally of one user and/or app. */
    public List<Grant> adminGrants(UUID admin, UUID userId, String clientId, int limit) {
        StringBuilder path = new StringBuilder("/internal/v1/admin/grants?limit=" + limit);
        if (userId != null) {
            path.append("&userId=").append(userId);
        }
        if (clientId != null) {
            path.append("&clientId=").append(segment(clientId));
        }
        HttpResponse<String> response = adminCall("GET", path.toString(), null, admin);
        return readList(response, "admin grants", new TypeReference<List<Grant>>() {});
    }

    /** {@code GET /internal/v1/admin/apps}: every third-party app. */
    public List<App> adminApps(UUID admin) {
        HttpResponse<String> response = adminCall("GET", "/internal/v1/admin/apps", null, admin);
        return readList(response, "admin apps", new TypeReference<List<App>>() {});
    }

    /**
     * {@code POST /internal/v1/admin/apps}: registers an app; the answer holds its secret once.
     *
     * @throws GrantRefusedException when grant-service refuses the metadata (400)
     */
    public Registered register(UUID admin, Registration registration) {
        HttpResponse<String> response =
                adminCall("POST", "/internal/v1/admin/apps", write(registration), admin);
        expect(201, "registration", response);
        return read(response, Registered.class);
    }

    /** {@code POST /internal/v1/admin/apps/{clientId}/disable} or {@code enable}. */
    public void setEnabled(UUID admin, String clientId, boolean enabled) {
        HttpResponse<String> response =
                adminCall(
                        "POST",
                        "/internal/v1/admin/apps/"
                                + segment(clientId)
                                + (enabled ? "/enable" : "/disable"),
                        null,
                        admin);
        expect(204, "app switch", response);
    }

    /** {@code POST /internal/v1/admin/apps/{clientId}/secret/regenerate}: the new secret. */
    public String regenerateSecret(UUID admin, String clientId) {
        HttpResponse<String> response =
                adminCall(
                        "POST",
                        "/internal/v1/admin/apps/" + segment(clientId) + "/secret/regenerate",
                        null,
                        admin);
        expect(200, "secret regeneration", response);
        try {
            String secret = json.readTree(response.body()).path("client_secret").asText("");
            if (secret.isEmpty()) {
                throw new GrantServiceUnavailableException("grant-service returned no secret");
            }
            return secret;
        } catch (IOException e) {
            throw new GrantServiceUnavailableException("unreadable secret answer", e);
        }
    }

    /** {@code GET /internal/v1/admin/policy}. */
    public Policy policy(UUID admin) {
        HttpResponse<String> response = adminCall("GET", "/internal/v1/admin/policy", null, admin);
        expect(200, "policy", response);
        return read(response, Policy.class);
    }

    /** {@code PUT /internal/v1/admin/policy}: the whole policy, as grant-service wants it. */
    public Policy updatePolicy(UUID admin, Policy policy) {
        HttpResponse<String> response =
                adminCall("PUT", "/internal/v1/admin/policy", write(policy), admin);
        expect(200, "policy change", response);
        return read(response, Policy.class);
    }

    /** {@code GET /internal/v1/admin/audit}: grant-service's audit trail, newest first. */
    public List<AuditEntry> audit(UUID admin, int limit) {
        HttpResponse<String> response =
                adminCall("GET", "/internal/v1/admin/audit?limit=" + limit, null, admin);
        return readList(response, "audit", new TypeReference<List<AuditEntry>>() {});
    }

    /**
     * An admin call: 403 is {@link NotAdminException}, 404 and 400 a {@link GrantRefusedException}
     * with grant-service's words.
     */
    private HttpResponse<String> adminCall(
            String method, String path, String jsonBody, UUID admin) {
        HttpResponse<String> response = call(method, path, jsonBody, admin);
        if (response.statusCode() == 403) {
            throw new NotAdminException();
        }
        if (response.statusCode() == 400 || response.statusCode() == 404) {
            throw new GrantRefusedException(problemDetail(response));
        }
        return response;
    }

    private <T> List<T> readList(
            HttpResponse<String> response, String what, TypeReference<List<T>> type) {
        expect(200, what, response);
        try {
            return json.readValue(response.body(), type);
        } catch (IOException e) {
            throw new GrantServiceUnavailableException("unreadable " + what, e);
        }
    }

    private HttpResponse<String> call(String path, String jsonBody) {
        return call(jsonBody == null ? "GET" : "POST", path, jsonBody, null);
    }

    private HttpResponse<String> call(
            String method, String path, String jsonBody, UUID actingUser) {
        HttpResponse<String> response = send(method, path, jsonBody, actingUser);
        if (response.statusCode() == 401) {
            token.forget();
            response = send(method, path, jsonBody, actingUser);
        }
        return response;
    }

    private HttpResponse<String> send(
            String method, String path, String jsonBody, UUID actingUser) {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(URI.create(base(settings) + path))
                        .timeout(timeout)
                        .header("Authorization", "Bearer " + token.get())
                        .header("Accept", "application/json");
        if (actingUser != null) {
            request.header(ACTING_USER, actingUser.toString());
        }
        if (jsonBody == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(jsonBody));
        }
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new GrantServiceUnavailableException("grant-service " + path + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GrantServiceUnavailableException("interrupted", e);
        }
    }

    private String write(Object body) {
        try {
            return json.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private <T> T read(HttpResponse<String> response, Class<T> type) {
        try {
            return json.readValue(response.body(), type);
        } catch (IOException e) {
            throw new GrantServiceUnavailableException(
                    "unreadable answer from grant-service: " + e.getMessage(), e);
        }
    }

    private String problemDetail(HttpResponse<String> response) {
        try {
            JsonNode body = json.readTree(response.body());
            // problem+json, or RFC 6749 JSON (registration reuses /oauth2/register's errors)
            return body.path("detail").asText(body.path("error_description").asText(""));
        } catch (IOException e) {
            return "";
        }
    }

    private static void expect(int status, String what, HttpResponse<String> response) {
        if (response.statusCode() != status) {
            throw new GrantServiceUnavailableException(
                    "grant-service answered " + what + " with " + response.statusCode());
        }
    }

    private static String segment(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
