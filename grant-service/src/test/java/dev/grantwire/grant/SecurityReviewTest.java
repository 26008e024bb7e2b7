package dev.grantwire.grant;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

import dev.grantwire.events.RevocationEvent;
import dev.grantwire.grant.support.Fixture;
import dev.grantwire.grant.token.TokenMinter;
import dev.grantwire.testsupport.feed.FeedProbe;
import dev.grantwire.testsupport.quarkus.KafkaAndPostgresResource;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.net.URL;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The fixes of the security review: each test fails without its fix. */
@QuarkusTest
@QuarkusTestResource(
        value = KafkaAndPostgresResource.class,
        initArgs = @ResourceArg(name = "database", value = "grant_service"))
class SecurityReviewTest {

    private static final String ACTING = "Grantwire-Acting-User";
    private static final String OPENID = "openid profile.read";
    private static final String LEGACY_SCOPE = "work_items.read offline_access";
    private static final String REVOCATION_CLIENT = "revocation-service";
    private static final String REVOCATION_SECRET =
            "local-stack-revocation-service-client-secret-01";

    @Inject AgroalDataSource database;
    @Inject TokenMinter minter;

    @TestHTTPResource("/")
    URL base;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    Fixture fixture;
    String serviceToken;
    UUID adminUser;

    @BeforeEach
    void setUp() throws Exception {
        fixture = new Fixture(base.toURI(), database);
        serviceToken = fixture.internalToken();
        adminUser = fixture.signInFirstAdmin();
    }

    // M4: website and logo are absolute https URIs.

    @Test
    void adminUpdateWhenWebsiteOrLogoNotHttpsThenBadRequestAndUnchanged() {
        Fixture.RegisteredApp app = fixture.registerApp("work_items.read");
        String before = appRow(app.clientId());
        for (Map.Entry<String, String> bad :
                List.of(
                        Map.entry("website", "http://app.example/"),
                        Map.entry("logoUri", "javascript:alert(1)"),
                        Map.entry("logoUri", "https://user@app.example/logo.png"))) {
            Map<String, Object> details = new java.util.HashMap<>();
            details.put("name", "Renamed");
            details.put("redirectUris", List.of(Fixture.REDIRECT_URI));
            details.put(bad.getKey(), bad.getValue());
            as(adminUser)
                    .contentType("application/json")
                    .body(details)
                    .put("/internal/v1/admin/apps/" + app.clientId())
                    .then()
                    .statusCode(400)
                    .body("detail", containsString("invalid_client_metadata"))
                    .body("detail", containsString(bad.getKey()));
            assertThat(appRow(app.clientId())).isEqualTo(before);
        }
    }

    // L1: null list elements and unbounded durations are clean 400s.

    @Test
    void policyWhenRefreshLifetimeAboveTenYearsThenBadRequestAndUnchanged() {
        String before = policyRow();
        for (String field :
                List.of("refreshTokenLifetimeSeconds", "legacyRefreshLifetimeSeconds")) {
            Map<String, Object> body = new java.util.HashMap<>();
            body.put("thirdPartyAccess", true);
            body.put("legacyAppsAllowed", true);
            body.put("accessTokenLifetimeSeconds", 900);
            body.put("refreshTokenLifetimeSeconds", 2592000);
            body.put("legacyRefreshLifetimeSeconds", 31536000);
            body.put(field, 3651L * 24 * 3600);
            as(adminUser)
                    .contentType("application/json")
                    .body(body)
                    .put("/internal/v1/admin/policy")
                    .then()
                    .statusCode(400)
                    .body("detail", containsString("10 years"));
            body.put(field, Long.MAX_VALUE / 2);
            as(adminUser)
                    .contentType("application/json")
                    .body(body)
                    .put("/internal/v1/admin/policy")
                    .then()
                    .statusCode(400)
                    .body("detail", containsString("10 years"));
            assertThat(policyRow()).isEqualTo(before);
        }
    }

    @Test
    void rotateWhenOverlapAboveThirtyDaysThenBadRequestAndSecretsUnchanged() {
        Fixture.RegisteredApp app = fixture.registerApp("work_items.read");
        String secretsBefore = secretRows(app.clientId());
        for (long overlap : new long[] {30L * 24 * 3600 + 1, Long.MAX_VALUE}) {
            as(adminUser)
                    .queryParam("overlapSeconds", overlap)
                    .post("/internal/v1/admin/apps/" + app.clientId() + "/secret/rotate")
                    .then()
                    .statusCode(400)
                    .body("detail", containsString("30 days"));
            assertThat(secretRows(app.clientId())).isEqualTo(secretsBefore);
        }
        as(adminUser)
                .queryParam("overlapSeconds", 30L * 24 * 3600)
                .post("/internal/v1/admin/apps/" + app.clientId() + "/secret/rotate")
                .then()
                .statusCode(200);
    }

    // Helpers.

    private io.restassured.response.Response clientCredentialsBasic(
            String clientId, String secret) {
        return given().auth()
                .preemptive()
                .basic(clientId, secret)
                .contentType("application/x-www-form-urlencoded")
                .formParam("grant_type", "client_credentials")
                .post("/oauth2/token");
    }

    private String appRow(String clientId) {
        return fixture.text("SELECT row_to_json(a)::text FROM app a WHERE client_id = ?", clientId);
    }

    private String policyRow() {
        return fixture.text("SELECT row_to_json(p)::text FROM org_policy p");
    }

    private String secretRows(String clientId) {
        return fixture.text(
                "SELECT count(*) || '/' || coalesce(max(retire_after)::text, '-')"
                        + " FROM client_secret WHERE client_id = ?",
                clientId);
    }

    private Fixture.RegisteredApp registerLegacy() {
        return fixture.registerApp(
                Map.of(
                        "client_name",
                        "Legacy app " + UUID.randomUUID(),
                        "redirect_uris",
                        List.of(Fixture.REDIRECT_URI),
                        "grant_types",
                        List.of("authorization_code", "refresh_token"),
                        "scope",
                        LEGACY_SCOPE,
                        "grantwire_app_type",
                        "legacy"));
    }

    private ValidatableResponse putPolicy(boolean legacyAppsAllowed) {
        Map<String, Object> body = new java.util.HashMap<>();
        body.put("thirdPartyAccess", true);
        body.put("legacyAppsAllowed", legacyAppsAllowed);
        body.put("accessTokenLifetimeSeconds", 900);
        body.put("refreshTokenLifetimeSeconds", 2592000);
        body.put("legacyRefreshLifetimeSeconds", 31536000);
        return as(adminUser)
                .contentType("application/json")
                .body(body)
                .put("/internal/v1/admin/policy")
                .then();
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

    private ValidatableResponse exchange(Fixture.RegisteredApp app, Fixture.Code code) {
        return given().auth()
                .preemptive()
                .basic(app.clientId(), app.secret())
                .contentType("application/x-www-form-urlencoded")
                .formParam("grant_type", "authorization_code")
                .formParam("code", code.code())
                .formParam("redirect_uri", Fixture.REDIRECT_URI)
                .formParam("code_verifier", code.verifier().getValue())
                .post("/oauth2/token")
                .then();
    }

    private String accessToken(Fixture.RegisteredApp app, Fixture.Code code) {
        return exchange(app, code).statusCode(200).extract().path("access_token");
    }

    private ValidatableResponse userInfo(String token) {
        return given().auth().oauth2(token).get("/oauth2/userinfo").then();
    }

    private ValidatableResponse introspect(String clientId, String secret, String token) {
        return given().auth()
                .preemptive()
                .basic(clientId, secret)
                .contentType("application/x-www-form-urlencoded")
                .formParam("token", token)
                .post("/oauth2/introspect")
                .then();
    }

    private RequestSpecification as(UUID user) {
        return given().auth().oauth2(serviceToken).header(ACTING, user.toString());
    }

    private void publish(RevocationEvent event) {
        try (FeedProbe feed = new FeedProbe(bootstrapServers)) {
            feed.publish(event);
        }
    }
}
