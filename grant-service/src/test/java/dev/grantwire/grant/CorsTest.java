package dev.grantwire.grant;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import dev.grantwire.grant.support.Fixture;
import dev.grantwire.testsupport.quarkus.KafkaAndPostgresResource;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URL;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** CORS: public documents for everyone, the token endpoint only for public clients' origins. */
@QuarkusTest
@QuarkusTestResource(
        value = KafkaAndPostgresResource.class,
        initArgs = @ResourceArg(name = "database", value = "grant_service"))
class CorsTest {

    @Inject AgroalDataSource database;

    @TestHTTPResource("/")
    URL base;

    // Hostile-input review: an HTTP/1.0 request has no Host header, and the CORS filter must not
    // need one.
    @Test
    void requestWhenHttp10WithoutHostButWithOriginThenAnsweredNot500() throws Exception {
        for (String request :
                List.of(
                        "GET /oauth2/jwks HTTP/1.0\r\nOrigin: https://anything.example\r\n\r\n",
                        "POST /oauth2/token HTTP/1.0\r\nOrigin: https://anything.example\r\n"
                                + "Content-Type: application/x-www-form-urlencoded\r\n"
                                + "Content-Length: 29\r\n\r\ngrant_type=client_credentials")) {
            try (java.net.Socket socket = new java.net.Socket(base.getHost(), base.getPort())) {
                socket.setSoTimeout(5_000);
                socket.getOutputStream()
                        .write(request.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                String answer =
                        new String(
                                socket.getInputStream().readAllBytes(),
                                java.nio.charset.StandardCharsets.UTF_8);
                String status = answer.substring(0, answer.indexOf("\r\n"));
                org.assertj.core.api.Assertions.assertThat(status)
                        .as(request.substring(0, request.indexOf("\r\n")))
                        .matches("HTTP/1\\.[01] [24]\\d\\d .*");
            }
        }
    }

    @Test
    void jwksAndDiscoveryWhenCalledFromAnyOriginThenReadable() {
        for (String path : List.of("/oauth2/jwks", "/.well-known/openid-configuration")) {
            given().header("Origin", "https://anything.example")
                    .get(path)
                    .then()
                    .statusCode(200)
                    .header("Access-Control-Allow-Origin", equalTo("*"));
        }
    }

    @Test
    void tokenPreflightWhenOriginOfPublicClientThenAllowedOtherwiseNot() throws Exception {
        Fixture fixture = new Fixture(base.toURI(), database);
        fixture.registerApp(
                Map.of(
                        "client_name", "SPA",
                        "redirect_uris", List.of("https://spa.example/callback"),
                        "grant_types", List.of("authorization_code"),
                        "token_endpoint_auth_method", "none",
                        "scope", "work_items.read"));
        given().header("Origin", "https://spa.example")
                .header("Access-Control-Request-Method", "POST")
                .options("/oauth2/token")
                .then()
                .statusCode(204)
                .header("Access-Control-Allow-Origin", equalTo("https://spa.example"));
        given().header("Origin", "https://evil.example")
                .header("Access-Control-Request-Method", "POST")
                .options("/oauth2/token")
                .then()
                .statusCode(204)
                .header("Access-Control-Allow-Origin", nullValue());
        given().header("Origin", "https://spa.example")
                .contentType("application/x-www-form-urlencoded")
                .formParam("grant_type", "authorization_code")
                .post("/oauth2/token")
                .then()
                .statusCode(401)
                .header("Access-Control-Allow-Origin", equalTo("https://spa.example"));
    }

    // Outside review 10: revocation-service asks this before it lets a browser read a revoke.
    @Test
    void corsOriginWhenAskedByAnInternalClientThenOnlyPublicClientOriginsAllowed()
            throws Exception {
        Fixture fixture = new Fixture(base.toURI(), database);
        fixture.registerApp(
                Map.of(
                        "client_name", "Revoking SPA",
                        "redirect_uris", List.of("https://revoking-spa.example/callback"),
                        "grant_types", List.of("authorization_code"),
                        "token_endpoint_auth_method", "none",
                        "scope", "work_items.read"));
        fixture.registerApp(
                Map.of(
                        "client_name", "Confidential web app",
                        "redirect_uris", List.of("https://confidential-web.example/callback"),
                        "scope", "work_items.read"));
        String token = fixture.internalToken();
        for (Map.Entry<String, Boolean> origin :
                Map.of(
                                "https://revoking-spa.example", true,
                                "https://confidential-web.example", false,
                                "https://evil.example", false)
                        .entrySet()) {
            given().auth()
                    .oauth2(token)
                    .queryParam("origin", origin.getKey())
                    .get("/internal/v1/token-resolutions/cors-origin")
                    .then()
                    .statusCode(200)
                    .body("allowed", equalTo(origin.getValue()));
        }
        given().queryParam("origin", "https://revoking-spa.example")
                .get("/internal/v1/token-resolutions/cors-origin")
                .then()
                .statusCode(401);
    }
}
