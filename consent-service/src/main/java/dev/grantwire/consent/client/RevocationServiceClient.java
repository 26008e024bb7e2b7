package dev.grantwire.consent.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.grantwire.consent.config.ConsentConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

/**
 * revocation-service's user, admin and ledger APIs as consent-service uses them, with the same
 * {@link ServiceToken} (scope {@code revocations.internal}). A 401 drops the token and the call is
 * tried once more. Anything but a clear answer is a {@link RevocationServiceUnavailableException}.
 * Thread-safe.
 */
@ApplicationScoped
public class RevocationServiceClient {

    /** A recorded revocation, as the user and admin APIs answer. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Recorded(long sequence, String kind, String subject, String scope) {}

    /** The admin API's body. {@code scope} is null for the grant kind. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record AdminRevocation(String kind, String subject, String scope, String reason) {}

    /** One row of the ledger (times in epoch milliseconds). */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record LedgerEntry(
            long sequence,
            String kind,
            String subject,
            String scope,
            String clientId,
            String userId,
            long revokedAt,
            String reason,
            String actor) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    record LedgerPage(List<LedgerEntry> revocations, long next) {}

    private final String base;
    private final ServiceToken token;
    private final ObjectMapper json;
    private final Duration timeout;
    private final HttpClient http;

    RevocationServiceClient(ConsentConfig config, ServiceToken token, ObjectMapper json) {
        this.base = config.revocationService().url().replaceAll("/+$", "");
        this.token = token;
        this.json = json;
        this.timeout = config.grantService().timeout();
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    /**
     * {@code POST /internal/v1/users/{userId}/grants/{grantId}/revocations}: the user revokes one
     * of their grants (201, or 200 for one already revoked: the first record).
     *
     * @throws RevocationRefusedException 404 when the grant is unknown or someone else's
     */
    public Recorded revokeOwnGrant(UUID userId, UUID grantId) {
        HttpResponse<String> response =
                call(
                        "/internal/v1/users/" + userId + "/grants/" + grantId + "/revocations",
                        "",
                        null);
        if (response.statusCode() == 404) {
            throw new RevocationRefusedException(404, detail(response));
        }
        return recorded(response);
    }

    /**
     * {@code POST /internal/v1/admin/revocations} for the acting admin.
     *
     * @throws NotAdminException when revocation-service (asking grant-service) says no
     * @throws RevocationRefusedException 400 or 404 with revocation-service's words
     */
    public Recorded revokeAsAdmin(UUID admin, AdminRevocation revocation) {
        HttpResponse<String> response =
                call("/internal/v1/admin/revocations", write(revocation), admin);
        if (response.statusCode() == 403) {
            throw new NotAdminException();
        }
        if (response.statusCode() == 400 || response.statusCode() == 404) {
            throw new RevocationRefusedException(response.statusCode(), detail(response));
        }
        return recorded(response);
    }

    /** {@code GET /internal/v1/revocations?since=&limit=}: the ledger from {@code since} on. */
    public List<LedgerEntry> ledger(long since, int limit) {
        HttpResponse<String> response =
                call("/internal/v1/revocations?since=" + since + "&limit=" + limit, null, null);
        if (response.statusCode() != 200) {
            throw new RevocationServiceUnavailableException(
                    "revocation-service answered the ledger with " + response.statusCode());
        }
        try {
            LedgerPage page = json.readValue(response.body(), LedgerPage.class);
            return page.revocations() == null ? List.of() : List.copyOf(page.revocations());
        } catch (IOException e) {
            throw new RevocationServiceUnavailableException("unreadable ledger", e);
        }
    }

    private Recorded recorded(HttpResponse<String> response) {
        if (response.statusCode() != 201 && response.statusCode() != 200) {
            throw new RevocationServiceUnavailableException(
                    "revocation-service answered a revoke with " + response.statusCode());
        }
        try {
            return json.readValue(response.body(), Recorded.class);
        } catch (IOException e) {
            throw new RevocationServiceUnavailableException("unreadable revoke answer", e);
        }
    }

    private HttpResponse<String> call(String path, String jsonBody, UUID actingUser) {
        HttpResponse<String> response = send(path, jsonBody, actingUser);
        if (response.statusCode() == 401) {
            token.forget();
            response = send(path, jsonBody, actingUser);
        }
        return response;
    }

    private HttpResponse<String> send(String path, String jsonBody, UUID actingUser) {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(URI.create(base + path))
                        .timeout(timeout)
                        .header("Authorization", "Bearer " + token.get())
                        .header("Accept", "application/json");
        if (actingUser != null) {
            request.header(GrantServiceClient.ACTING_USER, actingUser.toString());
        }
        if (jsonBody == null) {
            request.GET();
        } else if (jsonBody.isEmpty()) {
            request.POST(HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(jsonBody));
        }
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new RevocationServiceUnavailableException(
                    "revocation-service " + path + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RevocationServiceUnavailableException("interrupted", e);
        }
    }

    private String write(Object body) {
        try {
            return json.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private String detail(HttpResponse<String> response) {
        try {
            JsonNode body = json.readTree(response.body());
            return body.path("detail").asText("");
        } catch (IOException e) {
            return "";
        }
    }
}
