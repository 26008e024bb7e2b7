package dev.grantwire.bench.suite;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The guard's own figures, measured by the JMH module ({@code bench/jmh}) before the system
 * benchmarks start: its summary table and the heap per revocation entry, put into this run's report
 * beside the cost of asking an introspection endpoint instead.
 */
final class GuardSection {

    private GuardSection() {}

    static Report.Section read(Path dir) throws IOException {
        ObjectNode json = Http.JSON.createObjectNode();
        StringBuilder md = new StringBuilder();
        Path summary = dir.resolve("guard-summary.md");
        Path jmh = dir.resolve("guard-jmh.json");
        if (Files.isRegularFile(summary)) {
            md.append("JMH, one thread, `-prof gc` (B/check is `gc.alloc.rate.norm`):\n\n");
            md.append(Files.readString(summary).strip()).append("\n");
            json.set("jmh", Files.isRegularFile(jmh) ? Http.JSON.readTree(jmh.toFile()) : null);
        }
        Path memory = dir.resolve("guard-memory.json");
        if (Files.isRegularFile(memory)) {
            JsonNode m = Http.JSON.readTree(memory.toFile());
            json.set("memory", m);
            md.append("\nHeap per revocation entry (")
                    .append(m.path("method").asText())
                    .append("):\n\n| entries | mix | retained B/entry | heap delta B/entry |\n")
                    .append("|---:|---|---:|---:|\n");
            for (JsonNode row : m.path("results")) {
                md.append(
                        String.format(
                                Locale.ROOT,
                                "| %,d | %s | %.1f | %.1f |\n",
                                row.path("entries").asLong(),
                                row.path("mix").asText(),
                                row.path("retainedBytesPerEntry").asDouble(),
                                row.path("heapDeltaBytesPerEntry").asDouble()));
            }
        }
        if (md.length() == 0) {
            md.append("Not measured in this run (no results in ").append(dir).append(").\n");
        }
        return new Report.Section("Guard hot path and memory", md.toString(), json, List.of());
    }
}
