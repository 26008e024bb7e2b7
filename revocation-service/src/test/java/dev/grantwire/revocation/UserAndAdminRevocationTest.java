package dev.grantwire.revocation;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.grantwire.events.RevocationBounds;
import dev.grantwire.testsupport.quarkus.KafkaAndPostgresResource;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The user and admin revoke APIs consent-service calls, grant-service played by {@link
 * FakeGrantService}: who may revoke what, and exactly what the ledger holds afterwards.
 */
@QuarkusTest
@QuarkusTestResource(
        value = KafkaAndPostgresResource.class,
        initArgs = @ResourceArg(name = "database", value = "revocation_service"))
class UserAndAdminRevocationTest {

    private static final String ADMIN_PATH = "/internal/v1/admin/revocations";
    private static final String APP = "compromised-app";

    @Inject AgroalDataSource dataSource;

    private Db db;
    private final UUID alice = UUID.randomUUID();
    private final UUID bob = UUID.randomUUID();
    private final UUID admin = UUID.randomUUID();
    private final UUID aliceGrant = UUID.randomUUID();

    @BeforeEach
    void open() {
        db = new Db(dataSource);
        FakeGrantService.reset();
        FakeGrantService.USERS.addAll(List.of(alice, bob, admin));
        FakeGrantService.ADMINS.add(admin);
        FakeGrantService.APP_SECRETS.put(APP, "irrelevant-secret-0123456789");
        FakeGrantService.GRANTS.put(aliceGrant, new FakeGrantService.Grant(alice, APP));
    }

    @AfterEach
    void close() {
        db.clear();
        FakeGrantService.reset();
    }

    @Test
    void userRevokeWhenGrantIsTheUsersThen201WithSequenceAndAGrantRevocation() {
        Response answer = userRevoke(alice, aliceGrant.toString(), consentToken());

        answer.then().statusCode(201).contentType("application/json");
        long sequence = db.queryLong("SELECT sequence FROM revocation");
        assertThat(answer.jsonPath().getLong("sequence")).isEqualTo(sequence);
        assertThat(answer.jsonPath().getString("kind")).isEqualTo("grant");
        assertThat(answer.jsonPath().getString("subject")).isEqualTo(aliceGrant.toString());
        assertThat(answer.jsonPath().getLong("revokedAt"))
                .isEqualTo(db.queryLong("SELECT " + Db.millis("revoked_at") + " FROM revocation"));
        assertThat(answer.jsonPath().getLong("expiresAt"))
                .isEqualTo(
                        RevocationBounds.DEFAULTS.expiresAt(
                                answer.jsonPath().getLong("revokedAt")));
        assertThat(
                        db.queryString(
                                "SELECT concat_ws('|', kind, subject, client_id, user_id, reason,"
                                        + " actor) FROM revocation"))
                .isEqualTo(
                        "grant|"
                                + aliceGrant
                                + "|"
                                + APP
                                + "|"
                                + alice
                                + "|user_revoked|user:"
                                + alice);
        assertThat(db.queryLong("SELECT count(*) FROM outbox WHERE sequence = " + sequence))
                .isEqualTo(1);
    }

    @Test
    void userRevokeWhenRepeatedThen200SameSequenceAndOneRow() {
        Response first = userRevoke(alice, aliceGrant.toString(), consentToken());
        Response again = userRevoke(alice, aliceGrant.toString(), consentToken());

        first.then().statusCode(201);
        again.then().statusCode(200);
        assertThat(again.jsonPath().getLong("sequence"))
                .isEqualTo(first.jsonPath().getLong("sequence"));
        assertThat(db.queryLong("SELECT count(*) FROM revocation")).isEqualTo(1);
    }

    @Test
    void userRevokeWhenGrantBelongsToAnotherUserOrIsUnknownThen404ProblemAndNothingRecorded() {
        for (String[] attempt :
                new String[][] {
                    {bob.toString(), aliceGrant.toString()},
                    {alice.toString(), UUID.randomUUID().toString()},
                    {alice.toString(), "not-a-grant-id"},
                    {"not-a-user", aliceGrant.toString()}
                }) {
            Response answer =
                    given().header("Authorization", "Bearer " + consentToken())
                            .post(
                                    "/internal/v1/users/"
                                            + attempt[0]
                                            + "/grants/"
                                            + attempt[1]
                                            + "/revocations");
            assertThat(answer.statusCode()).as(String.join("/", attempt)).isEqualTo(404);
            assertThat(answer.contentType()).startsWith("application/problem+json");
        }
        assertNothingRecorded();
    }

    @Test
    void userAndAdminApisWhenNotConsentServiceThen403AndCommandsNotForConsentService() {
        // grant-service's own token (TestTokens' default) may submit commands, not user revokes.
        Response asGrantService = userRevoke(alice, aliceGrant.toString(), TestTokens.valid());
        Response adminAsGrantService =
                given().header("Authorization", TestTokens.bearer())
                        .header("Grantwire-Acting-User", admin.toString())
                        .contentType("application/json")
                        .body("{\"kind\":\"user\",\"subject\":\"" + bob + "\"}")
                        .post(ADMIN_PATH);
        Response commandAsConsent =
                CommandResourceTest.post(
                        CommandResourceTest.grantCommand(UUID.randomUUID(), aliceGrant.toString()),
                        "Bearer " + consentToken());
        Response userAsAnonymous =
                given().post(
                                "/internal/v1/users/"
                                        + alice
                                        + "/grants/"
                                        + aliceGrant
                                        + "/revocations");

        for (Response answer :
                new Response[] {asGrantService, adminAsGrantService, commandAsConsent}) {
            answer.then().statusCode(403).contentType("application/problem+json");
        }
        userAsAnonymous.then().statusCode(401).contentType("application/problem+json");
        assertNothingRecorded();
        // The ledger is read by both.
        given().header("Authorization", "Bearer " + consentToken())
                .get("/internal/v1/revocations")
                .then()
                .statusCode(200);
    }

    @Test
    void adminRevokeWhenActingUserIsNotAnAdminThen403ProblemAndNothingRecorded() {
        String body = "{\"kind\":\"client\",\"subject\":\"" + APP + "\",\"scope\":\"grants\"}";
        for (String acting :
                new String[] {alice.toString(), UUID.randomUUID().toString(), "nobody", null}) {
            Response answer = adminRevoke(acting, body);
            assertThat(answer.statusCode()).as(String.valueOf(acting)).isEqualTo(403);
            assertThat(answer.contentType()).startsWith("application/problem+json");
        }
        assertNothingRecorded();
    }

    @Test
    void adminRevokeWhenAppTokensThenClientRevocationWithScopeTokensAndCutoff() {
        Response answer =
                adminRevoke(
                        admin.toString(),
                        "{\"kind\":\"client\",\"subject\":\""
                                + APP
                                + "\",\"scope\":\"tokens\",\"reason\":\"secret leaked\"}");

        answer.then().statusCode(201);
        long revokedAt = answer.jsonPath().getLong("revokedAt");
        assertThat(answer.jsonPath().getString("scope")).isEqualTo("tokens");
        assertThat(answer.jsonPath().getLong("cutoff"))
                .isEqualTo(RevocationBounds.DEFAULTS.cutoff(revokedAt))
                .isEqualTo(db.queryLong("SELECT " + Db.millis("cutoff") + " FROM revocation"));
        assertThat(
                        db.queryString(
                                "SELECT concat_ws('|', sequence, kind, subject, scope, client_id,"
                                        + " reason, actor) FROM revocation"))
                .isEqualTo(
                        answer.jsonPath().getLong("sequence")
                                + "|client|"
                                + APP
                                + "|tokens|"
                                + APP
                                + "|secret leaked|admin:"
                                + admin);
    }

    // Outside review 9: an admin may revoke one of Grantwire's own services (grant-service knows it
    // as no third-party app), and nobody else may.
    @Test
    void adminRevokeWhenInternalClientThenClientRevocationRecorded() {
        Response answer =
                adminRevoke(
                        admin.toString(),
                        "{\"kind\":\"client\",\"subject\":\"consent-service\","
                                + "\"scope\":\"tokens\",\"reason\":\"service compromised\"}");

        answer.then().statusCode(201);
        assertThat(
                        db.queryString(
                                "SELECT concat_ws('|', kind, subject, scope, actor) FROM"
                                        + " revocation"))
                .isEqualTo("client|consent-service|tokens|admin:" + admin);
    }

    @Test
    void adminRevokeWhenAppGrantsTwiceThenTwoRecordsWithLaterSequence() {
        String body = "{\"kind\":\"client\",\"subject\":\"" + APP + "\",\"scope\":\"grants\"}";
        Response first = adminRevoke(admin.toString(), body);
        Response second = adminRevoke(admin.toString(), body);

        first.then().statusCode(201);
        second.then().statusCode(201);
        assertThat(second.jsonPath().getLong("sequence"))
                .isGreaterThan(first.jsonPath().getLong("sequence"));
        assertThat(
                        db.queryLong(
                                "SELECT count(*) FROM revocation WHERE kind = 'client' AND scope ="
                                        + " 'grants' AND subject = '"
                                        + APP
                                        + "' AND cutoff IS NOT NULL"))
                .isEqualTo(2);
    }

    @Test
    void adminRevokeWhenUserThenUserRevocationWithScopeGrantsAndCutoff() {
        Response answer =
                adminRevoke(admin.toString(), "{\"kind\":\"user\",\"subject\":\"" + bob + "\"}");

        answer.then().statusCode(201);
        assertThat(answer.jsonPath().getLong("cutoff"))
                .isEqualTo(
                        RevocationBounds.DEFAULTS.cutoff(answer.jsonPath().getLong("revokedAt")));
        assertThat(
                        db.queryString(
                                "SELECT concat_ws('|', kind, subject, scope, user_id, reason, actor)"
                                        + " FROM revocation"))
                .isEqualTo("user|" + bob + "|grants|" + bob + "|admin_revoked|admin:" + admin);
    }

    @Test
    void adminRevokeWhenGrantThenGrantRevocationWithItsOwnerAndApp() {
        Response answer =
                adminRevoke(
                        admin.toString(),
                        "{\"kind\":\"grant\",\"subject\":\"" + aliceGrant + "\"}");

        answer.then().statusCode(201);
        assertThat(
                        db.queryString(
                                "SELECT concat_ws('|', kind, subject, client_id, user_id, actor)"
                                        + " FROM revocation WHERE cutoff IS NULL AND scope IS NULL"))
                .isEqualTo("grant|" + aliceGrant + "|" + APP + "|" + alice + "|admin:" + admin);
    }

    @Test
    void adminRevokeWhenBadOrUnknownSubjectThen400Or404ProblemAndNothingRecorded() {
        String[][] cases = {
            {"{not json", "400"},
            {"[]", "400"},
            {"{\"kind\":\"planet\",\"subject\":\"x\"}", "400"},
            {"{\"kind\":\"token\",\"subject\":\"" + UUID.randomUUID() + "\"}", "400"},
            {"{\"kind\":\"client\",\"subject\":\"" + APP + "\"}", "400"},
            {"{\"kind\":\"user\",\"subject\":\"" + bob + "\",\"scope\":\"tokens\"}", "400"},
            {"{\"kind\":\"user\",\"subject\":\"not-a-uuid\"}", "400"},
            {"{\"kind\":\"grant\",\"subject\":\"" + aliceGrant + "\",\"scope\":\"grants\"}", "400"},
            {"{\"kind\":\"client\",\"subject\":42,\"scope\":\"tokens\"}", "400"},
            {"{\"kind\":\"client\",\"subject\":\"no-such-app\",\"scope\":\"tokens\"}", "404"},
            {"{\"kind\":\"user\",\"subject\":\"" + UUID.randomUUID() + "\"}", "404"},
            {"{\"kind\":\"grant\",\"subject\":\"" + UUID.randomUUID() + "\"}", "404"}
        };
        for (String[] attempt : cases) {
            Response answer = adminRevoke(admin.toString(), attempt[0]);
            assertThat(answer.statusCode()).as(attempt[0]).isEqualTo(Integer.parseInt(attempt[1]));
            assertThat(answer.contentType()).as(attempt[0]).startsWith("application/problem+json");
        }
        assertNothingRecorded();
    }

    @Test
    void adminRevokeWhenGrantServiceUnavailableThen503ProblemAndNothingRecorded() {
        FakeGrantService.down = true;

        Response answer =
                adminRevoke(admin.toString(), "{\"kind\":\"user\",\"subject\":\"" + bob + "\"}");

        answer.then().statusCode(503).contentType("application/problem+json");
        assertThat(answer.header("Retry-After")).isEqualTo("1");
        assertNothingRecorded();
    }

    private static String consentToken() {
        return TestTokens.mint(
                b -> b.subject("consent-service").claim("client_id", "consent-service"));
    }

    private static Response userRevoke(UUID user, String grantId, String token) {
        return given().header("Authorization", "Bearer " + token)
                .post("/internal/v1/users/" + user + "/grants/" + grantId + "/revocations");
    }

    private static Response adminRevoke(String actingUser, String body) {
        var request =
                given().header("Authorization", "Bearer " + consentToken())
                        .contentType("application/json")
                        .body(body);
        if (actingUser != null) {
            request.header("Grantwire-Acting-User", actingUser);
        }
        return request.post(ADMIN_PATH);
    }

    private void assertNothingRecorded() {
        assertThat(db.queryLong("SELECT count(*) FROM revocation")).isZero();
        assertThat(db.queryLong("SELECT count(*) FROM outbox")).isZero();
    }
}
