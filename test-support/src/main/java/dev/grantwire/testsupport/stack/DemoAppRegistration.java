package dev.grantwire.testsupport.stack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * The demo app's registration at grant-service, the way any developer registers an app: RFC 7591
 * {@code POST /oauth2/register} with the local profile's initial access token. A stack that keeps
 * its data keeps the credentials beside it, so a restart does not register the app again.
 *
 * @param clientId the client id grant-service gave the app
 * @param clientSecret its secret (client_secret_basic)
 */
record DemoAppRegistration(String clientId, String clientSecret) {

    /** The local profile's well-known initial access token; production never runs that profile. */
    static final String INITIAL_ACCESS_TOKEN = "local-stack-initial-access-token-0123456789";

    static final String APP_NAME = "Work tracker demo";
    static final String PUBLISHER = "Example Corp";
    static final String WEBSITE = "https://work-tracker.example.com";
    static final String SCOPE = "work_items.read work_items.write offline_access";

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * The credentials saved in {@code saved} when {@code reuse} and the file exists, else a fresh
     * registration (saved there for the next start).
     */
    static DemoAppRegistration obtain(
            String grantServiceUrl, String redirectUri, Path saved, boolean reuse) {
        if (reuse && Files.isRegularFile(saved)) {
            Properties properties = new Properties();
            try (var in = Files.newInputStream(saved)) {
                properties.load(in);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return new DemoAppRegistration(
                    properties.getProperty("client_id"), properties.getProperty("client_secret"));
        }
        DemoAppRegistration registered = register(grantServiceUrl, redirectUri);
        Properties properties = new Properties();
        properties.setProperty("client_id", registered.clientId());
        properties.setProperty("client_secret", registered.clientSecret());
        try {
            Files.createDirectories(saved.getParent());
            try (var out = Files.newOutputStream(saved)) {
                properties.store(out, "the demo app's registration at grant-service");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return registered;
    }

    private static DemoAppRegistration register(String grantServiceUrl, String redirectUri) {
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("client_name", APP_NAME);
        metadata.put("publisher", PUBLISHER);
        metadata.put("client_uri", WEBSITE);
        metadata.put(
                "description",
                "Keeps your work items in view. A demo third-party app of the local stack.");
        metadata.put("redirect_uris", List.of(redirectUri));
        metadata.put("grant_types", List.of("authorization_code", "refresh_token"));
        metadata.put("token_endpoint_auth_method", "client_secret_basic");
        metadata.put("scope", SCOPE);
        try {
            HttpRequest request =
                    HttpRequest.newBuilder(URI.create(grantServiceUrl + "/oauth2/register"))
                            .timeout(Duration.ofSeconds(10))
                            .header("Authorization", "Bearer " + INITIAL_ACCESS_TOKEN)
                            .header("Content-Type", "application/json")
                            .POST(
                                    HttpRequest.BodyPublishers.ofString(
                                            JSON.writeValueAsString(metadata)))
                            .build();
            HttpResponse<String> response =
                    HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 201 && response.statusCode() != 200) {
                throw new IllegalStateException(
                        "grant-service refused the demo app's registration ("
                                + response.statusCode()
                                + "): "
                                + response.body());
            }
            JsonNode answer = JSON.readTree(response.body());
            return new DemoAppRegistration(
                    answer.get("client_id").asText(), answer.get("client_secret").asText());
        } catch (IOException e) {
            throw new UncheckedIOException("could not register the demo app", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while registering the demo app", e);
        }
    }
}
