package dev.grantwire.bench.suite;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/** The machine and the versions of everything measured, as every report states them. */
final class Machine {

    private final int cores = Runtime.getRuntime().availableProcessors();
    private final long memoryKiB = memTotalKiB();
    private final String cpu = cpuModel();
    private final String jdk =
            System.getProperty("java.vm.name") + " " + System.getProperty("java.version");
    private final String os =
            System.getProperty("os.name") + " " + System.getProperty("os.version");
    private final Map<String, String> versions = new LinkedHashMap<>();

    Machine() {
        Properties built = new Properties();
        try (InputStream in = Machine.class.getResourceAsStream("/bench-suite.properties")) {
            built.load(in);
        } catch (IOException | NullPointerException e) {
            throw new IllegalStateException("bench-suite.properties missing from the build", e);
        }
        built.stringPropertyNames().stream()
                .sorted()
                .forEach(name -> versions.put(name, built.getProperty(name)));
    }

    /** Adds a version found at run time (PostgreSQL's, for one). */
    void version(String name, String version) {
        versions.put(name, version);
    }

    String describe() {
        StringBuilder s =
                new StringBuilder(
                        String.format(
                                Locale.ROOT,
                                "%d cores (%s), %.1f GiB, %s, %s. Versions:",
                                cores,
                                cpu,
                                memoryKiB / 1024.0 / 1024.0,
                                os,
                                jdk));
        versions.forEach((k, v) -> s.append(' ').append(k).append(' ').append(v).append(','));
        s.setLength(s.length() - 1);
        return s.append('.').toString();
    }

    ObjectNode json() {
        ObjectNode node = Http.JSON.createObjectNode();
        node.put("cores", cores);
        node.put("cpu", cpu);
        node.put("memoryKiB", memoryKiB);
        node.put("os", os);
        node.put("jdk", jdk);
        ObjectNode v = node.putObject("versions");
        versions.forEach(v::put);
        return node;
    }

    private static long memTotalKiB() {
        for (String line : lines(Path.of("/proc/meminfo"))) {
            if (line.startsWith("MemTotal:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return -1;
    }

    private static String cpuModel() {
        for (String line : lines(Path.of("/proc/cpuinfo"))) {
            if (line.startsWith("model name")) {
                return line.substring(line.indexOf(':') + 1).strip();
            }
        }
        return "unknown CPU";
    }

    private static java.util.List<String> lines(Path file) {
        try {
            return Files.readAllLines(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
