package dev.grantwire.bench;

import com.sun.management.OperatingSystemMXBean;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs the guard benchmarks and writes their results: the machine, the JMH run ({@link
 * GuardCheckBenchmark} with {@code -prof gc}) and the memory per revocation entry ({@link
 * RevocationMemory}, in a JVM of its own).
 *
 * <pre>
 * java -jar bench/jmh/target/benchmarks.jar [--quick] [--out DIR] [--include REGEX]
 *                                       [--skip-jmh] [--skip-memory]
 * </pre>
 *
 * Full mode: 2 forks, 5 warm-up and 5 measured iterations of 2 s per benchmark and parameter (about
 * 13 minutes in all). Quick mode: 1 fork, 2 + 3 iterations of 1 s (about 3 minutes). Files written
 * to {@code DIR} (default {@code bench/jmh/target/results/guard-<UTC time>}): {@code machine.json},
 * {@code guard-jmh.json} (JMH's JSON), {@code guard-summary.md}, {@code guard-memory.json}.
 */
public final class GuardBench {

    private static final String FORK_HEAP = "-Xmx2g";

    private GuardBench() {}

    public static void main(String[] args) throws Exception {
        boolean quick = false;
        boolean jmh = true;
        boolean memory = true;
        String include = GuardCheckBenchmark.class.getName();
        Path out = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--quick" -> quick = true;
                case "--skip-jmh" -> jmh = false;
                case "--skip-memory" -> memory = false;
                case "--out" -> out = Path.of(value(args, ++i));
                case "--include" -> include = value(args, ++i);
                default -> throw new IllegalArgumentException("Unknown argument " + args[i]);
            }
        }
        if (out == null) {
            out = defaultOut();
        }
        Files.createDirectories(out);

        Map<String, String> machine = machine(quick);
        StringBuilder json = new StringBuilder("{\n");
        machine.forEach(
                (k, v) -> {
                    System.out.printf("%-22s %s%n", k, v);
                    json.append("  \"")
                            .append(k)
                            .append("\": \"")
                            .append(v.replace("\\", "\\\\").replace("\"", "\\\""))
                            .append("\",\n");
                });
        json.setLength(json.length() - 2);
        Files.writeString(out.resolve("machine.json"), json.append("\n}\n"));
        System.out.println("Results in " + out.toAbsolutePath());

        if (jmh) {
            Collection<RunResult> results = runJmh(quick, include, out.resolve("guard-jmh.json"));
            String summary = summary(results, machine);
            Files.writeString(out.resolve("guard-summary.md"), summary, StandardCharsets.UTF_8);
            System.out.println();
            System.out.println(summary);
        }
        if (memory) {
            runMemory(out.resolve("guard-memory.json"));
        }
    }

    private static Collection<RunResult> runJmh(boolean quick, String include, Path json)
            throws RunnerException {
        ChainedOptionsBuilder options =
                new OptionsBuilder()
                        .include(include)
                        .addProfiler(GCProfiler.class)
                        .jvmArgsAppend("-Xms2g", FORK_HEAP)
                        .resultFormat(ResultFormatType.JSON)
                        .result(json.toString())
                        .timeUnit(TimeUnit.NANOSECONDS);
        if (quick) {
            options.forks(1)
                    .warmupIterations(2)
                    .warmupTime(TimeValue.seconds(1))
                    .measurementIterations(3)
                    .measurementTime(TimeValue.seconds(1));
        } else {
            options.forks(2)
                    .warmupIterations(5)
                    .warmupTime(TimeValue.seconds(2))
                    .measurementIterations(5)
                    .measurementTime(TimeValue.seconds(2));
        }
        return new Runner(options.build()).run();
    }

    private static void runMemory(Path json) throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process =
                new ProcessBuilder(
                                java,
                                "-Xms4g",
                                "-Xmx4g",
                                "-cp",
                                System.getProperty("java.class.path"),
                                RevocationMemory.class.getName(),
                                "--out",
                                json.toString())
                        .inheritIO()
                        .start();
        if (process.waitFor() != 0) {
            throw new IllegalStateException("RevocationMemory failed: " + process.exitValue());
        }
    }

    /**
     * A Markdown table: ns per check, checks per second (1e9 / ns, one thread), bytes per check.
     */
    static String summary(Collection<RunResult> results, Map<String, String> machine) {
        StringBuilder md = new StringBuilder();
        md.append("Machine: ")
                .append(machine.get("cores"))
                .append(" cores, ")
                .append(machine.get("memory"))
                .append(", ")
                .append(machine.get("cpu"))
                .append("; ")
                .append(machine.get("jdk"))
                .append("; ")
                .append(machine.get("mode"))
                .append(" mode\n\n");
        md.append(
                "| benchmark | revocations | ns/check | ± (99.9%) | checks/s (1 thread) | B/check |\n");
        md.append("|---|---:|---:|---:|---:|---:|\n");
        List<RunResult> sorted = new ArrayList<>(results);
        sorted.sort(
                (a, b) -> {
                    int byName =
                            a.getParams().getBenchmark().compareTo(b.getParams().getBenchmark());
                    return byName != 0 ? byName : Integer.compare(revocations(a), revocations(b));
                });
        for (RunResult run : sorted) {
            Result<?> primary = run.getPrimaryResult();
            double ns = primary.getScore();
            String name = run.getParams().getBenchmark();
            md.append(
                    String.format(
                            Locale.ROOT,
                            "| %s | %,d | %,.1f | %,.1f | %,.0f | %s |%n",
                            name.substring(name.lastIndexOf('.') + 1),
                            revocations(run),
                            ns,
                            primary.getScoreError(),
                            1e9 / ns,
                            allocated(run)));
        }
        return md.toString();
    }

    private static int revocations(RunResult run) {
        String value = run.getParams().getParam("revocations");
        return value == null ? 0 : Integer.parseInt(value);
    }

    private static String allocated(RunResult run) {
        for (Map.Entry<String, Result> e : run.getSecondaryResults().entrySet()) {
            if (e.getKey().endsWith("gc.alloc.rate.norm")) {
                return String.format(Locale.ROOT, "%,.3f", e.getValue().getScore());
            }
        }
        return "n/a";
    }

    static Map<String, String> machine(boolean quick) {
        Properties versions = new Properties();
        try (InputStream in = GuardBench.class.getResourceAsStream("/grantwire-bench.properties")) {
            if (in != null) {
                versions.load(in);
            }
        } catch (IOException e) {
            // Versions are informative only.
        }
        OperatingSystemMXBean os =
                (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        Map<String, String> machine = new LinkedHashMap<>();
        machine.put("time", Instant.now().toString());
        machine.put("mode", quick ? "quick" : "full");
        machine.put("cores", Integer.toString(Runtime.getRuntime().availableProcessors()));
        machine.put(
                "memory",
                String.format(Locale.ROOT, "%.1f GiB", os.getTotalMemorySize() / 1073741824.0));
        machine.put("cpu", cpuModel());
        machine.put(
                "os",
                System.getProperty("os.name")
                        + " "
                        + System.getProperty("os.version")
                        + " "
                        + System.getProperty("os.arch"));
        machine.put(
                "jdk",
                System.getProperty("java.vm.name")
                        + " "
                        + System.getProperty("java.runtime.version")
                        + " ("
                        + System.getProperty("java.vendor")
                        + ")");
        machine.put("fork heap", FORK_HEAP);
        machine.put("grantwire", versions.getProperty("grantwire.version", "?"));
        machine.put("nimbus-jose-jwt", versions.getProperty("nimbus-jose-jwt.version", "?"));
        machine.put("jmh", versions.getProperty("jmh.version", "?"));
        machine.put("jol", versions.getProperty("jol.version", "?"));
        machine.put("git", gitCommit());
        return machine;
    }

    private static String cpuModel() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        } catch (IOException e) {
            // Not Linux: the architecture is all we know.
        }
        return System.getProperty("os.arch");
    }

    private static String gitCommit() {
        try {
            Process git =
                    new ProcessBuilder("git", "describe", "--always", "--dirty")
                            .redirectErrorStream(true)
                            .start();
            String commit = new String(git.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            return git.waitFor() == 0 ? commit.trim() : "unknown";
        } catch (IOException e) {
            return "unknown";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown";
        }
    }

    private static Path defaultOut() {
        Path base = Path.of("target");
        try {
            Path jar =
                    Path.of(
                            GuardBench.class
                                    .getProtectionDomain()
                                    .getCodeSource()
                                    .getLocation()
                                    .toURI());
            base = jar.getParent();
        } catch (Exception e) {
            // Fall back to ./target.
        }
        String stamp =
                DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")
                        .withZone(ZoneOffset.UTC)
                        .format(Instant.now());
        return base.resolve("results").resolve("guard-" + stamp);
    }

    private static String value(String[] args, int i) {
        if (i >= args.length) {
            throw new IllegalArgumentException(args[i - 1] + " needs a value");
        }
        return args[i];
    }
}
