package dev.grantwire.bench.suite;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The results of one run: machine-readable ({@code results.json}) and for people ({@code
 * BENCHMARKS.md}, tables with the command that reproduces each above it, and the plots).
 */
final class Report {

    /** One benchmark's part of the report. Images are file names in the results folder. */
    record Section(String title, String markdown, JsonNode json, List<String> images) {}

    private final Machine machine;
    private final String command;
    private final List<Section> sections = new ArrayList<>();

    Report(Machine machine, String command) {
        this.machine = machine;
        this.command = command;
    }

    void add(Section section) {
        sections.add(section);
        System.out.println(section.markdown());
    }

    /** Writes results.json and the plots' folder's markdown; the markdown links the plots. */
    void write(Path results, Path markdown) {
        ObjectNode json = Http.JSON.createObjectNode();
        json.put("command", command);
        json.set("machine", machine.json());
        ArrayNode all = json.putArray("sections");
        for (Section s : sections) {
            ObjectNode node = all.addObject();
            node.put("title", s.title());
            node.set("results", s.json());
        }
        StringBuilder md = new StringBuilder();
        md.append("# Grantwire benchmarks\n\n");
        md.append("Produced by `").append(command).append("` on ").append(machine.describe());
        md.append(
                        "\n\nEvery comparison below was measured side by side in this one run; on a shared"
                                + " 2-core machine an absolute time is noise, a ratio of medians less so."
                                + " Raw figures: [`")
                .append(markdown.getParent().relativize(results.resolve("results.json")))
                .append("`](")
                .append(markdown.getParent().relativize(results.resolve("results.json")))
                .append(").\n");
        for (Section s : sections) {
            md.append("\n## ").append(s.title()).append("\n\n");
            md.append("Reproduce: `").append(command).append("`\n\n");
            md.append(s.markdown()).append('\n');
            for (String image : s.images()) {
                String path = markdown.getParent().relativize(results.resolve(image)).toString();
                md.append("\n![").append(image).append("](").append(path).append(")\n");
            }
        }
        // The written analysis of the figures (bench/ANALYSIS.md), kept beside the generated
        // tables.
        Path analysis = markdown.getParent().resolve("ANALYSIS.md");
        if (Files.isRegularFile(analysis)) {
            try {
                md.append('\n').append(Files.readString(analysis));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        try {
            Files.createDirectories(results);
            Http.JSON
                    .writerWithDefaultPrettyPrinter()
                    .writeValue(results.resolve("results.json").toFile(), json);
            Files.writeString(markdown, md.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
