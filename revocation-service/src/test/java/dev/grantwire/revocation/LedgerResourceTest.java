package dev.grantwire.revocation;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.grantwire.events.RevocationKind;
import dev.grantwire.events.RevocationScope;
import dev.grantwire.revocation.service.RevocationRecorder;
import dev.grantwire.revocation.service.RevocationRecorder.Command;
import dev.grantwire.testsupport.quarkus.KafkaAndPostgresResource;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The ledger API: in sequence order, after a sequence, by app and by user. */
@QuarkusTest
@QuarkusTestResource(
        value = KafkaAndPostgresResource.class,
        initArgs = @ResourceArg(name = "database", value = "revocation_service"))
class LedgerResourceTest {

    @Inject AgroalDataSource dataSource;
    @Inject RevocationRecorder recorder;

    @AfterEach
    void clear() {
        new Db(dataSource).clear();
    }

    @Test
    void ledgerWhenFilteredBySinceClientAndUserThenOnlyMatchingRowsInOrder() {
        long grantA =
                record(RevocationKind.GRANT, UUID.randomUUID().toString(), null, "app-a", "u1");
        long clientA = record(RevocationKind.CLIENT, "app-a", RevocationScope.GRANTS, null, null);
        long userU2 = record(RevocationKind.USER, "u2", null, null, null);
        long grantB =
                record(RevocationKind.GRANT, UUID.randomUUID().toString(), null, "app-b", "u2");

        assertThat(sequences(get("?since=0"))).containsExactly(grantA, clientA, userU2, grantB);
        assertThat(sequences(get("?since=" + clientA))).containsExactly(userU2, grantB);
        assertThat(sequences(get("?clientId=app-a"))).containsExactly(grantA, clientA);
        assertThat(sequences(get("?userId=u2"))).containsExactly(userU2, grantB);
        assertThat(sequences(get("?userId=u2&clientId=app-b"))).containsExactly(grantB);
        JsonPath page = get("?limit=2");
        assertThat(sequences(page)).containsExactly(grantA, clientA);
        assertThat(page.getLong("next")).isEqualTo(clientA);
        assertThat(page.getString("revocations[1].kind")).isEqualTo("client");
        assertThat(page.getString("revocations[1].scope")).isEqualTo("grants");
        assertThat(page.getLong("revocations[1].cutoff") % 1000).isZero();
    }

    @Test
    void ledgerWhenAskedSinceATimeThenOnlyRevocationsFromThatTime() {
        long before = record(RevocationKind.USER, "u-early", null, null, null);
        long boundary = get("?since=" + (before - 1)).getLong("revocations[0].revokedAt");
        long after;
        do {
            // revokedAt comes from the database clock in milliseconds: step past the first one.
            after = record(RevocationKind.USER, "u-late", null, null, null);
        } while (get("?since=" + (after - 1)).getLong("revocations[0].revokedAt") == boundary);
        String from = java.time.Instant.ofEpochMilli(boundary + 1).toString();

        assertThat(sequences(get("?revokedSince=" + from))).contains(after).doesNotContain(before);
        assertThat(sequences(get("?revokedSince=" + java.time.Instant.ofEpochMilli(boundary))))
                .contains(before, after);
    }

    // Outside review 10: the audit page shows the newest rows, not the oldest.
    @Test
    void newestWhenAskedThenTheLatestRowsNewestFirst() {
        List<Long> recorded = new java.util.ArrayList<>();
        for (int i = 0; i < 5; i++) {
            recorded.add(record(RevocationKind.USER, "u-" + i, null, null, null));
        }
        JsonPath newest = get("/newest?limit=3");
        assertThat(sequences(newest))
                .containsExactly(recorded.get(4), recorded.get(3), recorded.get(2));
        assertThat(newest.getLong("next")).isEqualTo(recorded.get(4));
        assertThat(newest.getString("revocations[0].subject")).isEqualTo("u-4");
        assertThat(sequences(get("/newest"))).hasSize(5).first().isEqualTo(recorded.get(4));
        for (String query : List.of("/newest?limit=0", "/newest?limit=x", "/newest?limit=1001")) {
            given().header("Authorization", TestTokens.bearer())
                    .when()
                    .get("/internal/v1/revocations" + query)
                    .then()
                    .statusCode(400)
                    .contentType("application/problem+json");
        }
    }

    @Test
    void ledgerWhenParametersAreBadThen400Problem() {
        for (String query :
                List.of(
                        "?since=x",
                        "?limit=0",
                        "?limit=100000",
                        "?since=-1",
                        "?revokedSince=yesterday")) {
            given().header("Authorization", TestTokens.bearer())
                    .when()
                    .get("/internal/v1/revocations" + query)
                    .then()
                    .statusCode(400)
                    .contentType("application/problem+json");
        }
    }

    private long record(
            RevocationKind kind,
            String subject,
            RevocationScope scope,
            String clientId,
            String userId) {
        return recorder.record(
                        new Command(
                                UUID.randomUUID(),
                                kind,
                                subject,
                                scope,
                                clientId,
                                userId,
                                "test",
                                "admin:test"))
                .sequence();
    }

    private static JsonPath get(String query) {
        return given().header("Authorization", TestTokens.bearer())
                .when()
                .get("/internal/v1/revocations" + query)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
    }

    private static List<Long> sequences(JsonPath page) {
        return page.getList("revocations.sequence", Long.class);
    }
}
