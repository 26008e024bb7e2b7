package dev.grantwire.consent.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.grantwire.consent.config.ConsentConfig;
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
 * consent-service's own access token at grant-service: client credentials ({@code
 * client_secret_basic}, RFC 6749 section 4.4) with scope {@value #SCOPE}, cached until {@code
 * token-renewal} before it expires. Thread-safe; at most one fetch at a time.
 */
@ApplicationScoped
public class ServiceToken {

    static final String SCOPE = "grants.internal revocations.internal";

    private final ConsentConfig.GrantService settings;
    private final ObjectMapper json;
    private final HttpClient http;

    private String token;
    private Instant renewAt = Instant.MIN;

    ServiceToken(ConsentConfig config, ObjectMapper json) {
        this.settings = config.grantService();
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
                                                "grantwire.consent.grant-service.client-secret is"
                                                        + " not set"));
        String credentials =
                URLEncoder.encode(settings.clientId(), StandardCharsets.UTF_8)
                        + ":"
                        + URLEncoder.encode(secret, StandardCharsets.UTF_8);
        HttpRequest request =
                HttpRequest.newBuilder(
                                URI.create(GrantServiceClient.base(settings) + "/oauth2/token"))
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
                                        "grant_type=client_credentials&scope="
                                                + URLEncoder.encode(SCOPE, StandardCharsets.UTF_8)))
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
                    "grant-service refused consent-service's client credentials: "
                            + response.statusCode());
        }
        try {
            JsonNode body = json.readTree(response.body());
            String accessToken = body.path("access_token").asText(null);
            if (accessToken == null || accessToken.isEmpty()) {
                throw new GrantServiceUnavailableException("no access_token from grant-service");
            }
            long expiresIn = body.path("expires_in").asLong(60);
            token = accessToken;
            renewAt =
                    asked.plusSeconds(Math.max(0, expiresIn - settings.tokenRenewal().toSeconds()));
        } catch (IOException e) {
            throw new GrantServiceUnavailableException("unreadable token response", e);
        }
    }
}
