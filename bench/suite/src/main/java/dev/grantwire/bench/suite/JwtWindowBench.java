package dev.grantwire.bench.suite;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The anchor for propagation: what a JWT-only server gives. A real Keycloak access token is revoked
 * with a real call to Keycloak's revocation endpoint (RFC 7009), and its session ended; a resource
 * server that validates JWTs locally (signature against the realm's JWKS, issuer, expiry: what
 * Quarkus, Spring and most API gateways do by default) keeps accepting it until it expires. Only
 * introspection on every request, at a cost measured in the token endpoint section, would see the
 * revoke.
 */
final class JwtWindowBench {

    private JwtWindowBench() {}

    static Report.Section run(KeycloakSide keycloak, Duration observe) throws Exception {
        Http http = new Http();
        JsonNode tokens = keycloak.userTokens();
        String access = tokens.path("access_token").asText();
        JWKSet keys = JWKSet.parse(http.get(keycloak.jwksUrl(), null).expect(200, "JWKS").body());

        boolean validBefore = validLocally(access, keys, keycloak.issuer);
        // Introspection must say active before the revoke, or its "false" after means nothing.
        if (!introspect(http, keycloak, access)) {
            throw new IllegalStateException(
                    "Keycloak introspection said inactive before the revoke");
        }
        Instant revokedAt = Instant.now();
        http.form(
                        keycloak.revocationUrl(),
                        keycloak.basic(),
                        Map.of("token", access, "token_type_hint", "access_token"))
                .expect(200, "Keycloak revoke (access token)");
        http.form(
                        keycloak.revocationUrl(),
                        keycloak.basic(),
                        Map.of(
                                "token",
                                tokens.path("refresh_token").asText(),
                                "token_type_hint",
                                "refresh_token"))
                .expect(200, "Keycloak revoke (refresh token)");
        boolean introspectionActive = introspect(http, keycloak, access);
        // Watch the local validator keep accepting it for a while after the revoke.
        long acceptedChecks = 0;
        long checks = 0;
        Instant until = Instant.now().plus(observe);
        while (Instant.now().isBefore(until)) {
            checks++;
            if (validLocally(access, keys, keycloak.issuer)) {
                acceptedChecks++;
            }
            Thread.sleep(100);
        }
        Instant expires = SignedJWT.parse(access).getJWTClaimsSet().getExpirationTime().toInstant();
        long windowSeconds = Duration.between(revokedAt, expires).toSeconds();

        ObjectNode json = Http.JSON.createObjectNode();
        json.put("validLocallyBeforeRevoke", validBefore);
        json.put("introspectionActiveAfterRevoke", introspectionActive);
        json.put("localChecksAfterRevoke", checks);
        json.put("localChecksAcceptedAfterRevoke", acceptedChecks);
        json.put("observedSeconds", observe.toSeconds());
        json.put("revokedAt", revokedAt.toString());
        json.put("expiresAt", expires.toString());
        json.put("windowSeconds", windowSeconds);
        String md =
                String.format(
                        Locale.ROOT,
                        "A Keycloak access token (alice, realm defaults) was revoked at Keycloak's"
                                + " RFC 7009 endpoint, with its refresh token. Keycloak's own"
                                + " introspection said `active: true` before and `active: %s`"
                                + " after; a resource server"
                                + " validating the JWT locally (JWKS signature, issuer, expiry)"
                                + " accepted it in %d of %d checks over the next %d s, and will"
                                + " until it expires: **a window of %d s** after the revoke (the"
                                + " realm's access token lifespan). Grantwire's guards, validating"
                                + " locally too, refused within the milliseconds of the"
                                + " propagation section.\n",
                        introspectionActive,
                        acceptedChecks,
                        checks,
                        observe.toSeconds(),
                        windowSeconds);
        return new Report.Section(
                "The JWT-only anchor: Keycloak's revoked token at a local validator",
                md,
                json,
                List.of());
    }

    /** What a JWT-validating resource server checks: signature by a realm key, issuer, expiry. */
    private static boolean introspect(Http http, KeycloakSide keycloak, String access) {
        return http.form(keycloak.introspectionUrl(), keycloak.basic(), Map.of("token", access))
                .expect(200, "Keycloak introspection")
                .json()
                .path("active")
                .asBoolean();
    }

    private static boolean validLocally(String jwt, JWKSet keys, String issuer) throws Exception {
        SignedJWT token = SignedJWT.parse(jwt);
        RSAKey key = (RSAKey) keys.getKeyByKeyId(token.getHeader().getKeyID());
        if (key == null) {
            return false;
        }
        JWSVerifier verifier = new RSASSAVerifier(key);
        if (!token.verify(verifier)) {
            return false;
        }
        JWTClaimsSet claims = token.getJWTClaimsSet();
        return issuer.equals(claims.getIssuer())
                && claims.getExpirationTime() != null
                && claims.getExpirationTime().toInstant().isAfter(Instant.now());
    }
}
