package dev.grantwire.revocation;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

import dev.grantwire.events.RevocationKind;
import dev.grantwire.events.RevocationScope;
import dev.grantwire.revocation.service.RevocationRecorder;
import dev.grantwire.testsupport.quarkus.KafkaAndPostgresResource;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The internal APIs accept only grant-service service tokens with revocations.internal. */
@QuarkusTest
@QuarkusTestResource(
        value = KafkaAndPostgresResource.class,
        initArgs = @ResourceArg(name = "database", value = "revocation_service"))
class InternalApiAuthTest {

    private static final String LEDGER = "/internal/v1/revocations";

    @Inject AgroalDataSource dataSource;
    @Inject RevocationRecorder recorder;

    private Db db;

    @BeforeEach
    void open() {
        db = new Db(dataSource);
    }

    @AfterEach
    void clear() {
        db.clear();
    }

    @Test
    void commandWhenNoTokenThen401BearerChallengeProblemAndNothingWritten() {
        for (String authorization :
                new String[] {null, "Basic Zm9vOmJhcg==", "Bearer ", "Bearer"}) {
            Response answer = CommandResourceTest.post(command(), authorization);
            assertThat(answer.statusCode()).as(String.valueOf(authorization)).isEqualTo(401);
            assertThat(answer.header("WWW-Authenticate")).startsWith("Bearer");
            assertThat(answer.contentType()).startsWith("application/problem+json");
            assertThat(answer.jsonPath().getInt("status")).isEqualTo(401);
        }
        assertNothingWritten();
    }

    @Test
    void ledgerWhenNoTokenOrBadTokenThen401() {
        given().when()
                .get(LEDGER)
                .then()
                .statusCode(401)
                .header("WWW-Authenticate", org.hamcrest.Matchers.startsWith("Bearer"))
                .contentType("application/problem+json");
        given().header("Authorization", "Bearer not.a.jwt")
                .when()
                .get(LEDGER)
                .then()
                .statusCode(401)
                .contentType("application/problem+json");
        given().header("Authorization", TestTokens.bearer())
                .when()
                .get(LEDGER)
                .then()
                .statusCode(200);
    }

    @Test
    void commandWhenTokenIsInvalidThen401AndNothingWritten() {
        Instant past = Instant.now().minusSeconds(60);
        Map<String, String> invalid = new LinkedHashMap<>();
        invalid.put("garbage", "not.a.jwt");
        invalid.put(
                "expired beyond the skew",
                TestTokens.mint(
                        b ->
                                b.issueTime(Date.from(past))
                                        .expirationTime(
                                                Date.from(Instant.now().minusSeconds(10)))));
        invalid.put("another issuer", TestTokens.mint(b -> b.issuer("http://evil.example")));
        invalid.put("no expiry", TestTokens.mint(b -> b.expirationTime(null)));
        invalid.put(
                "another key, same kid",
                TestTokens.sign(TestTokens.generate(TestTokens.key().getKeyID()), b -> b));
        invalid.put(
                "another key, unknown kid",
                TestTokens.sign(TestTokens.generate("intruder"), b -> b));
        for (Map.Entry<String, String> token : invalid.entrySet()) {
            Response answer = CommandResourceTest.post(command(), "Bearer " + token.getValue());
            assertThat(answer.statusCode()).as(token.getKey()).isEqualTo(401);
            assertThat(answer.header("WWW-Authenticate"))
                    .as(token.getKey())
                    .startsWith("Bearer")
                    .contains("invalid_token");
            assertThat(answer.contentType()).startsWith("application/problem+json");
        }
        assertNothingWritten();
    }

    @Test
    void commandWhenTokenIsNotAServiceTokenForThisServiceThen403AndNothingWritten() {
        Map<String, String> forbidden = new LinkedHashMap<>();
        forbidden.put(
                "without revocations.internal",
                TestTokens.mint(b -> b.claim("scope", "grants.read")));
        forbidden.put("without scope", TestTokens.mint(b -> b.claim("scope", null)));
        forbidden.put(
                "wrong audience", TestTokens.mint(b -> b.audience("urn:grantwire:grant-service")));
        forbidden.put(
                "a user's delegated token",
                TestTokens.mint(b -> b.claim("grant_id", UUID.randomUUID().toString())));
        for (Map.Entry<String, String> token : forbidden.entrySet()) {
            Response answer = CommandResourceTest.post(command(), "Bearer " + token.getValue());
            assertThat(answer.statusCode()).as(token.getKey()).isEqualTo(403);
            assertThat(answer.header("WWW-Authenticate")).as(token.getKey()).startsWith("Bearer");
            assertThat(answer.contentType()).startsWith("application/problem+json");
            assertThat(answer.jsonPath().getInt("status")).isEqualTo(403);
        }
        assertNothingWritten();
    }

    @Test
    void commandWhenTokenExpiredWithinTheSkewOrHasSeveralScopesThenAccepted() {
        String token =
                TestTokens.mint(
                        b ->
                                b.expirationTime(Date.from(Instant.now().minusSeconds(2)))
                                        .claim("scope", "grants.read revocations.internal")
                                        .audience(
                                                java.util.List.of(
                                                        "urn:grantwire:grant-service",
                                                        TestTokens.AUDIENCE)));
        CommandResourceTest.post(command(), "Bearer " + token).then().statusCode(201);
        assertThat(db.queryLong("SELECT count(*) FROM revocation")).isEqualTo(1);
    }

    // Outside review 9: internal service tokens can be killed, by jti or by an admin's revocation
    // of
    // the internal client, and a token issued after the cutoff works again.
    @Test
    void ledgerWhenServiceTokenOrItsClientRevokedThen401AndATokenAfterTheCutoffPasses() {
        String jti = UUID.randomUUID().toString();
        String revokedById = TestTokens.mint(b -> b.jwtID(jti));
        String beforeCutoff = TestTokens.valid();
        ledger(revokedById).then().statusCode(200);
        ledger(beforeCutoff).then().statusCode(200);

        recorder.record(
                new RevocationRecorder.Command(
                        UUID.randomUUID(),
                        RevocationKind.TOKEN,
                        jti,
                        null,
                        "grant-service",
                        null,
                        "test",
                        "admin:test"));
        ledger(revokedById)
                .then()
                .statusCode(401)
                .header("WWW-Authenticate", containsString("invalid_token"));
        ledger(beforeCutoff).then().statusCode(200);

        RevocationRecorder.Recorded client =
                recorder.record(
                        new RevocationRecorder.Command(
                                UUID.randomUUID(),
                                RevocationKind.CLIENT,
                                "grant-service",
                                RevocationScope.TOKENS,
                                "grant-service",
                                null,
                                "admin_revoked",
                                "admin:test"));
        Instant cutoff = Instant.ofEpochMilli(client.event().cutoff());
        ledger(beforeCutoff).then().statusCode(401);
        ledger(TestTokens.valid()).then().statusCode(401);
        ledger(TestTokens.mint(b -> b.issueTime(Date.from(cutoff.minusSeconds(1)))))
                .then()
                .statusCode(401);
        ledger(TestTokens.mint(b -> b.issueTime(Date.from(cutoff)))).then().statusCode(200);
        // Another client's token is not touched by grant-service's revocation.
        ledger(TestTokens.mint(b -> b.claim("client_id", "consent-service")))
                .then()
                .statusCode(200);
    }

    private static Response ledger(String token) {
        return given().header("Authorization", "Bearer " + token).when().get(LEDGER);
    }

    private void assertNothingWritten() {
        assertThat(db.queryLong("SELECT count(*) FROM revocation")).isZero();
        assertThat(db.queryLong("SELECT count(*) FROM outbox")).isZero();
    }

    private static String command() {
        return CommandResourceTest.grantCommand(UUID.randomUUID(), UUID.randomUUID().toString());
    }
}
