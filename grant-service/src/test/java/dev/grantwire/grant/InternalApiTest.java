package dev.grantwire.grant;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import dev.grantwire.grant.service.Bootstrap;
import dev.grantwire.grant.support.Fixture;
import dev.grantwire.grant.token.TokenMinter;
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
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The internal API consent-service and revocation-service use: who may call it (a service token for
 * grant-service, writes only for writers), users, admins, grants, and the clean 400s of bad bodies.
 */
@QuarkusTest
@QuarkusTestResource(
        value = KafkaAndPostgresResource.class,
        initArgs = @ResourceArg(name = "database", value = "grant_service"))
class InternalApiTest {

    private static final String ACTING = "Grantwire-Acting-User";
    private static final String LEGACY_SCOPE = "work_items.read offline_access";

    @Inject AgroalDataSource database;
    @Inject Bootstrap bootstrap;
    @Inject TokenMinter minter;

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
    void internalApiWhenAnonymousThenUnauthorized() {
        given().get("/internal/v1/users/" + UUID.randomUUID() + "/grants")
                .then()
                .statusCode(401)
                .header("WWW-Authenticate", org.hamcrest.Matchers.startsWith("Bearer"));
        given().auth()
                .oauth2("not-a-token")
                .get("/internal/v1/users/" + UUID.randomUUID() + "/grants")
                .then()
                .statusCode(401);
    }

    @Test
    void internalApiWhenTokenLacksGrantsInternalThenForbidden() {
        String revocationsOnly =
                given().auth()
                        .preemptive()
                        .basic(Fixture.CONSENT_CLIENT, Fixture.CONSENT_SECRET)
                        .contentType("application/x-www-form-urlencoded")
                        .formParam("grant_type", "client_credentials")
                        .formParam("scope", "revocations.internal")
                        .post("/oauth2/token")
                        .then()
                        .statusCode(200)
                        .body("scope", equalTo("revocations.internal"))
                        .extract()
                        .path("access_token");
        given().auth()
                .oauth2(revocationsOnly)
                .get("/internal/v1/users/" + UUID.randomUUID() + "/grants")
                .then()
                .statusCode(403);

        Fixture.RegisteredApp app = fixture.registerApp("work_items.read");
        UUID user = fixture.signIn("delegated-" + UUID.randomUUID());
        Fixture.Code code = fixture.consent(user, app.clientId(), "work_items.read", null);
        String delegated =
                fixture.exchange(app, code).statusCode(200).extract().path("access_token");
        given().auth()
                .oauth2(delegated)
                .get("/internal/v1/users/" + user + "/grants")
                .then()
                .statusCode(403);
    }

    // Security review M1: the internal API wants a service token for grant-service; only
    // writers write.
    @Test
    void internalApiWhenReadOnlyServiceWritesThenForbiddenAndNothingStoredButReadsAllowed() {
        String readOnly = revocationServiceToken();
        Fixture.RegisteredApp app = fixture.registerApp("work_items.read");
        UUID user = fixture.signIn("reader-" + UUID.randomUUID());
        String subject = "never-signed-in-" + UUID.randomUUID();

        given().auth()
                .oauth2(readOnly)
                .contentType("application/json")
                .body(
                        Map.of(
                                "issuer",
                                "https://idp.test/realms/grantwire",
                                "subject",
                                subject,
                                "roles",
                                List.of("admin")))
                .post("/internal/v1/users")
                .then()
                .statusCode(403);
        assertThat(fixture.count("SELECT count(*) FROM app_user WHERE subject = ?", subject))
                .isZero();

        Map<String, Object> consent = new java.util.HashMap<>();
        consent.put("userId", user.toString());
        consent.put("clientId", app.clientId());
        consent.put("scopes", List.of("work_items.read"));
        consent.put("redirectUri", Fixture.REDIRECT_URI);
        consent.put("codeChallenge", "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");
        consent.put("codeChallengeMethod", "S256");
        given().auth()
                .oauth2(readOnly)
                .contentType("application/json")
                .body(consent)
                .post("/internal/v1/grants")
                .then()
                .statusCode(403);
        assertThat(
                        fixture.count(
                                "SELECT count(*) FROM authorization_grant WHERE user_id = ?", user))
                .isZero();

        given().auth()
                .oauth2(readOnly)
                .header(ACTING, adminUser.toString())
                .post("/internal/v1/admin/apps/" + app.clientId() + "/disable")
                .then()
                .statusCode(403);
        assertThat(fixture.text("SELECT status FROM app WHERE client_id = ?", app.clientId()))
                .isEqualTo("enabled");

        given().auth()
                .oauth2(readOnly)
                .get("/internal/v1/users/" + user)
                .then()
                .statusCode(200)
                .body("userId", equalTo(user.toString()));
        given().auth()
                .oauth2(readOnly)
                .get("/internal/v1/apps/" + app.clientId())
                .then()
                .statusCode(200);
    }

    // Security review M1.
    @Test
    void internalApiWhenUsersDelegatedTokenThenRefusedEverywhere() {
        Fixture.RegisteredApp app = fixture.registerApp("work_items.read");
        UUID user = fixture.signIn("delegated-everywhere-" + UUID.randomUUID());
        String delegated =
                fixture.accessToken(
                        app, fixture.consent(user, app.clientId(), "work_items.read", null));
        String subject = "delegated-upsert-" + UUID.randomUUID();

        for (String path :
                List.of(
                        "/internal/v1/users/" + user,
                        "/internal/v1/users/" + user + "/admin",
                        "/internal/v1/users/" + user + "/grants",
                        "/internal/v1/apps/" + app.clientId(),
                        "/internal/v1/admin/apps",
                        "/internal/v1/admin/policy")) {
            given().auth()
                    .oauth2(delegated)
                    .header(ACTING, adminUser.toString())
                    .get(path)
                    .then()
                    .statusCode(403);
        }
        given().auth()
                .oauth2(delegated)
                .contentType("application/json")
                .body(
                        Map.of(
                                "issuer",
                                "https://idp.test/realms/grantwire",
                                "subject",
                                subject,
                                "roles",
                                List.of()))
                .post("/internal/v1/users")
                .then()
                .statusCode(403);
        assertThat(fixture.count("SELECT count(*) FROM app_user WHERE subject = ?", subject))
                .isZero();
    }

    // Security review: a token that carries grant_id is never a service token.
    @Test
    void internalApiWhenTokenCarriesGrantIdThenRefusedEvenWithGrantsInternal() {
        Fixture.RegisteredApp app = fixture.registerApp("work_items.read");
        UUID user = fixture.signIn("minted-delegated-" + UUID.randomUUID());
        Fixture.Code code = fixture.consent(user, app.clientId(), "work_items.read", null);
        // What a minting mistake could produce: a user's delegated token (grant_id) that
        // nevertheless carries grants.internal and grant-service's audience.
        String delegated =
                minter.accessToken(
                        user.toString(),
                        Fixture.CONSENT_CLIENT,
                        List.of("grants.internal"),
                        code.grantId(),
                        Duration.ofMinutes(5));
        String subject = "minted-upsert-" + UUID.randomUUID();
        given().auth().oauth2(delegated).get("/internal/v1/users/" + user).then().statusCode(403);
        given().auth()
                .oauth2(delegated)
                .contentType("application/json")
                .body(
                        Map.of(
                                "issuer",
                                "https://idp.test/realms/grantwire",
                                "subject",
                                subject,
                                "roles",
                                List.of()))
                .post("/internal/v1/users")
                .then()
                .statusCode(403);
        assertThat(fixture.count("SELECT count(*) FROM app_user WHERE subject = ?", subject))
                .isZero();
        // The same token without grant_id passes: only the grant_id made the difference.
        String service =
                minter.accessToken(
                        Fixture.CONSENT_CLIENT,
                        Fixture.CONSENT_CLIENT,
                        List.of("grants.internal"),
                        null,
                        Duration.ofMinutes(5));
        given().auth().oauth2(service).get("/internal/v1/users/" + user).then().statusCode(200);
    }

    @Test
    void signInWhenSameUpstreamIdentityAgainThenSameUserWithFreshProfile() {
        String subject = "upsert-" + UUID.randomUUID();
        UUID first = fixture.signIn(subject);
        String second =
                given().auth()
                        .oauth2(fixture.internalToken())
                        .contentType("application/json")
                        .body(
                                Map.of(
                                        "issuer", "https://idp.test/realms/grantwire",
                                        "subject", subject,
                                        "name", "Renamed",
                                        "email", "renamed@example.test",
                                        "roles", List.of("admin")))
                        .post("/internal/v1/users")
                        .then()
                        .statusCode(200)
                        .body("admin", equalTo(true))
                        .extract()
                        .path("userId");
        assertThat(second).isEqualTo(first.toString());
        assertThat(fixture.count("SELECT count(*) FROM app_user WHERE subject = ?", subject))
                .isEqualTo(1);
        assertThat(fixture.text("SELECT display_name FROM app_user WHERE user_id = ?", first))
                .isEqualTo("Renamed");
    }

    @Test
    void adminWhenFirstAdminFromConfigOrRoleThenTrueOtherwiseFalse() {
        String token = fixture.internalToken();
        UUID firstAdmin = fixture.signInFirstAdmin();
        given().auth()
                .oauth2(token)
                .get("/internal/v1/users/" + firstAdmin + "/admin")
                .then()
                .statusCode(200)
                .body("admin", equalTo(true));
        UUID plain = fixture.signIn("plain-" + UUID.randomUUID());
        given().auth()
                .oauth2(token)
                .get("/internal/v1/users/" + plain + "/admin")
                .then()
                .statusCode(200)
                .body("admin", equalTo(false));
        given().auth()
                .oauth2(token)
                .get("/internal/v1/users/" + UUID.randomUUID() + "/admin")
                .then()
                .statusCode(404);
    }

    @Test
    void grantsWhenListedThenReadyToShowAndAnotherUsersGrantIsNotFound() {
        Fixture.RegisteredApp app = fixture.registerApp("work_items.read code.read");
        UUID owner = fixture.signIn("owner-" + UUID.randomUUID());
        UUID stranger = fixture.signIn("stranger-" + UUID.randomUUID());
        Fixture.Code first = fixture.consent(owner, app.clientId(), "work_items.read", null);
        Fixture.Code widened = fixture.consent(owner, app.clientId(), "code.read", null);
        assertThat(widened.grantId()).isEqualTo(first.grantId());
        assertThat(
                        fixture.text(
                                "SELECT array_to_string(scopes, ' ') FROM authorization_grant"
                                        + " WHERE grant_id = ?",
                                first.grantId()))
                .isEqualTo("work_items.read code.read");

        String token = fixture.internalToken();
        given().auth()
                .oauth2(token)
                .get("/internal/v1/users/" + owner + "/grants")
                .then()
                .statusCode(200)
                .body("size()", equalTo(1))
                .body("[0].grantId", equalTo(first.grantId().toString()))
                .body("[0].publisher", equalTo("Example Corp"))
                .body("[0].status", equalTo("active"))
                .body("[0].permissions.description", hasItem("Read your work items"));
        given().auth()
                .oauth2(token)
                .get("/internal/v1/users/" + stranger + "/grants/" + first.grantId())
                .then()
                .statusCode(404);
        given().auth()
                .oauth2(token)
                .get("/internal/v1/users/" + owner + "/grants/" + first.grantId())
                .then()
                .statusCode(200)
                .body("clientId", equalTo(app.clientId()));
    }

    // Security review M3: legacy apps while the policy does not allow them.
    @Test
    void consentWhenLegacyAppsDisallowedThenRefusedAndNoGrant() {
        Fixture.RegisteredApp legacy = fixture.registerLegacyApp(LEGACY_SCOPE);
        UUID user = fixture.signIn("legacy-consent-" + UUID.randomUUID());
        try {
            putPolicy(false).statusCode(200).body("legacyAppsAllowed", equalTo(false));
            fixture.consentRequest(
                            user,
                            legacy.clientId(),
                            LEGACY_SCOPE,
                            null,
                            new com.nimbusds.oauth2.sdk.pkce.CodeVerifier(),
                            "S256")
                    .then()
                    .statusCode(400)
                    .body("detail", containsString("legacy"));
            assertThat(
                            fixture.count(
                                    "SELECT count(*) FROM authorization_grant WHERE user_id = ?",
                                    user))
                    .isZero();
        } finally {
            putPolicy(true).statusCode(200);
        }
    }

    // Security review L1: null list elements are clean 400s.
    @Test
    void internalApiWhenListHoldsNullThenBadRequestAndNothingChanged() {
        Fixture.RegisteredApp app = fixture.registerApp("work_items.read");
        UUID user = fixture.signIn("null-lists-" + UUID.randomUUID());
        String subject = "null-roles-" + UUID.randomUUID();

        Map<String, Object> signIn = new java.util.HashMap<>();
        signIn.put("issuer", "https://idp.test/realms/grantwire");
        signIn.put("subject", subject);
        signIn.put("roles", java.util.Arrays.asList("user", null));
        given().auth()
                .oauth2(serviceToken)
                .contentType("application/json")
                .body(signIn)
                .post("/internal/v1/users")
                .then()
                .statusCode(400)
                .body("detail", containsString("roles"));
        assertThat(fixture.count("SELECT count(*) FROM app_user WHERE subject = ?", subject))
                .isZero();

        Map<String, Object> consent = new java.util.HashMap<>();
        consent.put("userId", user.toString());
        consent.put("clientId", app.clientId());
        consent.put("scopes", java.util.Arrays.asList("work_items.read", null));
        consent.put("redirectUri", Fixture.REDIRECT_URI);
        consent.put("codeChallenge", "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");
        consent.put("codeChallengeMethod", "S256");
        given().auth()
                .oauth2(serviceToken)
                .contentType("application/json")
                .body(consent)
                .post("/internal/v1/grants")
                .then()
                .statusCode(400)
                .body("detail", containsString("scopes"));
        assertThat(
                        fixture.count(
                                "SELECT count(*) FROM authorization_grant WHERE user_id = ?", user))
                .isZero();

        String before = fixture.appRow(app.clientId());
        Map<String, Object> details = new java.util.HashMap<>();
        details.put("name", "Renamed");
        details.put("redirectUris", java.util.Arrays.asList(Fixture.REDIRECT_URI, null));
        as(adminUser)
                .contentType("application/json")
                .body(details)
                .put("/internal/v1/admin/apps/" + app.clientId())
                .then()
                .statusCode(400)
                .body("detail", containsString("redirectUris"));
        assertThat(fixture.appRow(app.clientId())).isEqualTo(before);
    }

    @Test
    void bootstrapWhenRunAgainThenNothingDuplicated() {
        long apps = fixture.count("SELECT count(*) FROM app WHERE internal");
        long secrets =
                fixture.count(
                        "SELECT count(*) FROM client_secret WHERE client_id = ?",
                        Fixture.CONSENT_CLIENT);
        bootstrap.run();
        assertThat(fixture.count("SELECT count(*) FROM app WHERE internal")).isEqualTo(apps);
        assertThat(
                        fixture.count(
                                "SELECT count(*) FROM client_secret WHERE client_id = ?",
                                Fixture.CONSENT_CLIENT))
                .isEqualTo(secrets)
                .isEqualTo(1);
        assertThat(fixture.count("SELECT count(*) FROM org_policy")).isEqualTo(1);
        assertThat(fixture.count("SELECT count(*) FROM initial_access_token")).isEqualTo(1);
        assertThat(
                        fixture.count(
                                "SELECT count(*) FROM client_secret c"
                                        + " WHERE row_to_json(c)::text LIKE ?",
                                "%" + Fixture.CONSENT_SECRET + "%"))
                .isZero();
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
                .basic(Fixture.REVOCATION_CLIENT, Fixture.REVOCATION_SECRET)
                .contentType("application/x-www-form-urlencoded")
                .formParam("grant_type", "client_credentials")
                .formParam("scope", "grants.internal")
                .post("/oauth2/token")
                .then()
                .statusCode(200)
                .extract()
                .path("access_token");
    }

    private RequestSpecification as(UUID user) {
        return given().auth().oauth2(serviceToken).header(ACTING, user.toString());
    }

    @Test
    void internalApiWhenJsonMalformedThenBadRequestNeverServerError() {
        String token = fixture.internalToken();
        for (String body : List.of("{not json", "[1,2]", "{\"userId\": 5, \"scopes\": \"x\"}")) {
            given().auth()
                    .oauth2(token)
                    .contentType("application/json")
                    .body(body)
                    .post("/internal/v1/grants")
                    .then()
                    .statusCode(400);
        }
        given().header("Authorization", "Bearer " + Fixture.INITIAL_ACCESS_TOKEN)
                .contentType("application/json")
                .body("{\"client_name\": ")
                .post("/oauth2/register")
                .then()
                .statusCode(400);
    }
}
