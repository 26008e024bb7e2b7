package dev.grantwire.bench.suite;

import com.fasterxml.jackson.databind.JsonNode;
import dev.grantwire.testsupport.keycloak.GrantwireRealm;
import dev.grantwire.testsupport.keycloak.Keycloak;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Keycloak as the benchmarks drive it: a confidential client in the {@code grantwire} realm,
 * created through the admin REST API with client credentials (a service account) and direct grants
 * (so a user's refresh token needs no browser) and itself in its tokens' audience (for
 * introspection), everything else at Keycloak's defaults.
 */
final class KeycloakSide {

    final String issuer;
    final String clientId;
    final String secret;
    private final Http http = new Http();

    private KeycloakSide(String issuer, String clientId, String secret) {
        this.issuer = issuer;
        this.clientId = clientId;
        this.secret = secret;
    }

    static KeycloakSide register(Keycloak keycloak) {
        Http http = new Http();
        String admin =
                http.form(
                                keycloak.baseUrl() + "/realms/master/protocol/openid-connect/token",
                                null,
                                Map.of(
                                        "grant_type",
                                        "password",
                                        "client_id",
                                        "admin-cli",
                                        "username",
                                        Keycloak.MASTER_ADMIN,
                                        "password",
                                        Keycloak.MASTER_ADMIN_PASSWORD))
                        .expect(200, "Keycloak admin token")
                        .json()
                        .path("access_token")
                        .asText();
        String clientId = "bench-" + UUID.randomUUID();
        String secret = "bench-secret-" + UUID.randomUUID();
        Map<String, Object> client = new LinkedHashMap<>();
        client.put("clientId", clientId);
        client.put("protocol", "openid-connect");
        client.put("publicClient", false);
        client.put("secret", secret);
        client.put("serviceAccountsEnabled", true);
        client.put("directAccessGrantsEnabled", true);
        client.put("standardFlowEnabled", false);
        client.put("redirectUris", List.of());
        // Keycloak 26 answers introspection only for a client in the token's audience. The
        // Grantwire side introspects with the app's own credentials, so here the app is put in
        // its tokens' audience, as an audience mapper for a resource server would.
        client.put(
                "protocolMappers",
                List.of(
                        Map.of(
                                "name", "own audience",
                                "protocol", "openid-connect",
                                "protocolMapper", "oidc-audience-mapper",
                                "config",
                                        Map.of(
                                                "included.client.audience", clientId,
                                                "access.token.claim", "true",
                                                "id.token.claim", "false",
                                                "introspection.token.claim", "true"))));
        http.json(
                        keycloak.baseUrl() + "/admin/realms/" + GrantwireRealm.NAME + "/clients",
                        admin,
                        client)
                .expect(201, "Keycloak client");
        return new KeycloakSide(keycloak.issuer(), clientId, secret);
    }

    String tokenUrl() {
        return issuer + "/protocol/openid-connect/token";
    }

    String introspectionUrl() {
        return issuer + "/protocol/openid-connect/token/introspect";
    }

    String revocationUrl() {
        return issuer + "/protocol/openid-connect/revoke";
    }

    String jwksUrl() {
        return issuer + "/protocol/openid-connect/certs";
    }

    String basic() {
        return Http.basic(clientId, secret);
    }

    String clientCredentialsToken() {
        return http.form(tokenUrl(), basic(), Map.of("grant_type", "client_credentials"))
                .expect(200, "Keycloak client credentials")
                .json()
                .path("access_token")
                .asText();
    }

    /** alice's tokens for the client (password grant: no browser in a load test). */
    JsonNode userTokens() {
        return http.form(
                        tokenUrl(),
                        basic(),
                        Map.of(
                                "grant_type",
                                "password",
                                "username",
                                GrantwireRealm.ALICE,
                                "password",
                                GrantwireRealm.passwordOf(GrantwireRealm.ALICE),
                                "scope",
                                "openid"))
                .expect(200, "Keycloak password grant")
                .json();
    }
}
