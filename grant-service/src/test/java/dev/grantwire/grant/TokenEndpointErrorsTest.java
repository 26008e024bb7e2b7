package dev.grantwire.grant;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import dev.grantwire.grant.support.Fixture;
import dev.grantwire.testsupport.quarkus.KafkaAndPostgresResource;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.net.URL;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every refusal of the token endpoint: the exact RFC 6749 section 5.2 error, and nothing issued or
 * stored (no refresh token row, the code still unused, the grant still active).
 */
@QuarkusTest
@QuarkusTestResource(
        value = KafkaAndPostgresResource.class,
        initArgs = @ResourceArg(name = "database", value = "grant_service"))
class TokenEndpointErrorsTest {

    private static final String SCOPE = "work_items.read offline_access";

    @Inject AgroalDataSource database;

    @TestHTTPResource("/")
    URL base;

    Fixture fixture;
    Fixture.RegisteredApp app;
    UUID user;

    @BeforeEach
    void setUp() throws Exception {
        fixture = new Fixture(base.toURI(), database);
        app = fixture.registerApp(SCOPE);
        user = fixture.signIn("errors-" + UUID.randomUUID());
    }

    @Test
    void codeWhenRedirectUriDiffersThenInvalidGrantAndCodeStillUnused() {
        Fixture.Code code = fixture.consent(user, app.clientId(), SCOPE, null);
        exchange(app, code.code(), "https://app.example/other", code.verifier().getValue())
                .statusCode(400)
                .body("error", equalTo("invalid_grant"));
        assertNothingIssued(code);
    }

    @Test
    void codeWhenVerifierMissingThenInvalidRequestAndNothingStored() {
        Fixture.Code code = fixture.consent(user, app.clientId(), SCOPE, null);
        exchange(app, code.code(), Fixture.REDIRECT_URI, null)
                .statusCode(400)
                .body("error", equalTo("invalid_request"));
        assertNothingIssued(code);
    }

    @Test
    void codeWhenVerifierWrongThenInvalidGrantAndNothingStored() {
        Fixture.Code code = fixture.consent(user, app.clientId(), SCOPE, null);
        exchange(app, code.code(), Fixture.REDIRECT_URI, new CodeVerifier().getValue())
                .statusCode(400)
                .body("error", equalTo("invalid_grant"));
        assertNothingIssued(code);
    }

    @Test
    void consentWhenPkceMethodPlainThenRefusedAndNoCodeStored() {
        long codes = fixture.count("SELECT count(*) FROM authorization_code");
        fixture.consentRequest(user, app.clientId(), SCOPE, null, new CodeVerifier(), "plain")
                .then()
                .statusCode(400)
                .contentType("application/problem+json");
        assertThat(fixture.count("SELECT count(*) FROM authorization_code")).isEqualTo(codes);
    }

    @Test
    void codeWhenExpiredThenInvalidGrantAndGrantStaysActive() {
        Fixture.Code code = fixture.consent(user, app.clientId(), SCOPE, null);
        fixture.count(
                "WITH u AS (UPDATE authorization_code SET expires_at = now() - interval '1 second'"
                        + " WHERE grant_id = ? RETURNING 1) SELECT count(*) FROM u",
                code.grantId());
        exchange(app, code.code(), Fixture.REDIRECT_URI, code.verifier().getValue())
                .statusCode(400)
                .body("error", equalTo("invalid_grant"));
        assertNothingIssued(code);
    }

    @Test
    void codeWhenPresentedByAnotherAppThenInvalidGrantAndOwnerCanStillRedeem() {
        Fixture.Code code = fixture.consent(user, app.clientId(), SCOPE, null);
        Fixture.RegisteredApp other = fixture.registerApp(SCOPE);
        exchange(other, code.code(), Fixture.REDIRECT_URI, code.verifier().getValue())
                .statusCode(400)
                .body("error", equalTo("invalid_grant"));
        assertNothingIssued(code);
        exchange(app, code.code(), Fixture.REDIRECT_URI, code.verifier().getValue())
                .statusCode(200);
    }

    @Test
    void consentWhenScopeUnknownDisallowedOrInternalThenRefusedAndNoGrant() {
        for (String scope : List.of("nope.read", "code.write", "grants.internal")) {
            fixture.consentRequest(user, app.clientId(), scope, null, new CodeVerifier(), "S256")
                    .then()
                    .statusCode(400);
        }
        assertThat(
                        fixture.count(
                                "SELECT count(*) FROM authorization_grant WHERE user_id = ?", user))
                .isZero();
    }

    @Test
    void clientCredentialsWhenUserOrInternalScopeThenInvalidScope() {
        Fixture.RegisteredApp service =
                fixture.registerApp(
                        Map.of(
                                "client_name", "Daemon",
                                "grant_types", List.of("client_credentials"),
                                "scope", "work_items.read"));
        for (String scope : List.of("work_items.read", "grants.internal")) {
            given().auth()
                    .preemptive()
                    .basic(service.clientId(), service.secret())
                    .contentType("application/x-www-form-urlencoded")
                    .formParam("grant_type", "client_credentials")
                    .formParam("scope", scope)
                    .post("/oauth2/token")
                    .then()
                    .statusCode(400)
                    .header("Cache-Control", "no-store")
                    .body("error", equalTo("invalid_scope"));
        }
    }

    @Test
    void clientCredentialsWhenAppNotRegisteredForItThenUnauthorizedClient() {
        given().auth()
                .preemptive()
                .basic(app.clientId(), app.secret())
                .contentType("application/x-www-form-urlencoded")
                .formParam("grant_type", "client_credentials")
                .post("/oauth2/token")
                .then()
                .statusCode(400)
                .body("error", equalTo("unauthorized_client"));
    }

    @Test
    void refreshWhenScopeWidenedThenInvalidScopeAndNoRotation() {
        Fixture.Code code = fixture.consent(user, app.clientId(), SCOPE, null);
        String refresh =
                exchange(app, code.code(), Fixture.REDIRECT_URI, code.verifier().getValue())
                        .statusCode(200)
                        .extract()
                        .path("refresh_token");
        given().auth()
                .preemptive()
                .basic(app.clientId(), app.secret())
                .contentType("application/x-www-form-urlencoded")
                .formParam("grant_type", "refresh_token")
                .formParam("refresh_token", refresh)
                .formParam("scope", "work_items.read work_items.write")
                .post("/oauth2/token")
                .then()
                .statusCode(400)
                .body("error", equalTo("invalid_scope"));
        assertThat(
                        fixture.count(
                                "SELECT count(*) FROM refresh_token WHERE grant_id = ?"
                                        + " AND rotated_at IS NULL",
                                code.grantId()))
                .isEqualTo(1);
        assertThat(
                        fixture.count(
                                "SELECT count(*) FROM refresh_token WHERE grant_id = ?",
                                code.grantId()))
                .isEqualTo(1);
    }

    @Test
    void refreshWhenNarrowedThenAccessTokenHasFewerScopes() {
        Fixture.Code code = fixture.consent(user, app.clientId(), SCOPE, null);
        String refresh =
                exchange(app, code.code(), Fixture.REDIRECT_URI, code.verifier().getValue())
                        .extract()
                        .path("refresh_token");
        given().auth()
                .preemptive()
                .basic(app.clientId(), app.secret())
                .contentType("application/x-www-form-urlencoded")
                .formParam("grant_type", "refresh_token")
                .formParam("refresh_token", refresh)
                .formParam("scope", "work_items.read")
                .post("/oauth2/token")
                .then()
                .statusCode(200)
                .body("scope", equalTo("work_items.read"));
    }

    @Test
    void tokenWhenSecretWrongThenInvalidClientWithBasicChallenge() {
        Fixture.Code code = fixture.consent(user, app.clientId(), SCOPE, null);
        given().auth()
                .preemptive()
                .basic(app.clientId(), "wrong-secret")
                .contentType("application/x-www-form-urlencoded")
                .formParam("grant_type", "authorization_code")
                .formParam("code", code.code())
                .formParam("redirect_uri", Fixture.REDIRECT_URI)
                .formParam("code_verifier", code.verifier().getValue())
                .post("/oauth2/token")
                .then()
                .statusCode(401)
                .header("WWW-Authenticate", startsWith("Basic"))
                .body("error", equalTo("invalid_client"))
                .body("error_description", equalTo("client authentication failed"));
        assertNothingIssued(code);
    }

    @Test
    void tokenWhenSecretMissingThenInvalidClient() {
        Fixture.Code code = fixture.consent(user, app.clientId(), SCOPE, null);
        given().contentType("application/x-www-form-urlencoded")
                .formParam("grant_type", "authorization_code")
                .formParam("client_id", app.clientId())
                .formParam("code", code.code())
                .formParam("redirect_uri", Fixture.REDIRECT_URI)
                .formParam("code_verifier", code.verifier().getValue())
                .post("/oauth2/token")
                .then()
                .statusCode(401)
                .body("error", equalTo("invalid_client"))
                .body(
                        "error_description",
                        equalTo(
                                "this client is registered for token_endpoint_auth_method"
                                        + " client_secret_basic"));
        assertNothingIssued(code);
    }

    // Security review L3: one description for an unknown client and a wrong secret; outside
    // review 10: the wrong method names the registered one.
    @Test
    void tokenWhenUnknownClientOrWrongSecretThenSameInvalidClientAndWrongMethodNamesTheRight() {
        Fixture.RegisteredApp app = fixture.registerApp("work_items.read");
        // registered for client_secret_basic, presents client_secret_post
        given().contentType("application/x-www-form-urlencoded")
                .formParam("grant_type", "client_credentials")
                .formParam("client_id", app.clientId())
                .formParam("client_secret", app.secret())
                .post("/oauth2/token")
                .then()
                .statusCode(401)
                .body("error", equalTo("invalid_client"))
                .body(
                        "error_description",
                        equalTo(
                                "this client is registered for token_endpoint_auth_method"
                                        + " client_secret_basic"));
        List<io.restassured.response.Response> answers =
                List.of(
                        clientCredentialsBasic(UUID.randomUUID().toString(), "any-secret"),
                        clientCredentialsBasic(app.clientId(), "wrong-secret"),
                        given().contentType("application/x-www-form-urlencoded")
                                .formParam("grant_type", "client_credentials")
                                .formParam("client_id", UUID.randomUUID().toString())
                                .formParam("client_secret", "any-secret")
                                .post("/oauth2/token"));
        for (io.restassured.response.Response answer : answers) {
            answer.then()
                    .statusCode(401)
                    .body("error", equalTo("invalid_client"))
                    .body("error_description", equalTo("client authentication failed"));
        }
    }

    @Test
    void tokenWhenAppDisabledThenInvalidClientAndNothingIssued() {
        Fixture.Code code = fixture.consent(user, app.clientId(), SCOPE, null);
        fixture.count(
                "WITH u AS (UPDATE app SET status = 'disabled' WHERE client_id = ? RETURNING 1)"
                        + " SELECT count(*) FROM u",
                app.clientId());
        exchange(app, code.code(), Fixture.REDIRECT_URI, code.verifier().getValue())
                .statusCode(401)
                .body("error", equalTo("invalid_client"));
        assertNothingIssued(code);
    }

    // Security review M3: the token endpoint itself refuses legacy apps while the policy does
    // not allow them.
    @Test
    void tokenWhenLegacyAppsDisallowedThenCodeAndRefreshRefusedAndNothingIssued() {
        Fixture.RegisteredApp legacy = fixture.registerLegacyApp(SCOPE);
        UUID user = fixture.signIn("legacy-token-" + UUID.randomUUID());
        Fixture.Code first = fixture.consent(user, legacy.clientId(), SCOPE, null);
        String refresh =
                fixture.exchange(legacy, first).statusCode(200).extract().path("refresh_token");
        Fixture.Code second = fixture.consent(user, legacy.clientId(), SCOPE, null);
        long refreshTokens =
                fixture.count(
                        "SELECT count(*) FROM refresh_token WHERE grant_id = ?", first.grantId());
        // The policy row changed without the grants having been revoked yet (another replica's
        // policy change in flight): the token endpoint itself must hold the line.
        fixture.count(
                "WITH u AS (UPDATE org_policy SET legacy_apps_allowed = false RETURNING 1)"
                        + " SELECT count(*) FROM u");
        try {
            fixture.exchange(legacy, second)
                    .statusCode(400)
                    .body("error", equalTo("invalid_grant"));
            given().auth()
                    .preemptive()
                    .basic(legacy.clientId(), legacy.secret())
                    .contentType("application/x-www-form-urlencoded")
                    .formParam("grant_type", "refresh_token")
                    .formParam("refresh_token", refresh)
                    .post("/oauth2/token")
                    .then()
                    .statusCode(400)
                    .body("error", equalTo("invalid_grant"));
            assertThat(
                            fixture.count(
                                    "SELECT count(*) FROM refresh_token WHERE grant_id = ?",
                                    first.grantId()))
                    .isEqualTo(refreshTokens);
            assertThat(
                            fixture.count(
                                    "SELECT count(*) FROM refresh_token WHERE grant_id = ?"
                                            + " AND rotated_at IS NOT NULL",
                                    first.grantId()))
                    .isZero();
        } finally {
            fixture.count(
                    "WITH u AS (UPDATE org_policy SET legacy_apps_allowed = true RETURNING 1)"
                            + " SELECT count(*) FROM u");
        }
    }

    @Test
    void tokenWhenBodyMalformedThenInvalidRequestNeverServerError() {
        given().contentType("application/json")
                .body("{\"grant_type\":\"client_credentials\"}")
                .post("/oauth2/token")
                .then()
                .statusCode(400)
                .body("error", equalTo("invalid_request"));
        for (String body :
                List.of(
                        "grant_type=%ZZ",
                        "grant_type=refresh_token&grant_type=refresh_token", "", "&&&=")) {
            given().contentType("application/x-www-form-urlencoded")
                    .body(body)
                    .post("/oauth2/token")
                    .then()
                    .statusCode(400)
                    .body("error", equalTo("invalid_request"));
        }
        given().auth()
                .preemptive()
                .basic(app.clientId(), app.secret())
                .contentType("application/x-www-form-urlencoded")
                .formParam("grant_type", "password")
                .post("/oauth2/token")
                .then()
                .statusCode(400)
                .body("error", equalTo("unsupported_grant_type"));
        given().header("Authorization", "Basic !!!not-base64")
                .contentType("application/x-www-form-urlencoded")
                .formParam("grant_type", "client_credentials")
                .post("/oauth2/token")
                .then()
                .statusCode(401)
                .body("error", equalTo("invalid_client"));
    }

    private io.restassured.response.Response clientCredentialsBasic(
            String clientId, String secret) {
        return given().auth()
                .preemptive()
                .basic(clientId, secret)
                .contentType("application/x-www-form-urlencoded")
                .formParam("grant_type", "client_credentials")
                .post("/oauth2/token");
    }

    private ValidatableResponse exchange(
            Fixture.RegisteredApp client, String code, String redirectUri, String verifier) {
        var request =
                given().auth()
                        .preemptive()
                        .basic(client.clientId(), client.secret())
                        .contentType("application/x-www-form-urlencoded")
                        .formParam("grant_type", "authorization_code")
                        .formParam("code", code)
                        .formParam("redirect_uri", redirectUri);
        if (verifier != null) {
            request.formParam("code_verifier", verifier);
        }
        return request.post("/oauth2/token").then().header("Cache-Control", "no-store");
    }

    private void assertNothingIssued(Fixture.Code code) {
        assertThat(
                        fixture.count(
                                "SELECT count(*) FROM refresh_token WHERE grant_id = ?",
                                code.grantId()))
                .isZero();
        assertThat(
                        fixture.text(
                                "SELECT used::text FROM authorization_code WHERE grant_id = ?",
                                code.grantId()))
                .isEqualTo("false");
        assertThat(
                        fixture.text(
                                "SELECT status FROM authorization_grant WHERE grant_id = ?",
                                code.grantId()))
                .isEqualTo("active");
        assertThat(
                        fixture.count(
                                "SELECT count(*) FROM audit_event WHERE action = 'code.redeemed'"
                                        + " AND target = ?",
                                "grant:" + code.grantId()))
                .isZero();
    }
}
