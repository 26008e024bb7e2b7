package dev.grantwire.grant;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import dev.grantwire.grant.support.Fixture;
import dev.grantwire.testsupport.quarkus.KafkaAndPostgresResource;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.net.URL;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Admin actions: who may act, and what each change leaves in the database and the outbox. */
@QuarkusTest
@QuarkusTestResource(
        value = KafkaAndPostgresResource.class,
        initArgs = @ResourceArg(name = "database", value = "grant_service"))
class AdminApiTest {

    private static final String ACTING = "Grantwire-Acting-User";
    private static final String SCOPE = "work_items.read offline_access";

    @Inject AgroalDataSource database;

    @TestHTTPResource("/")
    URL base;

    Fixture fixture;
    String serviceToken;
    UUID adminUser;

    @BeforeEach
    void setUp() throws Exception {
        fixture = new Fixture(base.toURI(), database);
        serviceToken = fixture.internalToken();
        adminUser = fixture.signInFirstAdmin();
    }

    @Test
    void adminApiWhenAnonymousOrNotAdminThenRefused() {
        Fixture.RegisteredApp app = fixture.registerApp(SCOPE);
        given().post("/internal/v1/admin/apps/" + app.clientId() + "/disable")
                .then()
                .statusCode(401);
        given().auth()
                .oauth2(serviceToken)
                .post("/internal/v1/admin/apps/" + app.clientId() + "/disable")
                .then()
                .statusCode(403);
        UUID plain = fixture.signIn("not-admin-" + UUID.randomUUID());
        as(plain)
                .post("/internal/v1/admin/apps/" + app.clientId() + "/disable")
                .then()
                .statusCode(403);
        assertThat(status(app)).isEqualTo("enabled");
        assertThat(commands(app.clientId())).isZero();
    }

    @Test
    void disableWhenAdminThenTokensRevocationQueuedAndClientRefusedUntilEnabled() {
        Fixture.RegisteredApp app = fixture.registerApp(SCOPE);
        as(adminUser)
                .post("/internal/v1/admin/apps/" + app.clientId() + "/disable")
                .then()
                .statusCode(204);

        assertThat(status(app)).isEqualTo("disabled");
        assertThat(
                        fixture.count(
                                "SELECT count(*) FROM command_outbox WHERE kind = 'client'"
                                        + " AND subject = ? AND scope = 'tokens'",
                                app.clientId()))
                .isEqualTo(1);
        assertThat(
                        fixture.count(
                                "SELECT count(*) FROM audit_event WHERE action = 'app.disabled'"
                                        + " AND target = ? AND actor = ?",
                                "client:" + app.clientId(),
                                "admin:" + adminUser))
                .isEqualTo(1);
        introspectAs(app).statusCode(401).body("error", equalTo("invalid_client"));

        as(adminUser)
                .post("/internal/v1/admin/apps/" + app.clientId() + "/enable")
                .then()
                .statusCode(204);
        assertThat(status(app)).isEqualTo("enabled");
        introspectAs(app).statusCode(200);
    }

    @Test
    void regenerateWhenAdminThenOldSecretRefusedNewAcceptedAndTokensRevocationQueued() {
        Fixture.RegisteredApp app = fixture.registerApp(SCOPE);
        String secret =
                as(adminUser)
                        .post("/internal/v1/admin/apps/" + app.clientId() + "/secret/regenerate")
                        .then()
                        .statusCode(200)
                        .extract()
                        .path("client_secret");
        introspectAs(app).statusCode(401);
        introspectAs(new Fixture.RegisteredApp(app.clientId(), secret)).statusCode(200);
        assertThat(commands(app.clientId())).isEqualTo(1);
        assertThat(
                        fixture.count(
                                "SELECT count(*) FROM client_secret WHERE client_id = ?",
                                app.clientId()))
                .isEqualTo(1);
    }

    @Test
    void rotateWhenAdminThenBothSecretsWorkAndNothingRevoked() {
        Fixture.RegisteredApp app = fixture.registerApp(SCOPE);
        String secret =
                as(adminUser)
                        .post("/internal/v1/admin/apps/" + app.clientId() + "/secret/rotate")
                        .then()
                        .statusCode(200)
                        .extract()
                        .path("client_secret");
        introspectAs(app).statusCode(200);
        introspectAs(new Fixture.RegisteredApp(app.clientId(), secret)).statusCode(200);
        assertThat(commands(app.clientId())).isZero();
        as(adminUser)
                .post("/internal/v1/admin/apps/" + app.clientId() + "/secret/rotate")
                .then()
                .statusCode(409);
        assertThat(
                        fixture.count(
                                "SELECT count(*) FROM client_secret WHERE client_id = ?",
                                app.clientId()))
                .isEqualTo(2);
    }

    // Security review L1: unbounded durations are clean 400s.
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

    @Test
    void deleteWhenAdminThenAppGoneAndGrantsRevocationQueued() {
        Fixture.RegisteredApp app = fixture.registerApp(SCOPE);
        UUID user = fixture.signIn("deleted-app-" + UUID.randomUUID());
        fixture.consent(user, app.clientId(), SCOPE, null);
        as(adminUser).delete("/internal/v1/admin/apps/" + app.clientId()).then().statusCode(204);
        assertThat(fixture.count("SELECT count(*) FROM app WHERE client_id = ?", app.clientId()))
                .isZero();
        assertThat(
                        fixture.count(
                                "SELECT count(*) FROM command_outbox WHERE subject = ?"
                                        + " AND scope = 'grants'",
                                app.clientId()))
                .isEqualTo(1);
        introspectAs(app).statusCode(401);
    }

    @Test
    void policySwitchesWhenReadByAnyInternalClientThenAnsweredWithoutAdminAndAnonymousRefused() {
        given().get("/internal/v1/policy").then().statusCode(401);
        given().auth()
                .oauth2(fixture.internalToken())
                .get("/internal/v1/policy")
                .then()
                .statusCode(200)
                .body("thirdPartyAccess", equalTo(true))
                .body("legacyAppsAllowed", equalTo(true))
                .body("accessTokenLifetimeSeconds", org.hamcrest.Matchers.nullValue());
        given().auth()
                .oauth2(fixture.internalToken())
                .put("/internal/v1/policy")
                .then()
                .statusCode(405);
    }

    @Test
    void policyWhenLifetimeAboveCapThenBadRequestAndUnchanged() {
        String before = fixture.text("SELECT access_token_lifetime_seconds::text FROM org_policy");
        as(adminUser)
                .contentType("application/json")
                .body(policy(true, 5401))
                .put("/internal/v1/admin/policy")
                .then()
                .statusCode(400);
        assertThat(fixture.text("SELECT access_token_lifetime_seconds::text FROM org_policy"))
                .isEqualTo(before);
    }

    // Security review L1: unbounded durations are clean 400s.
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
    void policyWhenThirdPartyAccessSwitchedOffThenExistingGrantsDieAndNewTokensRefused() {
        Fixture.RegisteredApp app = fixture.registerApp(SCOPE);
        UUID user = fixture.signIn("policy-" + UUID.randomUUID());
        Fixture.Code code = fixture.consent(user, app.clientId(), SCOPE, null);
        try {
            as(adminUser)
                    .contentType("application/json")
                    .body(policy(false, 900))
                    .put("/internal/v1/admin/policy")
                    .then()
                    .statusCode(200)
                    .body("thirdPartyAccess", equalTo(false));
            assertThat(
                            fixture.text(
                                    "SELECT status FROM authorization_grant WHERE grant_id = ?",
                                    code.grantId()))
                    .isEqualTo("revoked");
            assertThat(commands(app.clientId())).isEqualTo(1);
            fixture.consentRequest(
                            user,
                            app.clientId(),
                            SCOPE,
                            null,
                            new com.nimbusds.oauth2.sdk.pkce.CodeVerifier(),
                            "S256")
                    .then()
                    .statusCode(400);
            // Grantwire's own services keep working.
            assertThat(fixture.internalToken()).isNotBlank();
            given().auth()
                    .oauth2(fixture.internalToken())
                    .get("/internal/v1/policy")
                    .then()
                    .statusCode(200)
                    .body("thirdPartyAccess", equalTo(false))
                    .body("legacyAppsAllowed", equalTo(true));
        } finally {
            as(adminUser)
                    .contentType("application/json")
                    .body(policy(true, 900))
                    .put("/internal/v1/admin/policy")
                    .then()
                    .statusCode(200);
        }
        assertThat(
                        fixture.count(
                                "SELECT count(*) FROM audit_event WHERE action = 'policy.updated'"))
                .isGreaterThanOrEqualTo(2);
    }

    @Test
    void grantsWhenAdminFiltersByAppThenEveryUsersGrantOfThatApp() {
        Fixture.RegisteredApp app = fixture.registerApp(SCOPE);
        String aliceSubject = "alice-" + UUID.randomUUID();
        UUID alice = fixture.signIn(aliceSubject);
        UUID bob = fixture.signIn("bob-" + UUID.randomUUID());
        fixture.consent(alice, app.clientId(), SCOPE, null);
        fixture.consent(bob, app.clientId(), SCOPE, null);
        as(adminUser)
                .queryParam("clientId", app.clientId())
                .get("/internal/v1/admin/grants")
                .then()
                .statusCode(200)
                .body("size()", equalTo(2))
                .body(
                        "userId",
                        org.hamcrest.Matchers.containsInAnyOrder(alice.toString(), bob.toString()));
        as(adminUser)
                .queryParam("clientId", app.clientId())
                .queryParam("userId", bob.toString())
                .get("/internal/v1/admin/grants")
                .then()
                .statusCode(200)
                .body("size()", equalTo(1))
                .body("[0].userId", equalTo(bob.toString()));
        // Each row says whose it is, as the provider named the user at the last sign-in.
        as(adminUser)
                .queryParam("userId", alice.toString())
                .get("/internal/v1/admin/grants")
                .then()
                .statusCode(200)
                .body("[0].userName", equalTo("User " + aliceSubject))
                .body("[0].userEmail", equalTo(aliceSubject + "@example.test"));
        as(bob).get("/internal/v1/admin/grants").then().statusCode(403);
    }

    @Test
    void updateWhenAdminThenDetailsStoredAndBadRedirectRefused() {
        Fixture.RegisteredApp app = fixture.registerApp(SCOPE);
        as(adminUser)
                .contentType("application/json")
                .body(
                        Map.of(
                                "name", "Renamed app",
                                "publisher", "New Corp",
                                "redirectUris", List.of("https://new.example/cb")))
                .put("/internal/v1/admin/apps/" + app.clientId())
                .then()
                .statusCode(200)
                .body("name", equalTo("Renamed app"));
        assertThat(fixture.text("SELECT publisher FROM app WHERE client_id = ?", app.clientId()))
                .isEqualTo("New Corp");
        as(adminUser)
                .contentType("application/json")
                .body(Map.of("name", "x", "redirectUris", List.of("http://evil.example/cb")))
                .put("/internal/v1/admin/apps/" + app.clientId())
                .then()
                .statusCode(400);
        assertThat(
                        fixture.text(
                                "SELECT array_to_string(redirect_uris, ' ') FROM app WHERE client_id = ?",
                                app.clientId()))
                .isEqualTo("https://new.example/cb");
    }

    // Outside review 6: the admin's edit has the registration's length limits.
    @Test
    void updateWhenFieldTooLongThenBadRequestAndUnchanged() {
        Fixture.RegisteredApp app = fixture.registerApp("work_items.read");
        String before = fixture.appRow(app.clientId());
        for (Map.Entry<String, Object> bad :
                List.<Map.Entry<String, Object>>of(
                        Map.entry("name", "n".repeat(101)),
                        Map.entry("publisher", "p".repeat(101)),
                        Map.entry("description", "d".repeat(1001)),
                        Map.entry("website", "https://app.example/" + "w".repeat(2000)),
                        Map.entry(
                                "redirectUris",
                                java.util.stream.IntStream.range(0, 11)
                                        .mapToObj(i -> "https://app.example/cb" + i)
                                        .toList()))) {
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
                    .body(
                            "detail",
                            containsString(
                                    bad.getKey().equals("redirectUris")
                                            ? "redirect_uris"
                                            : bad.getKey()));
            assertThat(fixture.appRow(app.clientId())).isEqualTo(before);
        }
    }

    // Security review M4: website and logo are absolute https URIs.
    @Test
    void updateWhenWebsiteOrLogoNotHttpsThenBadRequestAndUnchanged() {
        Fixture.RegisteredApp app = fixture.registerApp("work_items.read");
        String before = fixture.appRow(app.clientId());
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
            assertThat(fixture.appRow(app.clientId())).isEqualTo(before);
        }
    }

    @Test
    void registerWhenAdminThenAppStoredWithHashedSecretAndAuditedAndNonAdminRefused() {
        Map<String, Object> metadata =
                Map.of(
                        "client_name", "Admin-registered",
                        "redirect_uris", List.of(Fixture.REDIRECT_URI),
                        "scope", "code.read");
        long apps = fixture.count("SELECT count(*) FROM app");
        UUID plain = fixture.signIn("registrar-" + UUID.randomUUID());
        as(plain)
                .contentType("application/json")
                .body(metadata)
                .post("/internal/v1/admin/apps")
                .then()
                .statusCode(403);
        assertThat(fixture.count("SELECT count(*) FROM app")).isEqualTo(apps);

        var reply =
                as(adminUser)
                        .contentType("application/json")
                        .body(metadata)
                        .post("/internal/v1/admin/apps")
                        .then()
                        .statusCode(201)
                        .extract()
                        .jsonPath();
        String clientId = reply.getString("client_id");
        String secret = reply.getString("client_secret");
        assertThat(fixture.count("SELECT count(*) FROM app WHERE client_id = ?", clientId))
                .isEqualTo(1);
        assertThat(fixture.rowsContaining(secret)).isZero();
        assertThat(
                        fixture.count(
                                "SELECT count(*) FROM audit_event WHERE action = 'app.registered'"
                                        + " AND target = ? AND actor = ?",
                                "client:" + clientId,
                                "admin:" + adminUser))
                .isEqualTo(1);
        introspectAs(new Fixture.RegisteredApp(clientId, secret)).statusCode(200);
    }

    @Test
    void rotateKeyWhenAdminThenNewKeyPublishedAndAuditedAndOthersRefused() {
        UUID plain = fixture.signIn("not-admin-" + UUID.randomUUID());
        as(plain).post("/internal/v1/admin/keys/rotate").then().statusCode(403);
        long keysBefore = fixture.count("SELECT count(*) FROM signing_key");

        String kid =
                as(adminUser)
                        .post("/internal/v1/admin/keys/rotate")
                        .then()
                        .statusCode(200)
                        .extract()
                        .path("kid");

        assertThat(fixture.count("SELECT count(*) FROM signing_key")).isEqualTo(keysBefore + 1);
        // Every replica publishes it at its next key reload (1 s in tests), long before it signs.
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(
                        () ->
                                assertThat(
                                                given().get("/oauth2/jwks")
                                                        .then()
                                                        .extract()
                                                        .<List<String>>path("keys.kid"))
                                        .contains(kid));
        assertThat(
                        fixture.count(
                                "SELECT count(*) FROM audit_event WHERE action = 'key.rotated'"
                                        + " AND target = ?",
                                "key:" + kid))
                .isEqualTo(1);
    }

    private Map<String, Object> policy(boolean thirdParty, long accessSeconds) {
        return Map.of(
                "thirdPartyAccess",
                thirdParty,
                "legacyAppsAllowed",
                true,
                "accessTokenLifetimeSeconds",
                accessSeconds,
                "refreshTokenLifetimeSeconds",
                2592000,
                "legacyRefreshLifetimeSeconds",
                31536000);
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

    private RequestSpecification as(UUID user) {
        return given().auth().oauth2(serviceToken).header(ACTING, user.toString());
    }

    private io.restassured.response.ValidatableResponse introspectAs(Fixture.RegisteredApp app) {
        return given().auth()
                .preemptive()
                .basic(app.clientId(), app.secret())
                .contentType("application/x-www-form-urlencoded")
                .formParam("token", "unknown")
                .post("/oauth2/introspect")
                .then();
    }

    private String status(Fixture.RegisteredApp app) {
        return fixture.text("SELECT status FROM app WHERE client_id = ?", app.clientId());
    }

    private long commands(String clientId) {
        return fixture.count("SELECT count(*) FROM command_outbox WHERE subject = ?", clientId);
    }
}
