package dev.grantwire.bench;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import dev.grantwire.guard.JwksKeySource;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Date;
import java.util.List;
import java.util.UUID;

/**
 * Stands in for grant-service: one RSA signing key and access tokens shaped like the ones it issues
 * (RFC 9068, {@code typ at+jwt}, RS256).
 *
 * <p>{@link #keySource()} hands the guard a real {@link JwksKeySource} that fetched the JWKS once
 * over HTTP from a JDK server on 127.0.0.1; the server is stopped before anything is measured, so
 * no network or server thread is part of a benchmark.
 */
final class BenchIssuer {

    static final String ISSUER = "http://127.0.0.1:8081";
    static final String AUDIENCE = "urn:grantwire:api:work-items";
    static final String CLIENT_ID = "demo-app";

    private final RSAKey key;
    private final RSASSASigner signer;

    BenchIssuer() {
        try {
            key = new RSAKeyGenerator(2048).keyID("bench-1").keyUse(KeyUse.SIGNATURE).generate();
            signer = new RSASSASigner(key);
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A key source holding this issuer's public key, fetched once; never refreshed again. */
    JwksKeySource keySource() {
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
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
        try {
            URI url =
                    URI.create(
                            "http://127.0.0.1:" + server.getAddress().getPort() + "/oauth2/jwks");
            // minRefetch of a day: an unknown kid during a run must not trigger a fetch.
            JwksKeySource keys =
                    new JwksKeySource(
                            url, Duration.ofDays(1), Duration.ofDays(1), () -> GuardFixture.NOW);
            if (!keys.refresh() || !keys.isPublished(key.getKeyID())) {
                throw new IllegalStateException("The bench JWKS could not be fetched from " + url);
            }
            return keys;
        } finally {
            server.stop(0);
        }
    }

    /** The claims grant-service puts in a delegated access token, issued a minute before now. */
    static JWTClaimsSet.Builder delegated(UUID user, UUID grant) {
        long iat = GuardFixture.NOW / 1000 - 60;
        return new JWTClaimsSet.Builder()
                .issuer(ISSUER)
                .subject(user.toString())
                .audience(List.of(AUDIENCE))
                .claim("client_id", CLIENT_ID)
                .claim("scope", "work_items.read work_items.write")
                .jwtID(UUID.randomUUID().toString())
                .claim("grant_id", grant.toString())
                .issueTime(new Date(iat * 1000))
                .expirationTime(new Date((iat + 1800) * 1000));
    }

    /** A compact JWS of the claims. */
    String sign(JWTClaimsSet claims) {
        try {
            SignedJWT jwt =
                    new SignedJWT(
                            new JWSHeader.Builder(JWSAlgorithm.RS256)
                                    .type(new JOSEObjectType("at+jwt"))
                                    .keyID(key.getKeyID())
                                    .build(),
                            claims);
            jwt.sign(signer);
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** An {@code Authorization} header value carrying a new delegated token. */
    String bearer(UUID user, UUID grant) {
        return "Bearer " + sign(delegated(user, grant).build());
    }
}
