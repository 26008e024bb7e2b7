package dev.grantwire.testsupport.service;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * A service's Prometheus metrics ({@code /q/metrics} on its management port), read by tests: the
 * whole text, or the samples of one metric.
 */
public final class ServiceMetrics {

    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private ServiceMetrics() {}

    /** The service's metrics now, as Prometheus text; a non-200 answer is a failure. */
    public static String scrape(ServiceProcess service) {
        String url = service.managementUrl() + "/q/metrics";
        try {
            HttpResponse<String> answer =
                    HTTP.send(
                            HttpRequest.newBuilder(URI.create(url))
                                    .timeout(Duration.ofSeconds(10))
                                    .GET()
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() != 200) {
                // No samples would read as "nothing happened yet".
                throw new IllegalStateException(url + " answered " + answer.statusCode());
            }
            return answer.body();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + url, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** The first sample of {@code name} (any labels); NaN when the service has none yet. */
    public static double value(ServiceProcess service, String name) {
        return scrape(service)
                .lines()
                .filter(line -> line.startsWith(name + " ") || line.startsWith(name + "{"))
                .mapToDouble(ServiceMetrics::sample)
                .findFirst()
                .orElse(Double.NaN);
    }

    /** The sum of the samples of {@code name} whose labels contain {@code selector}. */
    public static double sum(ServiceProcess service, String name, String selector) {
        return scrape(service)
                .lines()
                .filter(line -> line.startsWith(name + "{") && line.contains(selector))
                .mapToDouble(ServiceMetrics::sample)
                .sum();
    }

    /** A sample line's value: what follows its last space. */
    public static double sample(String line) {
        return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
    }
}
