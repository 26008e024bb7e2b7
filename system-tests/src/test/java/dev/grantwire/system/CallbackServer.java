package dev.grantwire.system;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * A third-party app's https redirect endpoint, on 127.0.0.1 under the name {@value #HOST}: the
 * browser resolves that name here (see {@link Browser#open(Path, String)}). It records each
 * redirect's query parameters. Its host is not a loopback name, so consent-service treats the app
 * as a web app whose remembered consent may be honoured, unlike the loopback demo app.
 */
final class CallbackServer implements AutoCloseable {

    static final String HOST = "app.example";

    private static final String PASSWORD = "callback-keystore";

    private final HttpsServer server;
    private final BlockingQueue<Map<String, String>> redirects = new LinkedBlockingQueue<>();

    private CallbackServer(HttpsServer server) {
        this.server = server;
    }

    /** Starts on a free port with a fresh self-signed certificate for {@value #HOST}. */
    static CallbackServer start(Path workDir) {
        try {
            HttpsServer server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.setHttpsConfigurator(new HttpsConfigurator(tls(workDir)));
            CallbackServer callback = new CallbackServer(server);
            server.createContext("/callback", exchange -> callback.record(exchange));
            server.start();
            return callback;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The redirect URI to register: https, this server's port, path {@code /callback}. */
    String redirectUri() {
        return "https://" + HOST + ":" + server.getAddress().getPort() + "/callback";
    }

    /** The next redirect's query parameters; fails when none arrives within {@code wait}. */
    Map<String, String> next(Duration wait) {
        try {
            Map<String, String> redirect = redirects.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
            if (redirect == null) {
                throw new AssertionError("no redirect reached the app within " + wait);
            }
            return redirect;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** Whether a redirect arrived that nobody took with {@link #next}. */
    boolean hasPending() {
        return !redirects.isEmpty();
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void record(com.sun.net.httpserver.HttpExchange exchange) throws IOException {
        Map<String, String> parameters = new LinkedHashMap<>();
        String query = exchange.getRequestURI().getRawQuery();
        if (query != null) {
            for (String pair : query.split("&")) {
                int eq = pair.indexOf('=');
                String name = eq < 0 ? pair : pair.substring(0, eq);
                String value = eq < 0 ? "" : pair.substring(eq + 1);
                parameters.put(decode(name), decode(value));
            }
        }
        redirects.add(parameters);
        byte[] page =
                "<!DOCTYPE html><html lang=en><title>App</title><h1 id=callback>Back at the app</h1>"
                        .getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
        exchange.sendResponseHeaders(200, page.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(page);
        }
    }

    private static String decode(String value) {
        return URLDecoder.decode(value, StandardCharsets.UTF_8);
    }

    /** A TLS context with a self-signed certificate made by the JDK's keytool. */
    private static SSLContext tls(Path workDir) throws IOException {
        Files.createDirectories(workDir);
        Path keystore = Files.createTempFile(workDir, "callback-", ".p12");
        Files.delete(keystore);
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        Process process =
                new ProcessBuilder(
                                keytool.toString(),
                                "-genkeypair",
                                "-alias",
                                "callback",
                                "-keyalg",
                                "EC",
                                "-groupname",
                                "secp256r1",
                                "-dname",
                                "CN=" + HOST,
                                "-ext",
                                "SAN=dns:" + HOST,
                                "-validity",
                                "2",
                                "-storetype",
                                "PKCS12",
                                "-keystore",
                                keystore.toString(),
                                "-storepass",
                                PASSWORD)
                        .redirectErrorStream(true)
                        .redirectOutput(workDir.resolve("keytool.log").toFile())
                        .start();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
                process.destroyForcibly();
                throw new IllegalStateException(
                        "keytool failed, see " + workDir.resolve("keytool.log"));
            }
            KeyStore store = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(keystore)) {
                store.load(in, PASSWORD.toCharArray());
            }
            KeyManagerFactory keys =
                    KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(store, PASSWORD.toCharArray());
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys.getKeyManagers(), null, null);
            return context;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the callback's keystore", e);
        }
    }
}
