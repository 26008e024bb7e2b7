package dev.grantwire.grant;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import com.nimbusds.jwt.SignedJWT;
import dev.grantwire.grant.support.Fixture;
import dev.grantwire.testsupport.quarkus.KafkaAndPostgresResource;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The reads revocation-service makes for {@code /oauth2/revoke} and its user and admin APIs: token
 * resolutions (client authentication as at the token endpoint, then what the token is) and grant
 * owners, against real tokens of the real app.
 */
@QuarkusTest
@QuarkusTestResource(
        value = KafkaAndPostgresResource.class,
        initArgs = @ResourceArg(name = "database", value = "grant_service"))
class TokenResolutionTest {

    private static final String SCOPE = "work_items.read offline_access";
    private static final String RESOLUTIONS = "/internal/v1/token-resolutions";
    private static final String REVOCATION_CLIENT = "revocation-service";
    private static final String REVOCATION_SECRET =
            "local-stack-revocation-service-client-secret-01";

    @Inject AgroalDataSource database;

    @TestHTTPResource("/")
    URL base;

    Fixture fixture;

    @BeforeEach
    void setUp() throws Exception {
        fixture = new Fixture(base.toURI(), database);
    }

    /** An app, a user's grant and the tokens the code exchange gave. */
    private record Issued(
            Fixture.RegisteredApp app, UUID user, UUID grantId, String access, String refresh) {}

    @Test
    void resolveWhenAccessTokenOfTheCallerThenAccessWithItsJtiGrantAndUser() throws Exception {
        Issued issued = issue();

        JsonPath answer =
                resolve(basic(issued.app()), null, null, issued.access(), "access_token")
                        .then()
                        .statusCode(200)
                        .header("Cache-Control", equalTo("no-store"))
                        .extract()
                        .jsonPath();

        SignedJWT jwt = SignedJWT.parse(issued.access());
        assertThat(answer.getBoolean("clientAuthenticated")).isTrue();
        assertThat(answer.getString("clientId")).isEqualTo(issued.app().clientId());
        assertThat(answer.getString("tokenType")).isEqualTo("access");
        assertThat(answer.getString("tokenClientId")).isEqualTo(issued.app().clientId());
        assertThat(answer.getString("jti")).isEqualTo(jwt.getJWTClaimsSet().getJWTID());
        assertThat(answer.getString("grantId")).isEqualTo(issued.grantId().toString());
        assertThat(answer.getString("userId")).isEqualTo(issued.user().toString());
        assertThat(answer.getLong("expiresAt"))
                .isEqualTo(jwt.getJWTClaimsSet().getExpirationTime().getTime());
    }

    @Test
    void resolveWhenRefreshTokenWithAWrongHintThenRefreshWithItsGrant() {
        Issued issued = issue();

        JsonPath answer =
                resolve(basic(issued.app()), null, null, issued.refresh(), "access_token")
                        .then()
                        .statusCode(200)
                        .extract()
                        .jsonPath();

        assertThat(answer.getString("tokenType")).isEqualTo("refresh");
        assertThat(answer.getString("tokenClientId")).isEqualTo(issued.app().clientId());
        assertThat(answer.getString("grantId")).isEqualTo(issued.grantId().toString());
        assertThat(answer.getString("userId")).isEqualTo(issued.user().toString());
        assertThat(answer.getString("jti")).isNull();
        assertThat(answer.getLong("expiresAt")).isGreaterThan(System.currentTimeMillis());
        // A read: the grant and its refresh token are untouched.
        assertThat(grantStatus(issued.grantId())).isEqualTo("active");
        assertThat(refreshTokens(issued.grantId())).isEqualTo(1);
    }

    @Test
    void resolveWhenAnotherAppsTokenThenItsOwnerIsNamed() {
        Issued issued = issue();
        Fixture.RegisteredApp other = fixture.registerApp(SCOPE);

        JsonPath answer =
                resolve(basic(other), null, null, issued.refresh(), "refresh_token")
                        .then()
                        .statusCode(200)
                        .extract()
                        .jsonPath();

        assertThat(answer.getBoolean("clientAuthenticated")).isTrue();
        assertThat(answer.getString("clientId")).isEqualTo(other.clientId());
        assertThat(answer.getString("tokenClientId")).isEqualTo(issued.app().clientId());
    }

    @Test
    void resolveWhenTokenUnknownOrRotatedThenUnknown() {
        Issued issued = issue();
        String rotated = issued.refresh();
        given().auth()
                .preemptive()
                .basic(issued.app().clientId(), issued.app().secret())
                .contentType("application/x-www-form-urlencoded")
                .formParam("grant_type", "refresh_token")
                .formParam("refresh_token", rotated)
                .post("/oauth2/token")
                .then()
                .statusCode(200);

        for (String token : new String[] {rotated, "no-such-token", "a.b.c"}) {
            resolve(basic(issued.app()), null, null, token, null)
                    .then()
                    .statusCode(200)
                    .body("clientAuthenticated", equalTo(true))
                    .body("tokenType", equalTo("unknown"));
        }
    }

    @Test
    void resolveWhenClientCredentialsWrongThenRefusedAsAtTheTokenEndpointAndTokenNotDescribed() {
        Issued issued = issue();

        JsonPath wrongSecret =
                resolve(
                                "Basic "
                                        + Base64.getEncoder()
                                                .encodeToString(
                                                        (issued.app().clientId() + ":wrong")
                                                                .getBytes(StandardCharsets.UTF_8)),
                                null,
                                null,
                                issued.access(),
                                null)
                        .then()
                        .statusCode(200)
                        .extract()
                        .jsonPath();
        assertThat(wrongSecret.getBoolean("clientAuthenticated")).isFalse();
        assertThat(wrongSecret.getString("error")).isEqualTo("invalid_client");
        assertThat(wrongSecret.getBoolean("basicChallenge")).isTrue();
        assertThat(wrongSecret.getString("tokenType")).isNull();
        assertThat(wrongSecret.getString("tokenClientId")).isNull();
        assertThat(wrongSecret.getString("jti")).isNull();

        // The app registered client_secret_basic: the right secret as form parameters fails too.
        JsonPath wrongMethod =
                resolve(null, issued.app().clientId(), issued.app().secret(), issued.access(), null)
                        .then()
                        .statusCode(200)
                        .extract()
                        .jsonPath();
        assertThat(wrongMethod.getBoolean("clientAuthenticated")).isFalse();
        assertThat(wrongMethod.getString("error")).isEqualTo("invalid_client");
        assertThat(wrongMethod.getBoolean("basicChallenge")).isFalse();

        JsonPath none =
                resolve(null, null, null, issued.access(), null)
                        .then()
                        .statusCode(200)
                        .extract()
                        .jsonPath();
        assertThat(none.getBoolean("clientAuthenticated")).isFalse();
        assertThat(none.getString("error")).isEqualTo("invalid_client");
    }

    @Test
    void resolveWhenClientSecretPostAppThenAuthenticated() {
        Map<String, Object> metadata = new HashMap<>();
        metadata.put("client_name", "Post app " + UUID.randomUUID());
        metadata.put("redirect_uris", java.util.List.of(Fixture.REDIRECT_URI));
        metadata.put("grant_types", java.util.List.of("authorization_code", "refresh_token"));
        metadata.put("token_endpoint_auth_method", "client_secret_post");
        metadata.put("scope", SCOPE);
        Fixture.RegisteredApp app = fixture.registerApp(metadata);

        resolve(null, app.clientId(), app.secret(), "no-such-token", "refresh_token")
                .then()
                .statusCode(200)
                .body("clientAuthenticated", equalTo(true))
                .body("clientId", equalTo(app.clientId()))
                .body("tokenType", equalTo("unknown"));
    }

    @Test
    void resolveWhenCallerIsNotRevocationServiceThenForbiddenOrUnauthorized() {
        Issued issued = issue();
        Map<String, Object> body = body(basic(issued.app()), null, null, issued.refresh(), null);

        given().auth()
                .oauth2(fixture.internalToken())
                .contentType("application/json")
                .body(body)
                .post(RESOLUTIONS)
                .then()
                .statusCode(403)
                .contentType("application/problem+json");
        given().contentType("application/json")
                .body(body)
                .post(RESOLUTIONS)
                .then()
                .statusCode(401)
                .contentType("application/problem+json");
        given().auth()
                .oauth2(issued.access())
                .contentType("application/json")
                .body(body)
                .post(RESOLUTIONS)
                .then()
                .statusCode(403);
        assertThat(refreshTokens(issued.grantId())).isEqualTo(1);
    }

    @Test
    void resolveWhenBodyMissingOrMalformedThen400Problem() {
        given().auth()
                .oauth2(revocationServiceToken())
                .contentType("application/json")
                .body("{not json")
                .post(RESOLUTIONS)
                .then()
                .statusCode(400)
                .contentType("application/problem+json");
    }

    @Test
    void grantOwnerWhenKnownThenUserAppAndStatusElse404() {
        Issued issued = issue();
        String token = revocationServiceToken();

        given().auth()
                .oauth2(token)
                .get("/internal/v1/grants/" + issued.grantId())
                .then()
                .statusCode(200)
                .body("grantId", equalTo(issued.grantId().toString()))
                .body("userId", equalTo(issued.user().toString()))
                .body("clientId", equalTo(issued.app().clientId()))
                .body("status", equalTo("active"));
        given().auth()
                .oauth2(token)
                .get("/internal/v1/grants/" + UUID.randomUUID())
                .then()
                .statusCode(404)
                .contentType("application/problem+json");
        given().auth()
                .oauth2(token)
                .get("/internal/v1/grants/not-a-uuid")
                .then()
                .statusCode(404)
                .contentType("application/problem+json");
        given().get("/internal/v1/grants/" + issued.grantId()).then().statusCode(401);
    }

    private Issued issue() {
        Fixture.RegisteredApp app = fixture.registerApp(SCOPE);
        UUID user = fixture.signIn("resolve-" + UUID.randomUUID());
        Fixture.Code code = fixture.consent(user, app.clientId(), SCOPE, null);
        Response tokens =
                given().auth()
                        .preemptive()
                        .basic(app.clientId(), app.secret())
                        .contentType("application/x-www-form-urlencoded")
                        .formParam("grant_type", "authorization_code")
                        .formParam("code", code.code())
                        .formParam("redirect_uri", Fixture.REDIRECT_URI)
                        .formParam("code_verifier", code.verifier().getValue())
                        .post("/oauth2/token");
        tokens.then().statusCode(200);
        return new Issued(
                app,
                user,
                code.grantId(),
                tokens.jsonPath().getString("access_token"),
                tokens.jsonPath().getString("refresh_token"));
    }

    private static String basic(Fixture.RegisteredApp app) {
        return "Basic "
                + Base64.getEncoder()
                        .encodeToString(
                                (app.clientId() + ":" + app.secret())
                                        .getBytes(StandardCharsets.UTF_8));
    }

    private static Map<String, Object> body(
            String authorization, String clientId, String secret, String token, String hint) {
        Map<String, Object> body = new HashMap<>();
        body.put("authorization", authorization);
        body.put("clientId", clientId);
        body.put("clientSecret", secret);
        body.put("token", token);
        body.put("tokenTypeHint", hint);
        return body;
    }

    private Response resolve(
            String authorization, String clientId, String secret, String token, String hint) {
        return given().auth()
                .oauth2(revocationServiceToken())
                .contentType("application/json")
                .body(body(authorization, clientId, secret, token, hint))
                .post(RESOLUTIONS);
    }

    private String revocationServiceToken() {
        return given().auth()
                .preemptive()
                .basic(REVOCATION_CLIENT, REVOCATION_SECRET)
                .contentType("application/x-www-form-urlencoded")
                .formParam("grant_type", "client_credentials")
                .formParam("scope", "grants.internal")
                .post("/oauth2/token")
                .then()
                .statusCode(200)
                .extract()
                .path("access_token");
    }

    private String grantStatus(UUID grantId) {
        return fixture.text("SELECT status FROM authorization_grant WHERE grant_id = ?", grantId);
    }

    private long refreshTokens(UUID grantId) {
        return fixture.count("SELECT count(*) FROM refresh_token WHERE grant_id = ?", grantId);
    }
}
