package dev.grantwire.demo.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.grantwire.demo.config.DemoConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** The example resource API's work items, called with the user's access token (RFC 6750). */
@ApplicationScoped
public class WorkItemsApi {

    private static final TypeReference<List<WorkItem>> LIST = new TypeReference<>() {};

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final DemoConfig config;
    private final ObjectMapper json;

    protected WorkItemsApi(DemoConfig config, ObjectMapper json) {
        this.config = config;
        this.json = json;
    }

    /** The user's work items. */
    public List<WorkItem> list(String accessToken) {
        HttpRequest request = authorized(accessToken).GET().build();
        return read(send(request), LIST);
    }

    /** Creates a work item and returns it. */
    public WorkItem create(String accessToken, String title) {
        String body;
        try {
            body = json.writeValueAsString(Map.of("title", title));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        HttpRequest request =
                authorized(accessToken)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build();
        return read(send(request), new TypeReference<WorkItem>() {});
    }

    private HttpRequest.Builder authorized(String accessToken) {
        return HttpRequest.newBuilder(workItems())
                .timeout(Duration.ofSeconds(5))
                .header("Accept", "application/json")
                .header("Authorization", "Bearer " + accessToken);
    }

    private URI workItems() {
        String base = config.apiUrl().toString().replaceAll("/+$", "");
        return URI.create(base + "/api/work-items");
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new ApiException("The work items service is not reachable.", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException("Interrupted while calling the work items service.", e);
        }
    }

    private <T> T read(HttpResponse<String> response, TypeReference<T> type) {
        if (response.statusCode() == 401
                && response.headers()
                        .firstValue("WWW-Authenticate")
                        .orElse("")
                        .contains("error=\"invalid_token\"")) {
            throw new AccessRefusedException(response.body());
        }
        if (response.statusCode() / 100 != 2) {
            throw new ApiException(
                    "The work items service answered " + response.statusCode() + ".", null);
        }
        try {
            return json.readValue(response.body(), type);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
