package dev.grantwire.consent;

import static dev.grantwire.consent.AuthorizeEndpointTest.ISSUER;
import static dev.grantwire.consent.AuthorizeEndpointTest.SUBJECT;
import static dev.grantwire.consent.AuthorizeEndpointTest.authorize;
import static dev.grantwire.consent.AuthorizeEndpointTest.decide;
import static dev.grantwire.consent.AuthorizeEndpointTest.field;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.grantwire.consent.domain.Confirmation;
import dev.grantwire.consent.domain.ConfirmedAction;
import dev.grantwire.consent.persistence.ConfirmationRepository;
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
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * "Manage authorizations" signed in as Alice: the list in plain words, the confirmation step and
 * the revoke through a fake revocation-service, and the Accept that follows a revoke.
 */
@QuarkusTest
@QuarkusTestResource(
        value = PostgresResource.class,
        initArgs = @ResourceArg(name = "database", value = "consent_service"))
@QuarkusTestResource(FakeGrantService.class)
@QuarkusTestResource(FakeRevocationService.class)
@TestSecurity(user = "alice", roles = "developer")
@OidcSecurity(
        claims = {
            @Claim(key = "iss", value = ISSUER),
            @Claim(key = "sub", value = SUBJECT),
            @Claim(key = "name", value = "Alice Example"),
            @Claim(key = "email", value = "alice@example.org")
        })
class ManageAuthorizationsTest {

    static final String TRACKER = AuthorizeEndpointTest.TRACKER;
    static final String TRACKER_REDIRECT = AuthorizeEndpointTest.TRACKER_REDIRECT;

    @InjectFakeGrantService FakeGrantService grantService;
    @InjectFakeRevocationService FakeRevocationService revocationService;
    @Inject ConfirmationRepository confirmations;
    @Inject AgroalDataSource database;

    UUID alice;
    UUID bob;

    @BeforeEach
    void setUp() throws SQLException {
        grantService.reset();
        revocationService.reset();
        grantService.app(
                TRACKER,
                "Work Tracker",
                "Tracker Ltd",
                false,
                List.of(TRACKER_REDIRECT),
                List.of("work_items.read", "code.write", "offline_access"));
        grantService.app(
                "pocket-cli",
                "Pocket CLI",
                "Pocket Org",
                true,
                List.of("https://pocket.example/cb"),
                List.of("builds.read"));
        alice = grantService.userId(ISSUER, SUBJECT);
        bob = UUID.randomUUID();
        try (Connection c = database.getConnection();
                PreparedStatement s = c.prepareStatement("DELETE FROM user_revocation")) {
            s.executeUpdate();
        }
    }

    @Test
    void listWhenUserAuthorizedAppsThenEachInPlainWordsWithDatesTypeAndRevoke() {
        UUID tracker =
                grantService.grantOfType(
                        alice,
                        TRACKER,
                        "legacy",
                        "2026-03-04T10:15:30Z",
                        "2026-11-20T08:00:00Z",
                        "work_items.read",
                        "code.write");
        UUID pocket = grantService.grant(alice, "pocket-cli", "builds.read");
        grantService.grant(bob, "bobs-secret-app", "code.read");

        Response response = given().redirects().follow(false).get("/authorizations");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.header("Content-Security-Policy")).contains("frame-ancestors 'none'");
        assertThat(response.header("X-Frame-Options")).isEqualTo("DENY");
        assertThat(response.header("Cache-Control")).contains("no-store");
        String page = response.body().asString();
        String trackerItem = item(page, tracker);
        assertThat(trackerItem)
                .contains("Work Tracker", "Tracker Ltd")
                .contains("Read your work items", "Push to your code repositories")
                .contains("(can make changes)")
                .contains("4 Mar 2026", "20 Nov 2026", "Legacy")
                .contains("href=\"/authorizations/" + tracker + "/revoke\"")
                .doesNotContain("work_items.read<");
        assertThat(item(page, pocket))
                .contains("Pocket CLI", "Pocket Org", "See your builds", "Never", "Standard");
        assertThat(page).contains("Alice Example").doesNotContain("bobs-secret-app");
        assertThat(page.indexOf("Pocket CLI")).isLessThan(page.indexOf("Work Tracker"));
        assertThat(grantService.calls("GET", "/internal/v1/users/" + alice + "/grants"))
                .isNotEmpty();
    }

    @Test
    void listWhenNothingAuthorizedThenSaysSoPlainly() {
        grantService.grant(bob, TRACKER, "work_items.read");

        String page = given().get("/authorizations").then().statusCode(200).extract().asString();

        assertThat(page).contains("You have not authorized any services.");
        assertThat(page).doesNotContain("class=\"authorization\"");
    }

    @Test
    void revokeWhenCsrfTokenMissingOrWrongThenRefusedAndNothingSent() throws SQLException {
        UUID grant = grantService.grant(alice, TRACKER, "work_items.read");
        revocationService.owner(grant, alice);
        String confirm = confirmPage(grant);
        String id = field(confirm, "confirmation");

        Response wrong = revoke(id, "not-the-token");
        Response missing = revoke(id, null);
        Response noConfirmation = revoke(null, field(confirm, "csrf_token"));

        for (Response refused : List.of(wrong, missing)) {
            assertThat(refused.statusCode()).isEqualTo(403);
            assertThat(refused.body().asString())
                    .contains("could not be verified")
                    .doesNotContain("Exception");
        }
        assertThat(noConfirmation.statusCode()).isEqualTo(404);
        assertThat(revocationService.calls()).isEmpty();
        assertThat(confirmations.find(UUID.fromString(id)).orElseThrow().usedAt()).isNull();
        assertThat(revocationRows()).isZero();
    }

    @Test
    void revokeWhenConfirmedThenUserApiCalledAppGoneAtOnceAndNextAcceptCarriesSequence()
            throws SQLException {
        UUID grant = grantService.grant(alice, TRACKER, "work_items.read");
        revocationService.owner(grant, alice);
        String confirm = confirmPage(grant);
        assertThat(confirm)
                .contains("Revoke access of Work Tracker?", "Read your work items")
                .contains(">Revoke</button>");

        int grantServiceCallsBefore = grantService.calls().size();
        Response response = revoke(field(confirm, "confirmation"), field(confirm, "csrf_token"));

        assertThat(response.statusCode()).isEqualTo(303);
        assertThat(response.header("Location")).endsWith("/authorizations?revoked=1");
        // The POST makes one synchronous call: to revocation-service, with the ownership
        // assertion stored with the confirmation; grant-service is not asked anything.
        assertThat(grantService.calls()).hasSize(grantServiceCallsBefore);
        List<FakeGrantService.Call> calls = revocationService.calls();
        assertThat(calls).hasSize(1);
        assertThat(calls.get(0).ownership()).isNotNull();
        assertThat(
                        FakeGrantService.json(payload(calls.get(0).ownership()))
                                .path("grant_id")
                                .asText())
                .isEqualTo(grant.toString());
        assertThat(calls.get(0).method()).isEqualTo("POST");
        assertThat(calls.get(0).path())
                .isEqualTo("/internal/v1/users/" + alice + "/grants/" + grant + "/revocations");
        assertThat(calls.get(0).authorization()).startsWith("Bearer fake-service-token-");
        long sequence = revocationService.lastSequence();
        assertThat(revocationRows()).isEqualTo(1);

        // grant-service has not applied the revocation yet: it still lists the grant.
        String list = given().get("/authorizations?revoked=1").then().extract().asString();
        assertThat(list)
                .contains("Access was revoked")
                .contains("You have not authorized any services.")
                .doesNotContain("Work Tracker");

        // Authorizing again at once: the page is shown (no remembered consent from the dead
        // grant) and Accept tells grant-service which revocation to apply first.
        Map<String, String> params = params(TRACKER, TRACKER_REDIRECT, "work_items.read");
        Response approval = authorize(params);
        assertThat(approval.statusCode()).isEqualTo(200);
        String page = approval.body().asString();
        assertThat(decide(field(page, "request"), field(page, "csrf_token"), "accept").statusCode())
                .isEqualTo(303);
        List<FakeGrantService.Call> consents = grantService.calls("POST", "/internal/v1/grants");
        assertThat(consents).hasSize(1);
        JsonNode consent = FakeGrantService.json(consents.get(0).body());
        assertThat(consent.path("revocationSequence").asLong()).isEqualTo(sequence);

        // The same confirmation cannot be used twice.
        Response again = revoke(field(confirm, "confirmation"), field(confirm, "csrf_token"));
        assertThat(again.statusCode()).isEqualTo(400);
        assertThat(revocationService.calls()).hasSize(1);
    }

    @Test
    void revokeWhenRevocationServiceDownThenTryAgainPageAndSameConfirmationWorksLater()
            throws SQLException {
        UUID grant = grantService.grant(alice, TRACKER, "work_items.read");
        revocationService.owner(grant, alice);
        String confirm = confirmPage(grant);
        String id = field(confirm, "confirmation");
        revocationService.down(true);
        Response failed;
        try {
            failed = revoke(id, field(confirm, "csrf_token"));
        } finally {
            revocationService.down(false);
        }

        assertThat(failed.statusCode()).isEqualTo(503);
        assertThat(failed.body().asString())
                .contains("Try again in a moment")
                .doesNotContain("Exception");
        assertThat(confirmations.find(UUID.fromString(id)).orElseThrow().usedAt()).isNull();
        assertThat(revocationRows()).isZero();

        Response retried = revoke(id, field(confirm, "csrf_token"));

        assertThat(retried.statusCode()).isEqualTo(303);
        assertThat(revocationService.ledger()).hasSize(1);
        assertThat(revocationRows()).isEqualTo(1);
    }

    @Test
    void acceptWhenNoRevocationMadeHereThenNoRevocationSequence() {
        Map<String, String> params = params(TRACKER, TRACKER_REDIRECT, "work_items.read");
        String page = authorize(params).body().asString();

        decide(field(page, "request"), field(page, "csrf_token"), "accept");

        JsonNode consent =
                FakeGrantService.json(
                        grantService.calls("POST", "/internal/v1/grants").get(0).body());
        assertThat(consent.path("revocationSequence").isNull()).isTrue();
    }

    @Test
    void revokeWhenStoredAssertionExpiringThenTryAgainWhileGrantServiceDownAndFreshOneSentLater()
            throws SQLException {
        UUID grant = grantService.grant(alice, TRACKER, "work_items.read");
        revocationService.owner(grant, alice);
        String confirm = confirmPage(grant);
        String id = field(confirm, "confirmation");
        // The page was left open until the stored assertion is about to expire.
        String expiring =
                "eyJhbGciOiJSUzI1NiJ9."
                        + java.util.Base64.getUrlEncoder()
                                .withoutPadding()
                                .encodeToString(
                                        ("{\"grant_id\":\""
                                                        + grant
                                                        + "\",\"exp\":"
                                                        + (System.currentTimeMillis() / 1000 + 10)
                                                        + "}")
                                                .getBytes(java.nio.charset.StandardCharsets.UTF_8))
                        + ".c2ln";
        try (Connection connection = database.getConnection();
                PreparedStatement update =
                        connection.prepareStatement(
                                "UPDATE confirmation SET ownership = ? WHERE id = ?")) {
            update.setString(1, expiring);
            update.setObject(2, UUID.fromString(id));
            assertThat(update.executeUpdate()).isEqualTo(1);
        }

        grantService.down(true);
        Response refused = revoke(id, field(confirm, "csrf_token"));
        assertThat(refused.statusCode()).isEqualTo(503);
        assertThat(refused.body().asString()).contains("Try again in a moment");
        assertThat(revocationService.calls()).isEmpty();

        grantService.down(false);
        String oneGrant = "/internal/v1/users/" + alice + "/grants/" + grant;
        int askedBefore = grantService.calls("GET", oneGrant).size();
        Response revoked = revoke(id, field(confirm, "csrf_token"));
        assertThat(revoked.statusCode()).isEqualTo(303);
        // The POST asked grant-service once, for the fresh assertion.
        assertThat(grantService.calls("GET", oneGrant)).hasSize(askedBefore + 1);
        String sent = revocationService.calls().get(0).ownership();
        assertThat(sent).isNotEqualTo(expiring);
        JsonNode claims = FakeGrantService.json(payload(sent));
        assertThat(claims.path("grant_id").asText()).isEqualTo(grant.toString());
        assertThat(claims.path("exp").asLong())
                .isGreaterThan(System.currentTimeMillis() / 1000 + 60);
        assertThat(revocationRows()).isEqualTo(1);
    }

    @Test
    void revokeWhenGrantBelongsToAnotherUserThenPlainNotFoundAndNothingRevoked()
            throws SQLException {
        UUID bobsGrant = grantService.grant(bob, TRACKER, "work_items.read");
        revocationService.owner(bobsGrant, bob);
        Confirmation bobs =
                new Confirmation(
                        UUID.randomUUID(),
                        bob,
                        ConfirmedAction.REVOKE_OWN_GRANT,
                        bobsGrant.toString(),
                        "bobs-csrf-token",
                        Instant.now().plusSeconds(600),
                        null,
                        null,
                        null,
                        null);
        confirmations.insert(bobs);

        Response confirm =
                given().redirects().follow(false).get("/authorizations/" + bobsGrant + "/revoke");
        Response malformed =
                given().redirects().follow(false).get("/authorizations/not-a-uuid/revoke");
        Response post = revoke(bobs.id().toString(), "bobs-csrf-token");

        for (Response refused : List.of(confirm, malformed, post)) {
            assertThat(refused.statusCode()).isEqualTo(404);
            assertThat(refused.body().asString())
                    .doesNotContain("Exception")
                    .doesNotContain("bobs-csrf-token");
        }
        assertThat(confirm.body().asString()).contains("Nothing to revoke");
        assertThat(revocationService.calls()).isEmpty();
        assertThat(confirmations.find(bobs.id()).orElseThrow().usedAt()).isNull();
        assertThat(revocationRows()).isZero();
    }

    @Test
    void revokeWhenRevocationServiceSaysNotYoursThenPlainNotFoundAndNothingRemembered()
            throws SQLException {
        UUID grant = grantService.grant(alice, TRACKER, "work_items.read");
        String confirm = confirmPage(grant);

        Response response = revoke(field(confirm, "confirmation"), field(confirm, "csrf_token"));

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.body().asString()).contains("already revoked");
        assertThat(revocationService.calls()).hasSize(1);
        assertThat(revocationService.ledger()).isEmpty();
        assertThat(revocationRows()).isZero();
        assertThat(given().get("/authorizations").asString()).contains("Work Tracker");
    }

    @Test
    void accountWhenSignedInThenLinksToManageAuthorizations() {
        String page = given().get("/account").then().statusCode(200).extract().asString();

        assertThat(page).contains("href=\"/authorizations\"", "Manage authorizations");
        assertThat(page).doesNotContain("href=\"/admin\"");
    }

    // --- Helpers ---------------------------------------------------------------------------

    static Map<String, String> params(String clientId, String redirectUri, String scope) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("response_type", "code");
        params.put("client_id", clientId);
        params.put("redirect_uri", redirectUri);
        params.put("scope", scope);
        params.put("state", "state-" + UUID.randomUUID());
        params.put("code_challenge", AuthorizeEndpointTest.CHALLENGE);
        params.put("code_challenge_method", "S256");
        return params;
    }

    static String confirmPage(UUID grantId) {
        return given().redirects()
                .follow(false)
                .get("/authorizations/" + grantId + "/revoke")
                .then()
                .statusCode(200)
                .extract()
                .asString();
    }

    static Response revoke(String confirmation, String csrf) {
        RequestSpecification request = given().redirects().follow(false);
        if (confirmation != null) {
            request.formParam("confirmation", confirmation);
        }
        if (csrf != null) {
            request.formParam("csrf_token", csrf);
        }
        if (confirmation == null && csrf == null) {
            request.formParam("nothing", "");
        }
        return request.post("/authorizations/revoke");
    }

    /** The payload of a compact JWS, as text. */
    static String payload(String jws) {
        return new String(
                java.util.Base64.getUrlDecoder().decode(jws.split("\\.")[1]),
                java.nio.charset.StandardCharsets.UTF_8);
    }

    static String item(String page, UUID grantId) {
        int start = page.indexOf("data-grant=\"" + grantId + "\"");
        assertThat(start).as("authorization " + grantId).isNotNegative();
        int end = page.indexOf("</a>", page.indexOf("class=\"revoke\"", start));
        return page.substring(start, end);
    }

    int revocationRows() throws SQLException {
        try (Connection c = database.getConnection();
                PreparedStatement s =
                        c.prepareStatement(
                                "SELECT count(*) FROM user_revocation WHERE user_id = ?")) {
            s.setString(1, alice.toString());
            try (ResultSet rows = s.executeQuery()) {
                rows.next();
                return rows.getInt(1);
            }
        }
    }
}
