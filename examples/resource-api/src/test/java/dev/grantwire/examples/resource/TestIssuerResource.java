package dev.grantwire.examples.resource;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

/**
 * Stands in for grant-service as the token issuer: an RSA key whose public half is served as a JWKS
 * by a JDK HTTP server on 127.0.0.1 at {@code <issuer>/oauth2/jwks}. The app under test gets {@code
 * grantwire.guard.issuer}; the tests get the private key as {@value #SIGNING_KEY} (base64 of the
 * JWK) to sign tokens with ({@link Tokens}).
 */
public class TestIssuerResource implements QuarkusTestResourceLifecycleManager {

    static final String SIGNING_KEY = "test.issuer.signing-key";

    private HttpServer server;

    @Override
    public Map<String, String> start() {
        RSAKey key;
        try {
            key = new RSAKeyGenerator(2048).keyID("test-key-1").keyUse(KeyUse.SIGNATURE).generate();
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        byte[] jwks = new JWKSet(key.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
        server.createContext(
                "/oauth2/jwks",
                exchange -> {
                    exchange.getResponseHeaders().add("Content-Type", "application/jwk-set+json");
                    exchange.sendResponseHeaders(200, jwks.length);
                    try (OutputStream out = exchange.getResponseBody()) {
                        out.write(jwks);
                    }
                });
        server.start();
        String issuer = "http://127.0.0.1:" + server.getAddress().getPort();
        return Map.of(
                "grantwire.guard.issuer",
                issuer,
                SIGNING_KEY,
                Base64.getEncoder()
                        .encodeToString(key.toJSONString().getBytes(StandardCharsets.UTF_8)));
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop(0);
        }
    }
}
