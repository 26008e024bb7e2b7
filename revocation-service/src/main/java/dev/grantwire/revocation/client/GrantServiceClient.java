package dev.grantwire.revocation.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.grantwire.revocation.config.RevocationConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;

/**
 * The reads revocation-service asks of grant-service before it records a revocation (never inside
 * the revoke transaction): client authentication and token resolution for {@code /oauth2/revoke}, a
 * grant's owner, whether a user is an admin, whether an app or a user exists. Every call carries
 * revocation-service's own {@link ServiceToken}; a 401 from grant-service drops the token and the
 * call is tried once more with a fresh one. Anything but a clear answer is a {@link
 * GrantServiceUnavailableException}.
 */
@ApplicationScoped
public class GrantServiceClient {

    /** The credentials an app presented at {@code /oauth2/revoke}, and its token. */
    public record ResolutionRequest(
            String authorization,
            String clientId,
            String clientSecret,
            String clientAssertionType,
            String clientAssertion,
            String token,
            String tokenTypeHint) {}

    /**
     * grant-service's answer: whether the app authenticated (else how the token endpoint would have
     * refused it), and what the token is ({@code access}, {@code refresh} or {@code unknown}).
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record TokenResolution(
            boolean clientAuthenticated,
            String clientId,
            String error,
            String errorDescription,
            boolean basicChallenge,
            String tokenType,
            String tokenClientId,
            UUID grantId,
            String jti,
            UUID userId,
            Long expiresAt) {}

    /** Whose a grant is. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record GrantOwner(UUID grantId, UUID userId, String clientId, String status) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    record AdminAnswer(boolean admin) {}

    private final GrantServiceUrl url;
    private final ServiceToken token;
    private final ObjectMapper json;
    private final Duration timeout;
    private final HttpClient http;

    GrantServiceClient(
            RevocationConfig config, GrantServiceUrl url, ServiceToken token, ObjectMapper json) {
        this.url = url;
        this.token = token;
        this.json = json;
        this.timeout = config.grantService().timeout();
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    /** {@code POST /internal/v1/token-resolutions}. */
    public TokenResolution resolve(ResolutionRequest request) {
        String body;
        try {
            body = json.writeValueAsString(request);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        HttpResponse<String> response = call("/internal/v1/token-resolutions", body);
        if (response.statusCode() != 200) {
            throw unexpected("token resolution", response);
        }
        return read(response, TokenResolution.class);
    }

    /** {@code GET /internal/v1/grants/{grantId}}; empty when grant-service knows no such grant. */
    public Optional<GrantOwner> grant(UUID grantId) {
        HttpResponse<String> response = call("/internal/v1/grants/" + grantId, null);
        if (response.statusCode() == 404) {
            return Optional.empty();
        }
        if (response.statusCode() != 200) {
            throw unexpected("grant lookup", response);
        }
        return Optional.of(read(response, GrantOwner.class));
    }

    /** {@code GET /internal/v1/users/{userId}/admin}; an unknown user is no admin. */
    public boolean isAdmin(UUID userId) {
        HttpResponse<String> response = call("/internal/v1/users/" + userId + "/admin", null);
        if (response.statusCode() == 404) {
            return false;
        }
        if (response.statusCode() != 200) {
            throw unexpected("admin check", response);
        }
        return read(response, AdminAnswer.class).admin();
    }

    /** {@code GET /internal/v1/users/{userId}}: whether grant-service knows the user. */
    public boolean userExists(UUID userId) {
        return exists("/internal/v1/users/" + userId, "user lookup");
    }

    /** {@code GET /internal/v1/apps/{clientId}}: whether the app exists (internal ones do not). */
    public boolean appExists(String clientId) {
        return exists(
                "/internal/v1/apps/"
                        + URLEncoder.encode(clientId, StandardCharsets.UTF_8).replace("+", "%20"),
                "app lookup");
    }

    private boolean exists(String path, String what) {
        HttpResponse<String> response = call(path, null);
        if (response.statusCode() == 404) {
            return false;
        }
        if (response.statusCode() != 200) {
            throw unexpected(what, response);
        }
        return true;
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
                HttpRequest.newBuilder(URI.create(url.get() + path))
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

    private <T> T read(HttpResponse<String> response, Class<T> type) {
        try {
            return json.readValue(response.body(), type);
        } catch (IOException e) {
            throw new GrantServiceUnavailableException(
                    "unreadable answer from grant-service: " + e.getMessage(), e);
        }
    }

    private static GrantServiceUnavailableException unexpected(
            String what, HttpResponse<String> response) {
        return new GrantServiceUnavailableException(
                "grant-service answered " + what + " with " + response.statusCode());
    }
}
