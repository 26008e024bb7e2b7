package dev.grantwire.examples.resource;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import dev.grantwire.guard.quarkus.GuardFeed;
import dev.grantwire.testsupport.quarkus.KafkaAndPostgresResource;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Work items are stored per user (the token's sub) in PostgreSQL and listed per user. */
@QuarkusTest
@QuarkusTestResource(
        value = KafkaAndPostgresResource.class,
        initArgs = @ResourceArg(name = "database", value = "resource_api"))
@QuarkusTestResource(TestIssuerResource.class)
class WorkItemResourceTest {

    private static final String READ_WRITE = "work_items.read work_items.write";

    @Inject GuardFeed guard;
    @Inject AgroalDataSource database;

    @BeforeEach
    void freshFeed() {
        Feed.freshWatermark(guard);
    }

    @Test
    void postWhenWriteScopeThenStoredForTheTokensSubjectAndListedOnlyForThatUser()
            throws Exception {
        String alice = UUID.randomUUID().toString();
        String bob = UUID.randomUUID().toString();
        String aliceToken = Tokens.delegated(alice, UUID.randomUUID(), READ_WRITE);
        String bobToken = Tokens.delegated(bob, UUID.randomUUID(), READ_WRITE);

        int id =
                given().auth()
                        .oauth2(aliceToken)
                        .contentType("application/json")
                        .body("{\"title\":\"  Fix the login page \"}")
                        .post("/api/work-items")
                        .then()
                        .statusCode(201)
                        .header("Location", containsString("/api/work-items/"))
                        .extract()
                        .path("id");
        given().auth()
                .oauth2(bobToken)
                .contentType("application/json")
                .body("{\"title\":\"Bob's item\"}")
                .post("/api/work-items")
                .then()
                .statusCode(201);

        assertThat(rowsOf(alice)).containsExactly(id + " Fix the login page new");
        assertThat(rowsOf(bob)).hasSize(1);
        given().auth()
                .oauth2(aliceToken)
                .get("/api/work-items")
                .then()
                .statusCode(200)
                .body("$", hasSize(1))
                .body("[0].title", equalTo("Fix the login page"))
                .body("[0].ownerId", equalTo(alice));
        given().auth()
                .oauth2(bobToken)
                .get("/api/work-items")
                .then()
                .body("$", hasSize(1))
                .body("[0].title", equalTo("Bob's item"));
    }

    @Test
    void postWhenTitleBlankThenBadRequestAndNothingStored() throws Exception {
        String user = UUID.randomUUID().toString();
        given().auth()
                .oauth2(Tokens.delegated(user, UUID.randomUUID(), READ_WRITE))
                .contentType("application/json")
                .body("{\"title\":\"   \"}")
                .post("/api/work-items")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("detail", equalTo("title is required"));
        assertThat(rowsOf(user)).isEmpty();
    }

    private List<String> rowsOf(String owner) throws Exception {
        try (Connection connection = database.getConnection();
                PreparedStatement statement =
                        connection.prepareStatement(
                                "SELECT id, title, state FROM work_item WHERE owner_id = ?"
                                        + " ORDER BY id")) {
            statement.setString(1, owner);
            try (ResultSet rows = statement.executeQuery()) {
                List<String> found = new ArrayList<>();
                while (rows.next()) {
                    found.add(rows.getLong(1) + " " + rows.getString(2) + " " + rows.getString(3));
                }
                return found;
            }
        }
    }
}
