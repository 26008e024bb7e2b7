package dev.grantwire.testsupport.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RawHttpTest {

    private HttpServer server;
    private int port;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext(
                "/fixed",
                exchange -> {
                    byte[] body = "{\"keys\":[]}".getBytes(StandardCharsets.UTF_8);
                    exchange.getResponseHeaders()
                            .add("Content-Type", "application/json; charset=utf-8");
                    exchange.sendResponseHeaders(200, body.length);
                    try (OutputStream out = exchange.getResponseBody()) {
                        out.write(body);
                    }
                });
        server.createContext(
                "/chunked",
                exchange -> {
                    exchange.getResponseHeaders().add("Content-Type", "text/html");
                    exchange.sendResponseHeaders(404, 0);
                    try (OutputStream out = exchange.getResponseBody()) {
                        out.write("<!DOCTYPE html>".getBytes(StandardCharsets.UTF_8));
                        out.flush();
                        out.write(" part two".getBytes(StandardCharsets.UTF_8));
                    }
                });
        server.createContext(
                "/slow",
                exchange -> {
                    try {
                        Thread.sleep(3_000);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    exchange.sendResponseHeaders(204, -1);
                    exchange.close();
                });
        server.start();
        port = server.getAddress().getPort();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void exchangeWhenTheAnswerHasALengthThenItsBodyAndMediaTypeAreRead() {
        RawHttp.Answer answer =
                RawHttp.exchange(
                        port,
                        new Draft("GET", "/fixed").render(port),
                        false,
                        Duration.ofSeconds(5));

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.text()).isEqualTo("{\"keys\":[]}");
        assertThat(answer.mediaType()).isEqualTo("application/json");
    }

    @Test
    void exchangeWhenTheAnswerIsChunkedThenTheChunksAreJoined() {
        RawHttp.Answer answer =
                RawHttp.exchange(
                        port,
                        new Draft("GET", "/chunked").render(port),
                        false,
                        Duration.ofSeconds(5));

        assertThat(answer.status()).isEqualTo(404);
        assertThat(answer.text()).isEqualTo("<!DOCTYPE html> part two");
    }

    @Test
    void exchangeWhenTheServerTakesLongerThanTheDeadlineThenItIsAHang() {
        RawHttp.Answer answer =
                RawHttp.exchange(
                        port,
                        new Draft("GET", "/slow").render(port),
                        false,
                        Duration.ofMillis(500));

        assertThat(answer.timedOut()).isTrue();
        assertThat(answer.answered()).isFalse();
    }
}
