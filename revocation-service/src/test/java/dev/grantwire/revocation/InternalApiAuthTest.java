package dev.grantwire.revocation;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

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

    private void assertNothingWritten() {
        assertThat(db.queryLong("SELECT count(*) FROM revocation")).isZero();
        assertThat(db.queryLong("SELECT count(*) FROM outbox")).isZero();
    }

    private static String command() {
        return CommandResourceTest.grantCommand(UUID.randomUUID(), UUID.randomUUID().toString());
    }
}
