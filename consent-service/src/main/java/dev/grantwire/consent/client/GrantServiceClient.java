package dev.grantwire.consent.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.grantwire.consent.client.GrantServiceModels.App;
import dev.grantwire.consent.client.GrantServiceModels.Consent;
import dev.grantwire.consent.client.GrantServiceModels.Grant;
import dev.grantwire.consent.client.GrantServiceModels.IssuedCode;
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
 * grants and Accept. Every call carries consent-service's {@link ServiceToken}; a 401 drops the
 * token and the call is tried once more with a fresh one. Anything but a clear answer is a {@link
 * GrantServiceUnavailableException}. Thread-safe.
 */
@ApplicationScoped
public class GrantServiceClient {

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

    private HttpResponse<String> call(String path, String jsonBody) {
        HttpResponse<String> response = send(path, jsonBody);
        if (response.statusCode() == 401) {
            token.forget();
            response = send(path, jsonBody);
        }
        return response;
    }

    private HttpResponse<String> send(String path, String jsonBody) {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(URI.create(base(settings) + path))
                        .timeout(timeout)
                        .header("Authorization", "Bearer " + token.get())
                        .header("Accept", "application/json");
        if (jsonBody == null) {
            request.GET();
        } else {
            request.header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(jsonBody));
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
            return body.path("detail").asText("");
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
