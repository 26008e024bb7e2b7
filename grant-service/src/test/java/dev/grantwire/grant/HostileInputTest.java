package dev.grantwire.grant;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import dev.grantwire.grant.support.Fixture;
import dev.grantwire.testsupport.quarkus.KafkaAndPostgresResource;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.Socket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The known causes of issue 18 at grant-service, each refused at the edge in the endpoint's own
 * shape with nothing stored (system-tests' HostileInputIT generates thousands more).
 */
@QuarkusTest
@QuarkusTestResource(
        value = KafkaAndPostgresResource.class,
        initArgs = @ResourceArg(name = "database", value = "grant_service"))
class HostileInputTest {

    @Inject AgroalDataSource database;

    @TestHTTPResource("/")
    URL base;

    Fixture fixture;

    @BeforeEach
    void setUp() throws Exception {
        fixture = new Fixture(base.toURI(), database);
    }

    @Test
    void tokenWhenAFormValueOrBasicCredentialsHoldANulThenRfc6749InvalidRequest() {
        Fixture.RegisteredApp app = fixture.registerApp("work_items.read");
        // Before: PostgreSQL's "invalid byte sequence for encoding UTF8: 0x00", a 500.
        given().auth()
                .preemptive()
                .basic(app.clientId(), app.secret())
                .contentType("application/x-www-form-urlencoded")
                .body("grant_type=refresh_token&refresh_token=a%00b")
                .post("/oauth2/token")
                .then()
                .statusCode(400)
                .contentType("application/json")
                .body("error", equalTo("invalid_request"));
        // "%00:%FF" is not UTF-8 as a whole once decoded; its client id alone is a NUL.
        for (String credentials : new String[] {app.clientId() + "%00:x", "%00:%FF"}) {
            String hidden =
                    Base64.getEncoder()
                            .encodeToString(credentials.getBytes(StandardCharsets.UTF_8));
            given().header("Authorization", "Basic " + hidden)
                    .contentType("application/x-www-form-urlencoded")
                    .body("token=x")
                    .post("/oauth2/introspect")
                    .then()
                    .statusCode(400)
                    .body("error", equalTo("invalid_request"));
        }
    }

    @Test
    void internalSignInWhenAJsonTextHoldsANulOrAKeyRepeatsThenProblemAndNoUser() {
        String subject = "hostile-" + UUID.randomUUID();
        for (String body :
                new String[] {
                    "{\"issuer\":\"https://idp.test\",\"subject\":\"" + subject + "\\u0000\"}",
                    "{\"issuer\":\"https://idp.test\",\"subject\":\""
                            + subject
                            + "\",\"name\":\"a\","
                            + "\"email\":\"a@example.test\",\"roles\":[],\"subject\":\"other\"}"
                }) {
            given().header("Authorization", "Bearer " + fixture.internalToken())
                    .contentType("application/json")
                    .body(body)
                    .post("/internal/v1/users")
                    .then()
                    .statusCode(400)
                    .contentType("application/problem+json")
                    .body("status", equalTo(400))
                    .body(
                            "detail",
                            equalTo("the request body is not valid JSON for this endpoint"));
        }
        assertThat(fixture.rowsContaining(subject)).isZero();
    }

    @Test
    void oauthEndpointsWhenTheFrameworkRefusesThenRfc6749JsonNotProblem() {
        given().put("/oauth2/token")
                .then()
                .statusCode(405)
                .contentType("application/json")
                .body("error", equalTo("invalid_request"));
        given().header("Accept", "image/png")
                .get("/oauth2/jwks")
                .then()
                .statusCode(406)
                .contentType("application/json")
                .body("error", equalTo("invalid_request"));
        given().get("/oauth2/no-such-endpoint")
                .then()
                .statusCode(404)
                .contentType("application/json")
                .body("error", equalTo("invalid_request"));
        given().get("/internal/v1/no-such-api")
                .then()
                .statusCode(404)
                .contentType("application/problem+json")
                .body("status", equalTo(404));
    }

    @Test
    void registrationWhenTheBodyIsNotTheJsonExpectedThenInvalidClientMetadata() {
        for (String body :
                new String[] {"{\"client_name\":", "[]", "{\"client_name\":\"a\u0000\"}"}) {
            given().header("Authorization", "Bearer " + Fixture.INITIAL_ACCESS_TOKEN)
                    .contentType("application/json")
                    .body(body)
                    .post("/oauth2/register")
                    .then()
                    .statusCode(400)
                    .contentType("application/json")
                    .body("error", equalTo("invalid_client_metadata"));
        }
        given().header("Authorization", "Bearer " + Fixture.INITIAL_ACCESS_TOKEN)
                .contentType("text/plain")
                .body("x")
                .post("/oauth2/register")
                .then()
                .statusCode(415)
                .body("error", equalTo("invalid_request"));
    }

    @Test
    void introspectionWhenTheTokenIsSpelledOtherwiseThanIssuedThenInactive() {
        Fixture.RegisteredApp app = fixture.registerApp("work_items.read");
        UUID user = fixture.signIn("canonical-" + UUID.randomUUID());
        String token =
                fixture.accessToken(
                        app, fixture.consent(user, app.clientId(), "work_items.read", null));
        String signature = token.substring(token.lastIndexOf('.') + 1);
        assertThat(signature.length() % 4).as("an RS256 signature leaves unused bits").isNotZero();

        introspect(app, token).body("active", equalTo(true));
        introspect(app, token + "=".repeat(4 - signature.length() % 4))
                .body("active", equalTo(false));
        introspect(app, token.replace('-', '+').replace('_', '/'))
                .body("active", equalTo(token.indexOf('-') < 0 && token.indexOf('_') < 0));
        given().header("Authorization", "Bearer " + token + ".")
                .get("/oauth2/userinfo")
                .then()
                .statusCode(401)
                .header("WWW-Authenticate", startsWith("Bearer"));
    }

    @Test
    void requestWhenNoHostHeaderThen400InTheEndpointsShape() throws Exception {
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(5_000);
            socket.getOutputStream()
                    .write("GET /oauth2/jwks HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            String answer =
                    new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(answer).startsWith("HTTP/1.0 400").contains("\"error\":\"invalid_request\"");
        }
    }

    private io.restassured.response.ValidatableResponse introspect(
            Fixture.RegisteredApp app, String token) {
        return given().auth()
                .preemptive()
                .basic(app.clientId(), app.secret())
                .contentType("application/x-www-form-urlencoded")
                .formParam("token", token)
                .post("/oauth2/introspect")
                .then()
                .statusCode(200);
    }
}
