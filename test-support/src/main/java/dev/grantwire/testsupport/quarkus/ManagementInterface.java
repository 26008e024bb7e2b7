package dev.grantwire.testsupport.quarkus;

import io.quarkus.test.common.http.TestHTTPResourceManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where a Grantwire service serves health, metrics and OpenAPI: the Quarkus management interface, a
 * port of its own, never the API port. For the {@code @QuarkusTest} application that runs now
 * ({@code quarkus.management.test-port=0}, a free port) and for any running service.
 */
public final class ManagementInterface {

    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private ManagementInterface() {}

    /**
     * The running {@code @QuarkusTest} application's management origin, e.g. {@code
     * http://127.0.0.1:41234}: {@code
     * given().baseUri(ManagementInterface.url()).get("/q/metrics")}.
     */
    public static String url() {
        return origin(TestHTTPResourceManager.getManagementUri());
    }

    /**
     * {@link #requireOnlyThere(String, String, List)} for the running {@code @QuarkusTest}
     * application.
     */
    public static Map<String, String> requireOnlyThere(String... paths) {
        return requireOnlyThere(origin(TestHTTPResourceManager.getUri()), url(), List.of(paths));
    }

    /**
     * Asks for each path on both ports and fails unless the API port answers 404 and the management
     * port 200.
     *
     * @param api the API origin, e.g. {@code http://127.0.0.1:8081}
     * @param management the management origin, e.g. {@code http://127.0.0.1:9081}
     * @param paths e.g. {@code /q/metrics}
     * @return the management port's answer bodies by path, for the caller's own checks
     * @throws AssertionError naming the path, the port and the status that was wrong
     */
    public static Map<String, String> requireOnlyThere(
            String api, String management, List<String> paths) {
        Map<String, String> bodies = new LinkedHashMap<>();
        for (String path : paths) {
            require(api + path, 404);
            bodies.put(path, require(management + path, 200));
        }
        return bodies;
    }

    private static String require(String url, int status) {
        HttpResponse<String> answer;
        try {
            answer =
                    HTTP.send(
                            HttpRequest.newBuilder(URI.create(url))
                                    .timeout(Duration.ofSeconds(10))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot reach " + url, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
        if (answer.statusCode() != status) {
            throw new AssertionError(
                    url + " answered " + answer.statusCode() + ", expected " + status);
        }
        return answer.body();
    }

    /**
     * Quarkus names its URLs with a root path (".../q"); callers name whole paths, as probes do.
     */
    private static String origin(String url) {
        URI uri = URI.create(url);
        return uri.getScheme() + "://" + uri.getRawAuthority();
    }
}
