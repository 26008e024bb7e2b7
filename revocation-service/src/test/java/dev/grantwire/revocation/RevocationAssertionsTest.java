package dev.grantwire.revocation;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.jwk.RSAKey;
import dev.grantwire.internal.revocations.RevocationAssertions;
import dev.grantwire.testsupport.quarkus.KafkaAndPostgresResource;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Revokes carried by grant-service's signed assertions: revocation-service checks them itself and
 * records without asking grant-service, which is down here ({@link FakeGrantService#down}: any call
 * to it would be a 503). Every assertion that is not exactly right is refused with nothing
 * recorded.
 */
@QuarkusTest
@QuarkusTestResource(
        value = KafkaAndPostgresResource.class,
        initArgs = @ResourceArg(name = "database", value = "revocation_service"))
class RevocationAssertionsTest {

    private static final String APP = "tracker";

    @Inject AgroalDataSource dataSource;

    private Db db;
    private final UUID alice = UUID.randomUUID();
    private final UUID admin = UUID.randomUUID();
    private final UUID grant = UUID.randomUUID();

    @BeforeEach
    void open() {
        db = new Db(dataSource);
        FakeGrantService.reset();
        FakeGrantService.down = true;
    }

    @AfterEach
    void close() {
        db.clear();
        FakeGrantService.reset();
    }

    private static String ownership(
            RSAKey key,
            UUID user,
            UUID grantId,
            UnaryOperator<com.nimbusds.jwt.JWTClaimsSet.Builder> change) {
        return TestTokens.assertion(
                key,
                RevocationAssertions.OWNERSHIP_TYPE,
                user,
                b ->
                        change.apply(
                                b.claim(RevocationAssertions.GRANT_ID, grantId.toString())
                                        .claim(RevocationAssertions.CLIENT_ID, APP)));
    }

    private String ownership() {
        return ownership(TestTokens.key(), alice, grant, UnaryOperator.identity());
    }

    private String adminAssertion(UUID user) {
        return TestTokens.assertion(
                TestTokens.key(), RevocationAssertions.ADMIN_TYPE, user, UnaryOperator.identity());
    }

    @Test
    void userRevokeWhenOwnershipAssertedThenRecordedAloneWithAppAndUserFromTheAssertion() {
        Response answer = userRevoke(alice, grant, ownership());

        answer.then().statusCode(201);
        assertThat(answer.jsonPath().getLong("sequence"))
                .isEqualTo(db.queryLong("SELECT sequence FROM revocation"));
        assertThat(
                        db.queryString(
                                "SELECT concat_ws('|', kind, subject, client_id, user_id, reason,"
                                        + " actor) FROM revocation"))
                .isEqualTo(
                        "grant|" + grant + "|" + APP + "|" + alice + "|user_revoked|user:" + alice);
        assertThat(db.queryLong("SELECT count(*) FROM outbox")).isEqualTo(1);
        // The same revoke again replays the first record, still without grant-service.
        userRevoke(alice, grant, ownership()).then().statusCode(200);
        assertThat(db.queryLong("SELECT count(*) FROM revocation")).isEqualTo(1);
    }

    @Test
    void userRevokeWhenNoAssertionAndGrantServiceDownThen503AndNothingRecorded() {
        userRevoke(alice, grant, null).then().statusCode(503);
        assertNothingRecorded();
    }

    @Test
    void userRevokeWhenAssertionForgedExpiredMisaddressedOrMismatchedThen403AndNothingRecorded() {
        RSAKey stranger = TestTokens.generate("stranger");
        UUID bob = UUID.randomUUID();
        List<String> refused =
                List.of(
                        // signed by a key grant-service never published, though it names its kid
                        ownership(
                                new RSAKey.Builder(stranger)
                                        .keyID(TestTokens.key().getKeyID())
                                        .build(),
                                alice,
                                grant,
                                UnaryOperator.identity()),
                        ownership(
                                TestTokens.key(),
                                alice,
                                grant,
                                b -> b.expirationTime(Date.from(Instant.now().minusSeconds(60)))),
                        ownership(
                                TestTokens.key(),
                                alice,
                                grant,
                                b -> b.audience("urn:grantwire:grant-service")),
                        ownership(
                                TestTokens.key(),
                                alice,
                                grant,
                                b -> b.issuer("https://elsewhere.example")),
                        ownership(TestTokens.key(), bob, grant, UnaryOperator.identity()),
                        ownership(
                                TestTokens.key(),
                                alice,
                                UUID.randomUUID(),
                                UnaryOperator.identity()),
                        ownership(
                                TestTokens.key(),
                                alice,
                                grant,
                                b -> b.claim(RevocationAssertions.CLIENT_ID, null)),
                        // an access token (typ at+jwt) or an admin assertion is no ownership
                        TestTokens.mint(
                                b ->
                                        b.subject(alice.toString())
                                                .claim("grant_id", grant.toString())
                                                .claim("client_id", APP)),
                        adminAssertion(alice),
                        "not-a-jws");
        for (String assertion : refused) {
            Response answer = userRevoke(alice, grant, assertion);
            assertThat(answer.statusCode()).as(assertion).isEqualTo(403);
            assertThat(answer.contentType()).startsWith("application/problem+json");
        }
        assertNothingRecorded();
    }

    @Test
    void adminRevokeWhenAdminAssertedThenUserAndAppRecordedAlone() {
        adminRevoke(
                        admin,
                        adminAssertion(admin),
                        "{\"kind\":\"user\",\"subject\":\"" + alice + "\"}")
                .then()
                .statusCode(201);
        adminRevoke(
                        admin,
                        adminAssertion(admin),
                        "{\"kind\":\"client\",\"subject\":\"" + APP + "\",\"scope\":\"grants\"}")
                .then()
                .statusCode(201);
        assertThat(
                        db.queryString(
                                "SELECT string_agg(concat_ws('|', kind, subject, scope, actor), ','"
                                        + " ORDER BY sequence) FROM revocation"))
                .isEqualTo(
                        "user|"
                                + alice
                                + "|grants|admin:"
                                + admin
                                + ",client|"
                                + APP
                                + "|grants|admin:"
                                + admin);
    }

    @Test
    void adminRevokeWhenGrantWithItsOwnershipThenRecordedAloneWithItsUserAndApp() {
        adminRevoke(
                        admin,
                        adminAssertion(admin),
                        "{\"kind\":\"grant\",\"subject\":\""
                                + grant
                                + "\",\"ownership\":\""
                                + ownership()
                                + "\"}")
                .then()
                .statusCode(201);
        assertThat(
                        db.queryString(
                                "SELECT concat_ws('|', kind, subject, client_id, user_id, actor)"
                                        + " FROM revocation"))
                .isEqualTo("grant|" + grant + "|" + APP + "|" + alice + "|admin:" + admin);
    }

    @Test
    void adminRevokeWhenAssertionWrongOrGrantWithoutOwnershipThenRefusedAndNothingRecorded() {
        String user = "{\"kind\":\"user\",\"subject\":\"" + alice + "\"}";
        assertThat(adminRevoke(admin, adminAssertion(alice), user).statusCode()).isEqualTo(403);
        assertThat(adminRevoke(admin, ownership(), user).statusCode()).isEqualTo(403);
        assertThat(
                        adminRevoke(
                                        admin,
                                        TestTokens.assertion(
                                                TestTokens.key(),
                                                RevocationAssertions.ADMIN_TYPE,
                                                admin,
                                                b ->
                                                        b.expirationTime(
                                                                Date.from(
                                                                        Instant.now()
                                                                                .minusSeconds(
                                                                                        60)))),
                                        user)
                                .statusCode())
                .isEqualTo(403);
        assertThat(adminRevoke(admin, TestTokens.valid(), user).statusCode()).isEqualTo(403);
        String grantAlone = "{\"kind\":\"grant\",\"subject\":\"" + grant + "\"}";
        assertThat(adminRevoke(admin, adminAssertion(admin), grantAlone).statusCode())
                .isEqualTo(400);
        String otherGrant =
                "{\"kind\":\"grant\",\"subject\":\""
                        + UUID.randomUUID()
                        + "\",\"ownership\":\""
                        + ownership()
                        + "\"}";
        assertThat(adminRevoke(admin, adminAssertion(admin), otherGrant).statusCode())
                .isEqualTo(403);
        assertNothingRecorded();
    }

    private static String consentToken() {
        return TestTokens.mint(
                b -> b.subject("consent-service").claim("client_id", "consent-service"));
    }

    private static Response userRevoke(UUID user, UUID grantId, String ownership) {
        var request = given().header("Authorization", "Bearer " + consentToken());
        if (ownership != null) {
            request.header(RevocationAssertions.OWNERSHIP_HEADER, ownership);
        }
        return request.post("/internal/v1/users/" + user + "/grants/" + grantId + "/revocations");
    }

    private static Response adminRevoke(UUID actingUser, String assertion, String body) {
        return given().header("Authorization", "Bearer " + consentToken())
                .header("Grantwire-Acting-User", actingUser.toString())
                .header(RevocationAssertions.ADMIN_HEADER, assertion)
                .contentType("application/json")
                .body(body)
                .post("/internal/v1/admin/revocations");
    }

    private void assertNothingRecorded() {
        assertThat(db.queryLong("SELECT count(*) FROM revocation")).isZero();
        assertThat(db.queryLong("SELECT count(*) FROM outbox")).isZero();
    }
}
