package dev.grantwire.system;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Latency samples in microseconds, and their distribution by the nearest-rank method. Written as
 * JSON for the benchmarks to reuse: the raw samples and p50, p90, p99, max.
 */
final class Samples {

    private final String name;
    private final List<Long> micros = new ArrayList<>();

    Samples(String name) {
        this.name = name;
    }

    synchronized void add(long nanos) {
        micros.add(nanos / 1_000);
    }

    synchronized int size() {
        return micros.size();
    }

    /** The q-th percentile (0 < q ≤ 100) in microseconds, nearest rank. */
    synchronized long percentile(double q) {
        long[] sorted = sorted();
        int rank = (int) Math.ceil(q / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length, rank) - 1)];
    }

    synchronized long max() {
        long[] sorted = sorted();
        return sorted[sorted.length - 1];
    }

    private long[] sorted() {
        if (micros.isEmpty()) {
            throw new IllegalStateException(name + " has no samples");
        }
        long[] sorted = micros.stream().mapToLong(Long::longValue).toArray();
        Arrays.sort(sorted);
        return sorted;
    }

    synchronized ObjectNode toJson(ObjectMapper json) {
        ObjectNode node = json.createObjectNode();
        node.put("name", name);
        node.put("unit", "microseconds");
        node.put("count", micros.size());
        node.put("p50", percentile(50));
        node.put("p90", percentile(90));
        node.put("p99", percentile(99));
        node.put("max", max());
        ArrayNode raw = node.putArray("samples");
        micros.forEach(raw::add);
        return node;
    }

    String summary() {
        return String.format(
                "%s: n=%d p50=%.1f ms p90=%.1f ms p99=%.1f ms max=%.1f ms",
                name,
                size(),
                percentile(50) / 1000.0,
                percentile(90) / 1000.0,
                percentile(99) / 1000.0,
                max() / 1000.0);
    }

    /** Writes the samples sets into one JSON file. */
    static void write(Path file, ObjectNode header, List<Samples> all) {
        ObjectMapper json = new ObjectMapper();
        ArrayNode sets = header.putArray("distributions");
        all.forEach(samples -> sets.add(samples.toJson(json)));
        try {
            Files.createDirectories(file.getParent());
            json.writerWithDefaultPrettyPrinter().writeValue(file.toFile(), header);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
