package dev.grantwire.bench.suite;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/** Samples in milliseconds and their nearest-rank percentiles; kept raw for the JSON. */
final class Samples {

    final String name;
    private final List<Double> millis = Collections.synchronizedList(new ArrayList<>());

    Samples(String name) {
        this.name = name;
    }

    void addNanos(long nanos) {
        millis.add(nanos / 1e6);
    }

    List<Double> values() {
        synchronized (millis) {
            return List.copyOf(millis);
        }
    }

    int size() {
        return millis.size();
    }

    double percentile(double q) {
        List<Double> sorted = new ArrayList<>(values());
        if (sorted.isEmpty()) {
            return Double.NaN;
        }
        Collections.sort(sorted);
        int rank = (int) Math.ceil(q / 100.0 * sorted.size());
        return sorted.get(Math.max(0, Math.min(sorted.size(), rank) - 1));
    }

    /** A markdown table row: name, n, p50, p90, p99, max. */
    String row() {
        return String.format(
                Locale.ROOT,
                "| %s | %d | %.1f | %.1f | %.1f | %.1f |",
                name,
                size(),
                percentile(50),
                percentile(90),
                percentile(99),
                percentile(100));
    }

    ObjectNode json() {
        ObjectNode node = Http.JSON.createObjectNode();
        node.put("name", name);
        node.put("unit", "milliseconds");
        node.put("count", size());
        node.put("p50", percentile(50));
        node.put("p90", percentile(90));
        node.put("p99", percentile(99));
        node.put("max", percentile(100));
        ArrayNode raw = node.putArray("samples");
        values().forEach(v -> raw.add(Math.round(v * 1000) / 1000.0));
        return node;
    }

    /** The median of some values (the mean of the middle two for an even count). */
    static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    static String header() {
        return "| measure | n | p50 ms | p90 ms | p99 ms | max ms |\n|---|---|---|---|---|---|";
    }
}
