package dev.grantwire.grant.support;

import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * Starts {@link FakeRevocationService} before grant-service boots and points {@code
 * grantwire.revocation-service.url} at it: revocation-service does not run in this module's tests.
 */
public class FakeRevocationServiceResource implements QuarkusTestResourceLifecycleManager {

    private HttpServer server;

    @Override
    public Map<String, String> start() {
        try {
            server = FakeRevocationService.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the fake revocation-service", e);
        }
        return Map.of(
                "grantwire.revocation-service.url",
                "http://127.0.0.1:" + server.getAddress().getPort());
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop(0);
        }
    }
}
