package dev.grantwire.consent;

import static dev.grantwire.consent.AuthorizeEndpointTest.ISSUER;
import static dev.grantwire.consent.AuthorizeEndpointTest.authorize;
import static dev.grantwire.consent.AuthorizeEndpointTest.decide;
import static dev.grantwire.consent.AuthorizeEndpointTest.field;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.grantwire.consent.support.FakeGrantService;
import dev.grantwire.consent.support.FakeRevocationService;
import dev.grantwire.consent.support.InjectFakeGrantService;
import dev.grantwire.consent.support.InjectFakeRevocationService;
import dev.grantwire.testsupport.quarkus.PostgresResource;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import io.quarkus.test.security.oidc.Claim;
import io.quarkus.test.security.oidc.OidcSecurity;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The admin pages signed in as Dana, whom the provider gives the {@code admin} role and whom the
 * fake grant-service and revocation-service call an admin; against them, non-admins.
 */
@QuarkusTest
@QuarkusTestResource(
        value = PostgresResource.class,
        initArgs = @ResourceArg(name = "database", value = "consent_service"))
@QuarkusTestResource(FakeGrantService.class)
@QuarkusTestResource(FakeRevocationService.class)
@TestSecurity(
        user = "dana",
        roles = {"developer", "admin"})
@OidcSecurity(
        claims = {
            @Claim(key = "iss", value = ISSUER),
            @Claim(key = "sub", value = AdminPagesTest.DANA),
            @Claim(key = "name", value = "Dana Admin")
        })
class AdminPagesTest {

    static final String DANA = "dana-subject";
    static final String TRACKER = AuthorizeEndpointTest.TRACKER;

    @InjectFakeGrantService FakeGrantService grantService;
    @InjectFakeRevocationService FakeRevocationService revocationService;
    @Inject AgroalDataSource database;

    UUID dana;
    UUID alice;
    UUID bob;

    @BeforeEach
    void setUp() {
        grantService.reset();
        revocationService.reset();
        grantService.app(
                TRACKER,
                "Work Tracker",
                "Tracker Ltd",
                false,
                List.of(AuthorizeEndpointTest.TRACKER_REDIRECT),
                List.of("work_items.read", "code.write"));
        dana = grantService.userId(ISSUER, DANA);
        alice = grantService.userId(ISSUER, "alice-of-admin-test");
        bob = grantService.userId(ISSUER, "bob-of-admin-test");
        forgetRevocationsMadeHere();
        grantService.admin(dana);
        revocationService.admin(dana);
    }

    // --- Who may open them ------------------------------------------------------------------

    @Test
    @TestSecurity(user = "alice", roles = "developer")
    @OidcSecurity(
            claims = {
                @Claim(key = "iss", value = ISSUER),
                @Claim(key = "sub", value = "alice-of-admin-test")
            })
    void adminPagesWhenNoAdminRoleThenPlain403AndNothingAskedOrSent() {
        grantService.admin(alice);
        revocationService.admin(alice);

        for (String path :
                List.of(
                        "/admin/authorizations",
                        "/admin/apps",
                        "/admin/policy",
                        "/admin/audit",
                        "/admin/confirm?action=REVOKE_USER&subject=" + bob)) {
            Response response = given().redirects().follow(false).get(path);
            assertThat(response.statusCode()).as(path).isEqualTo(403);
            assertThat(response.body().asString())
                    .contains("Admins only")
                    .doesNotContain("Exception");
            assertThat(response.header("X-Frame-Options")).isEqualTo("DENY");
        }
        Response post = confirm(UUID.randomUUID().toString(), "token");

        assertThat(post.statusCode()).isEqualTo(403);
        assertThat(grantService.calls().stream().filter(c -> c.path().contains("/admin/")))
                .isEmpty();
        assertThat(revocationService.calls()).isEmpty();
    }

    @Test
    @TestSecurity(user = "erin", roles = "admin")
    @OidcSecurity(
            claims = {
                @Claim(key = "iss", value = ISSUER),
                @Claim(key = "sub", value = "erin-subject")
            })
    void adminPagesWhenProviderRoleButGrantServiceSaysNoThenPlain403() {
        UUID erin = grantService.userId(ISSUER, "erin-subject");

        Response response = given().redirects().follow(false).get("/admin/authorizations");

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.body().asString()).contains("Admins only");
        assertThat(grantService.calls("GET", "/internal/v1/users/" + erin + "/admin")).hasSize(1);
        assertThat(grantService.calls("GET", "/internal/v1/admin/grants")).isEmpty();
    }

    // --- Authorizations and revokes -------------------------------------------------------

    @Test
    void authorizationsWhenFilteredByAppThenEveryUsersGrantOfItWithActingAdmin() {
        UUID alices = grantService.grant(alice, TRACKER, "work_items.read");
        UUID bobs = grantService.grant(bob, TRACKER, "code.write");
        grantService.grant(bob, "other-app", "code.read");

        String page =
                given().queryParam("clientId", TRACKER)
                        .get("/admin/authorizations")
                        .then()
                        .statusCode(200)
                        .extract()
                        .asString();

        assertThat(page)
                .contains("data-grant=\"" + alices + "\"", "data-grant=\"" + bobs + "\"")
                .contains("Read your work items", "Push to your code repositories")
                .contains("Name of " + alice + " (" + alice + "@example.test)")
                .doesNotContain("other-app");
        List<FakeGrantService.Call> searches =
                grantService.calls("GET", "/internal/v1/admin/grants");
        assertThat(searches).hasSize(1);
        assertThat(searches.get(0).query()).contains("clientId=" + TRACKER);
        assertThat(searches.get(0).actingUser()).isEqualTo(dana.toString());
    }

    @Test
    void revokeGrantWhenConfirmedThenAdminApiGotGrantKindAndOwnerRemembered() throws SQLException {
        UUID grant = grantService.grant(alice, TRACKER, "work_items.read");
        String page = confirmPage("REVOKE_GRANT", grant.toString());
        assertThat(page).contains("Revoke this authorization?");

        Response done = confirm(field(page, "confirmation"), field(page, "csrf_token"));

        assertThat(done.statusCode()).isEqualTo(200);
        assertThat(done.body().asString()).contains("The authorization was revoked.");
        JsonNode body = onlyAdminRevocation();
        assertThat(body.path("kind").asText()).isEqualTo("grant");
        assertThat(body.path("subject").asText()).isEqualTo(grant.toString());
        assertThat(body.has("scope")).isFalse();
        assertThat(userRevocations(alice)).isEqualTo(1);
    }

    @Test
    void revokeAppWhenTokensOrGrantsConfirmedThenClientKindWithThatScope() {
        for (String[] c :
                new String[][] {{"REVOKE_APP_TOKENS", "tokens"}, {"REVOKE_APP_GRANTS", "grants"}}) {
            revocationService.reset();
            revocationService.admin(dana);
            String page = confirmPage(c[0], TRACKER);

            Response done = confirm(field(page, "confirmation"), field(page, "csrf_token"));

            assertThat(done.statusCode()).as(c[0]).isEqualTo(200);
            JsonNode body = onlyAdminRevocation();
            assertThat(body.path("kind").asText()).isEqualTo("client");
            assertThat(body.path("subject").asText()).isEqualTo(TRACKER);
            assertThat(body.path("scope").asText()).isEqualTo(c[1]);
        }
    }

    @Test
    void revokeAppGrantsWhenConfirmedThenEveryListHidesItAtOnceAndNextAcceptCarriesSequence() {
        grantService.grant(dana, TRACKER, "work_items.read");
        String page = confirmPage("REVOKE_APP_GRANTS", TRACKER);

        confirm(field(page, "confirmation"), field(page, "csrf_token"));

        long sequence = revocationService.lastSequence();
        // The fake grant-service still lists the grant: grant-service has not applied it yet.
        String list = given().get("/authorizations").then().statusCode(200).extract().asString();
        assertThat(list).doesNotContain("Work Tracker");
        // Authorizing the app again at once: Accept tells grant-service which revocation to
        // apply before it records the grant, though the revocation was not of this user.
        Response approval =
                authorize(
                        ManageAuthorizationsTest.params(
                                TRACKER,
                                AuthorizeEndpointTest.TRACKER_REDIRECT,
                                "work_items.read"));
        assertThat(approval.statusCode()).isEqualTo(200);
        String request = approval.body().asString();
        assertThat(
                        decide(field(request, "request"), field(request, "csrf_token"), "accept")
                                .statusCode())
                .isEqualTo(303);
        List<FakeGrantService.Call> consents = grantService.calls("POST", "/internal/v1/grants");
        assertThat(consents).hasSize(1);
        assertThat(
                        FakeGrantService.json(consents.get(0).body())
                                .path("revocationSequence")
                                .asLong())
                .isEqualTo(sequence);
    }

    @Test
    void revokeUserWhenConfirmedThenUserKindWithGrantsScopeAndSequenceKeptForThatUser()
            throws SQLException {
        String page = confirmPage("REVOKE_USER", bob.toString());
        assertThat(page).contains("Revoke everything this user authorized?");

        int grantServiceCallsBefore = grantService.calls().size();
        Response done = confirm(field(page, "confirmation"), field(page, "csrf_token"));

        assertThat(done.statusCode()).isEqualTo(200);
        // One synchronous call: revocation-service, with the admin assertion grant-service
        // signed when the page was shown; grant-service is asked nothing.
        assertThat(grantService.calls()).hasSize(grantServiceCallsBefore);
        assertThat(
                        FakeGrantService.json(
                                        ManageAuthorizationsTest.payload(
                                                onlyAdminRevocationCall().adminAssertion()))
                                .path("sub")
                                .asText())
                .isEqualTo(dana.toString());
        JsonNode body = onlyAdminRevocation();
        assertThat(body.path("kind").asText()).isEqualTo("user");
        assertThat(body.path("subject").asText()).isEqualTo(bob.toString());
        assertThat(body.path("scope").asText()).isEqualTo("grants");
        assertThat(userRevocations(bob)).isEqualTo(1);
    }

    @Test
    void revokeUserWhenItIsTheSignedInUserThenTheirListHidesEveryEarlierGrantAtOnce() {
        grantService.grant(dana, TRACKER, "work_items.read");
        grantService.app(
                "later-app",
                "Later App",
                "Later Ltd",
                false,
                List.of("https://later.example/cb"),
                List.of("code.read"));
        grantService.grantOfType(
                dana, "later-app", "standard", "2999-01-01T00:00:00Z", null, "code.read");
        String page = confirmPage("REVOKE_USER", dana.toString());

        confirm(field(page, "confirmation"), field(page, "csrf_token"));

        // The fake grant-service still lists both grants as active.
        String list = given().get("/authorizations").then().statusCode(200).extract().asString();
        assertThat(list).doesNotContain("Work Tracker").contains("Later App");
    }

    @Test
    void confirmWhenCsrfTokenWrongOrConfirmationReusedThenNothingRevokedTwice() {
        String page = confirmPage("REVOKE_APP_GRANTS", TRACKER);
        String id = field(page, "confirmation");

        Response wrong = confirm(id, "forged");
        Response good = confirm(id, field(page, "csrf_token"));
        Response reused = confirm(id, field(page, "csrf_token"));

        assertThat(wrong.statusCode()).isEqualTo(403);
        assertThat(wrong.body().asString()).contains("could not be verified");
        assertThat(good.statusCode()).isEqualTo(200);
        assertThat(reused.statusCode()).isEqualTo(400);
        assertThat(revocationService.calls()).hasSize(1);
    }

    @Test
    void confirmWhenActionUnknownOrSubjectMalformedThenPlainRefusal() {
        assertThat(
                        given().get("/admin/confirm?action=DROP_TABLES&subject=x")
                                .then()
                                .extract()
                                .statusCode())
                .isEqualTo(400);
        assertThat(
                        given().get("/admin/confirm?action=REVOKE_USER&subject=not-a-uuid")
                                .then()
                                .extract()
                                .statusCode())
                .isEqualTo(400);
        assertThat(
                        given().get("/admin/confirm?action=REVOKE_OWN_GRANT&subject=" + bob)
                                .then()
                                .extract()
                                .statusCode())
                .isEqualTo(400);
        assertThat(revocationService.calls()).isEmpty();
    }

    // --- Apps, policy, audit ------------------------------------------------------------------

    @Test
    void regenerateSecretWhenConfirmedThenNewSecretShownOnceAndNoStoreAnswer() {
        String apps = given().get("/admin/apps").then().statusCode(200).extract().asString();
        assertThat(apps)
                .contains("Work Tracker")
                .contains("action=REGENERATE_SECRET&amp;subject=" + TRACKER);
        String page = confirmPage("REGENERATE_SECRET", TRACKER);

        Response done = confirm(field(page, "confirmation"), field(page, "csrf_token"));
        Response again = confirm(field(page, "confirmation"), field(page, "csrf_token"));

        assertThat(done.statusCode()).isEqualTo(200);
        assertThat(done.header("Cache-Control")).contains("no-store");
        Matcher secret =
                Pattern.compile("id=\"client-secret\">(new-secret-\\d+)<")
                        .matcher(done.body().asString());
        assertThat(secret.find()).isTrue();
        assertThat(done.body().asString()).contains("shown this once");
        assertThat(again.statusCode()).isEqualTo(400);
        assertThat(again.body().asString()).doesNotContain(secret.group(1));
        List<FakeGrantService.Call> regenerations =
                grantService.calls(
                        "POST", "/internal/v1/admin/apps/" + TRACKER + "/secret/regenerate");
        assertThat(regenerations).hasSize(1);
        assertThat(regenerations.get(0).actingUser()).isEqualTo(dana.toString());
    }

    @Test
    void disableAppWhenConfirmedThenGrantServiceDisablesIt() {
        String page = confirmPage("DISABLE_APP", TRACKER);

        assertThat(confirm(field(page, "confirmation"), field(page, "csrf_token")).statusCode())
                .isEqualTo(200);

        assertThat(grantService.enabled(TRACKER)).isFalse();
        assertThat(grantService.calls("POST", "/internal/v1/admin/apps/" + TRACKER + "/disable"))
                .hasSize(1);
    }

    @Test
    void registerWhenFormPostedWithTokenThenAppRegisteredAndSecretShownOnce() {
        String form = given().get("/admin/apps/new").then().statusCode(200).extract().asString();

        Response missingToken =
                register(field(form, "confirmation"), null, "Build Bot", "https://bot.example/cb");
        Response done =
                register(
                        field(form, "confirmation"),
                        field(form, "csrf_token"),
                        "Build Bot",
                        "https://bot.example/cb\nhttps://bot.example/cb2");

        assertThat(missingToken.statusCode()).isEqualTo(403);
        assertThat(done.statusCode()).isEqualTo(200);
        assertThat(done.body().asString())
                .contains("Registered Build Bot as app-")
                .contains("registered-secret-");
        List<FakeGrantService.Call> registrations =
                grantService.calls("POST", "/internal/v1/admin/apps");
        assertThat(registrations).hasSize(1);
        JsonNode body = FakeGrantService.json(registrations.get(0).body());
        assertThat(body.path("client_name").asText()).isEqualTo("Build Bot");
        assertThat(body.path("redirect_uris").toString())
                .isEqualTo("[\"https://bot.example/cb\",\"https://bot.example/cb2\"]");
        assertThat(body.path("scope").asText()).isEqualTo("builds.read");
        assertThat(body.path("token_endpoint_auth_method").asText())
                .isEqualTo("client_secret_basic");
        assertThat(body.path("grant_types").toString())
                .isEqualTo("[\"authorization_code\",\"refresh_token\"]");
        assertThat(body.path("grantwire_app_type").asText()).isEqualTo("standard");
        assertThat(registrations.get(0).actingUser()).isEqualTo(dana.toString());
    }

    @Test
    void policySwitchWhenConfirmedThenWholePolicyPutWithOtherValuesKept() {
        String policy = given().get("/admin/policy").then().statusCode(200).extract().asString();
        Matcher link =
                Pattern.compile("id=\"switch-third-party\" href=\"([^\"]+)\"").matcher(policy);
        assertThat(link.find()).isTrue();
        assertThat(link.group(1)).endsWith("subject=false,true");
        String page = confirmPage("CHANGE_POLICY", "false,true");
        assertThat(page).contains("Access by apps: off");

        Response done = confirm(field(page, "confirmation"), field(page, "csrf_token"));

        assertThat(done.statusCode()).isEqualTo(200);
        List<FakeGrantService.Call> puts = grantService.calls("PUT", "/internal/v1/admin/policy");
        assertThat(puts).hasSize(1);
        JsonNode body = FakeGrantService.json(puts.get(0).body());
        assertThat(body.path("thirdPartyAccess").asBoolean()).isFalse();
        assertThat(body.path("legacyAppsAllowed").asBoolean()).isTrue();
        assertThat(body.path("accessTokenLifetimeSeconds").asLong()).isEqualTo(900);
        assertThat(body.path("refreshTokenLifetimeSeconds").asLong()).isEqualTo(2592000);
        assertThat(puts.get(0).actingUser()).isEqualTo(dana.toString());
        assertThat(grantService.thirdPartyAccess()).isFalse();
    }

    @Test
    void auditWhenOpenedThenGrantServiceAuditAndRevocationLedgerListed() {
        grantService.audited("admin:" + dana, "app.disabled", "client:" + TRACKER);
        String revoke = confirmPage("REVOKE_APP_TOKENS", TRACKER);
        confirm(field(revoke, "confirmation"), field(revoke, "csrf_token"));

        String page = given().get("/admin/audit").then().statusCode(200).extract().asString();

        assertThat(page)
                .contains("app.disabled", "client:" + TRACKER, "2026-05-06 07:08:09 UTC")
                .contains("admin_revoked_app_tokens", "client (tokens): " + TRACKER)
                .contains("admin:" + dana);
        assertThat(grantService.calls("GET", "/internal/v1/admin/audit")).hasSize(1);
        assertThat(
                        revocationService.calls().stream()
                                .filter(c -> c.path().equals("/internal/v1/revocations/newest")))
                .singleElement()
                .satisfies(c -> assertThat(c.query()).contains("limit=100"));
    }

    // Outside review 10: with more revocations than the page holds, the newest are shown.
    @Test
    void auditWhenLedgerLongerThanThePageThenNewestRowsShownNewestFirst() {
        for (int i = 1; i <= 105; i++) {
            revocationService.recorded("user", "ledger-user-" + i + "-end", "admin:" + dana);
        }

        String page = given().get("/admin/audit").then().statusCode(200).extract().asString();

        assertThat(page).contains("ledger-user-105-end", "ledger-user-6-end");
        assertThat(page).doesNotContain("ledger-user-5-end", "ledger-user-1-end");
        assertThat(page.indexOf("ledger-user-105-end"))
                .isLessThan(page.indexOf("ledger-user-6-end"));
    }

    // --- Helpers ---------------------------------------------------------------------------

    static String confirmPage(String action, String subject) {
        return given().redirects()
                .follow(false)
                .queryParam("action", action)
                .queryParam("subject", subject)
                .get("/admin/confirm")
                .then()
                .statusCode(200)
                .extract()
                .asString();
    }

    static Response confirm(String confirmation, String csrf) {
        RequestSpecification request =
                given().redirects().follow(false).formParam("confirmation", confirmation);
        if (csrf != null) {
            request.formParam("csrf_token", csrf);
        }
        return request.post("/admin/confirm");
    }

    static Response register(String confirmation, String csrf, String name, String redirects) {
        RequestSpecification request =
                given().redirects()
                        .follow(false)
                        .formParam("confirmation", confirmation)
                        .formParam("name", name)
                        .formParam("redirect_uris", redirects)
                        .formParam("scope", "builds.read")
                        .formParam("refresh", "yes");
        if (csrf != null) {
            request.formParam("csrf_token", csrf);
        }
        return request.post("/admin/apps");
    }

    JsonNode onlyAdminRevocation() {
        return FakeGrantService.json(onlyAdminRevocationCall().body());
    }

    FakeGrantService.Call onlyAdminRevocationCall() {
        List<FakeGrantService.Call> calls =
                revocationService.calls().stream()
                        .filter(c -> c.path().equals("/internal/v1/admin/revocations"))
                        .toList();
        assertThat(calls).hasSize(1);
        assertThat(calls.get(0).actingUser()).isEqualTo(dana.toString());
        assertThat(calls.get(0).authorization()).startsWith("Bearer fake-service-token-");
        return calls.get(0);
    }

    /** Revocations remembered here count for minutes; other tests must not see this class's. */
    @AfterEach
    void forgetRevocationsMadeHere() {
        try (Connection c = database.getConnection();
                PreparedStatement s = c.prepareStatement("DELETE FROM user_revocation")) {
            s.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    int userRevocations(UUID userId) throws SQLException {
        try (Connection c = database.getConnection();
                PreparedStatement s =
                        c.prepareStatement(
                                "SELECT count(*) FROM user_revocation WHERE user_id = ?")) {
            s.setString(1, userId.toString());
            try (ResultSet rows = s.executeQuery()) {
                rows.next();
                return rows.getInt(1);
            }
        }
    }
}
