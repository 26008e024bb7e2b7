package dev.grantwire.bench.suite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Keeps the harness runnable without the stack: the load generator against a tiny local server, CPU
 * accounting from /proc, percentiles, plots and the report.
 */
class HarnessSmokeTest {

    private static final Path WORK = Path.of("target/smoke");

    private HttpServer server;
    private final AtomicInteger served = new AtomicInteger();

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext(
                "/ok",
                exchange -> {
                    served.incrementAndGet();
                    answer(exchange, 200);
                });
        server.createContext("/broken", exchange -> answer(exchange, 500));
        server.start();
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    @Test
    void closedLoopWhenServerAnswersThenEveryMeasuredRequestCountedAndTimed() {
        String url = "http://127.0.0.1:" + server.getAddress().getPort();
        ClosedLoop.Result ok =
                ClosedLoop.run(
                        2,
                        Duration.ofMillis(200),
                        Duration.ofMillis(500),
                        () -> {
                            Http http = new Http();
                            return () -> http.get(url + "/ok", null).status();
                        },
                        new ProcessCpu(List.of(ProcessHandle.current().pid())));

        assertThat(ok.requests()).isPositive().isLessThanOrEqualTo(served.get());
        assertThat(ok.errors()).isZero();
        assertThat(ok.latencyMicros().getTotalCount()).isEqualTo(ok.requests());
        assertThat(ok.seconds()).isGreaterThanOrEqualTo(0.5);
        assertThat(ok.serverCpuSeconds()).isPositive();

        ClosedLoop.Result broken =
                ClosedLoop.run(
                        1,
                        Duration.ZERO,
                        Duration.ofMillis(200),
                        () -> {
                            Http http = new Http();
                            return () -> http.get(url + "/broken", null).status();
                        },
                        new ProcessCpu(List.of(ProcessHandle.current().pid())));
        assertThat(broken.errors()).isEqualTo(broken.requests()).isPositive();
        assertThat(ok.requireSuccess("ok")).isSameAs(ok);
        assertThatThrownBy(() -> broken.requireSuccess("broken"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("broken: " + broken.errors() + " of " + broken.requests())
                .hasMessageContaining("HTTP 500");
    }

    @Test
    void processCpuWhenThisJvmWorksThenItsCpuSecondsGrow() {
        ProcessCpu self = new ProcessCpu(List.of(ProcessHandle.current().pid()));
        double before = self.seconds();
        long sink = 0;
        long until = System.nanoTime() + Duration.ofMillis(300).toNanos();
        while (System.nanoTime() < until) {
            sink += Long.numberOfTrailingZeros(sink + System.nanoTime());
        }
        assertThat(sink).isNotNegative();
        assertThat(self.seconds() - before).isGreaterThan(0.1);
        assertThat(ProcessCpu.self()).isGreaterThanOrEqualTo(self.seconds() - 0.05);
    }

    @Test
    void samplesWhenPercentilesAskedThenNearestRank() {
        Samples samples = new Samples("test");
        for (int i = 1; i <= 100; i++) {
            samples.addNanos(i * 1_000_000L);
        }
        assertThat(samples.percentile(50)).isEqualTo(50.0);
        assertThat(samples.percentile(99)).isEqualTo(99.0);
        assertThat(samples.percentile(100)).isEqualTo(100.0);
        assertThat(samples.row()).isEqualTo("| test | 100 | 50.0 | 90.0 | 99.0 | 100.0 |");
    }

    @Test
    void reportWhenWrittenThenJsonMarkdownAndPlotsWithTheCommand() throws IOException {
        Path out = WORK.resolve("results");
        Histogram histogram = new Histogram(3_600_000_000L, 3);
        for (int i = 1; i <= 1000; i++) {
            histogram.recordValue(i * 10L);
        }
        Plots.percentiles(out.resolve("latency.png"), "latency", Map.of("a", histogram));
        Plots.histogram(
                out.resolve("histogram.png"), "hist", "ms", Map.of("a", List.of(1.0, 2.0, 2.5)));
        Report report = new Report(new Machine(), "bench/run.sh --quick");
        report.add(
                new Report.Section(
                        "A section",
                        "| x |\n|---|\n| 1 |\n",
                        Http.JSON.createObjectNode().put("x", 1),
                        List.of("latency.png")));
        Path markdown = WORK.resolve("BENCHMARKS.md");

        report.write(out, markdown);

        for (String png : List.of("latency.png", "histogram.png")) {
            byte[] bytes = Files.readAllBytes(out.resolve(png));
            assertThat(bytes).startsWith(0x89, 'P', 'N', 'G');
        }
        String md = Files.readString(markdown);
        assertThat(md)
                .contains("## A section")
                .contains("Reproduce: `bench/run.sh --quick`")
                .contains("![latency.png](results/latency.png)")
                .contains("cores");
        JsonNode json = Http.JSON.readTree(out.resolve("results.json").toFile());
        assertThat(json.path("command").asText()).isEqualTo("bench/run.sh --quick");
        assertThat(json.path("sections").get(0).path("results").path("x").asInt()).isEqualTo(1);
        assertThat(json.path("machine").path("versions").path("keycloak").asText()).isNotBlank();
    }

    private static void answer(com.sun.net.httpserver.HttpExchange exchange, int status)
            throws IOException {
        byte[] body = "{}".getBytes();
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }
}
