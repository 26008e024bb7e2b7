package dev.grantwire.guard;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A stand-in for grant-service in unit tests: RSA keys, a JWKS served by a JDK HTTP server on
 * 127.0.0.1, and access tokens shaped like grant-service's.
 */
final class TestIssuer implements AutoCloseable {

    static final String ISSUER = "http://127.0.0.1:8081";
    static final String AUDIENCE = "urn:grantwire:api:work-items";

    private final HttpServer server;
    private final List<RSAKey> published = new CopyOnWriteArrayList<>();
    private final AtomicInteger fetches = new AtomicInteger();

    TestIssuer() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext(
                "/oauth2/jwks",
                exchange -> {
                    fetches.incrementAndGet();
                    List<JWK> keys = new ArrayList<>();
                    for (RSAKey key : published) {
                        keys.add(key.toPublicJWK());
                    }
                    byte[] body = new JWKSet(keys).toString().getBytes(StandardCharsets.UTF_8);
                    exchange.getResponseHeaders().add("Content-Type", "application/jwk-set+json");
                    exchange.sendResponseHeaders(200, body.length);
                    try (OutputStream out = exchange.getResponseBody()) {
                        out.write(body);
                    }
                });
        server.start();
    }

    static RSAKey newKey(String kid) {
        try {
            return new RSAKeyGenerator(2048).keyID(kid).keyUse(KeyUse.SIGNATURE).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    void publish(RSAKey key) {
        published.add(key);
    }

    void withdraw(RSAKey key) {
        published.removeIf(k -> k.getKeyID().equals(key.getKeyID()));
    }

    int fetches() {
        return fetches.get();
    }

    URI jwksUrl() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/oauth2/jwks");
    }

    /** Claims of a delegated token, issued {@code iat} (epoch seconds), living 30 minutes. */
    static JWTClaimsSet.Builder delegated(long iatSeconds, UUID grantId) {
        return new JWTClaimsSet.Builder()
                .issuer(ISSUER)
                .subject(UUID.randomUUID().toString())
                .audience(List.of(AUDIENCE, "urn:grantwire:api:code"))
                .claim("client_id", "demo-app")
                .claim("scope", "work_items.read code.read")
                .jwtID(UUID.randomUUID().toString())
                .claim("grant_id", grantId.toString())
                .issueTime(new Date(iatSeconds * 1000))
                .expirationTime(new Date((iatSeconds + 1800) * 1000));
    }

    /** Claims of a client-credentials token (no grant_id, sub = client id). */
    static JWTClaimsSet.Builder service(long iatSeconds) {
        return new JWTClaimsSet.Builder()
                .issuer(ISSUER)
                .subject("build-bot")
                .audience(List.of(AUDIENCE))
                .claim("client_id", "build-bot")
                .claim("scope", "work_items.read")
                .jwtID(UUID.randomUUID().toString())
                .issueTime(new Date(iatSeconds * 1000))
                .expirationTime(new Date((iatSeconds + 1800) * 1000));
    }

    static String sign(RSAKey key, JWTClaimsSet claims) {
        return sign(key, claims, "at+jwt");
    }

    static String sign(RSAKey key, JWTClaimsSet claims, String type) {
        try {
            SignedJWT jwt =
                    new SignedJWT(
                            new JWSHeader.Builder(JWSAlgorithm.RS256)
                                    .type(new JOSEObjectType(type))
                                    .keyID(key.getKeyID())
                                    .build(),
                            claims);
            jwt.sign(new RSASSASigner(key));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
