package dev.grantwire.revocation.client;

import com.fasterxml.jackson.databind.JsonNode;
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
import java.time.Instant;
import java.util.Base64;

/**
 * revocation-service's own access token at grant-service: client credentials ({@code
 * client_secret_basic}, scope {@code grants.internal}) at grant-service's token endpoint, cached
 * until {@code tokenRenewal} before it expires. Thread-safe; at most one fetch at a time.
 */
@ApplicationScoped
public class ServiceToken {

    static final String SCOPE = "grants.internal";

    private final RevocationConfig.GrantService settings;
    private final GrantServiceUrl url;
    private final HttpClient http;
    private final ObjectMapper json;

    private String token;
    private Instant renewAt = Instant.MIN;

    ServiceToken(RevocationConfig config, GrantServiceUrl url, ObjectMapper json) {
        this.settings = config.grantService();
        this.url = url;
        this.json = json;
        this.http = HttpClient.newBuilder().connectTimeout(settings.timeout()).build();
    }

    /** A token valid for a while yet, fetched if the cached one is missing or about to expire. */
    public synchronized String get() {
        if (token == null || !Instant.now().isBefore(renewAt)) {
            fetch();
        }
        return token;
    }

    /** Drops the cached token (grant-service refused it): the next {@link #get()} fetches one. */
    public synchronized void forget() {
        token = null;
    }

    private void fetch() {
        String secret =
                settings.clientSecret()
                        .orElseThrow(
                                () ->
                                        new GrantServiceUnavailableException(
                                                "grantwire.revocation.grant-service.client-secret"
                                                        + " is not set"));
        String credentials =
                URLEncoder.encode(settings.clientId(), StandardCharsets.UTF_8)
                        + ":"
                        + URLEncoder.encode(secret, StandardCharsets.UTF_8);
        HttpRequest request =
                HttpRequest.newBuilder(URI.create(url.get() + "/oauth2/token"))
                        .timeout(settings.timeout())
                        .header(
                                "Authorization",
                                "Basic "
                                        + Base64.getEncoder()
                                                .encodeToString(
                                                        credentials.getBytes(
                                                                StandardCharsets.UTF_8)))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(
                                HttpRequest.BodyPublishers.ofString(
                                        "grant_type=client_credentials&scope=" + SCOPE))
                        .build();
        Instant asked = Instant.now();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new GrantServiceUnavailableException("grant-service token endpoint: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GrantServiceUnavailableException("interrupted", e);
        }
        if (response.statusCode() != 200) {
            throw new GrantServiceUnavailableException(
                    "grant-service refused revocation-service's client credentials: "
                            + response.statusCode());
        }
        try {
            JsonNode body = json.readTree(response.body());
            String accessToken = body.path("access_token").asText(null);
            long expiresIn = body.path("expires_in").asLong(60);
            if (accessToken == null || accessToken.isEmpty()) {
                throw new GrantServiceUnavailableException("no access_token from grant-service");
            }
            token = accessToken;
            long renewIn = Math.max(0, expiresIn - settings.tokenRenewal().toSeconds());
            renewAt = asked.plusSeconds(renewIn);
        } catch (IOException e) {
            throw new GrantServiceUnavailableException("unreadable token response", e);
        }
    }
}
