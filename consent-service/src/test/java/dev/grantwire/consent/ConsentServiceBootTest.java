package dev.grantwire.consent;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.grantwire.testsupport.quarkus.ManagementInterface;
import dev.grantwire.testsupport.quarkus.PostgresResource;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Against a real PostgreSQL: the schema migrates (including its checks), and the account page is
 * not served to anonymous callers. The sign-in itself is tested through the real Keycloak in
 * system-tests.
 */
@QuarkusTest
@QuarkusTestResource(
        value = PostgresResource.class,
        initArgs = @ResourceArg(name = "database", value = "consent_service"))
class ConsentServiceBootTest {

    @Inject AgroalDataSource database;

    @Test
    void migrateWhenRequestUsesPlainPkceThenDatabaseRefusesIt() throws SQLException {
        String insert =
                "INSERT INTO authorization_request (id, client_id, redirect_uri, scopes,"
                        + " code_challenge, code_challenge_method, expires_at)"
                        + " VALUES (?, 'app', 'https://app.example/cb', 'code.read', 'x', ?,"
                        + " clock_timestamp() + interval '10 minutes')";
        try (Connection connection = database.getConnection();
                PreparedStatement statement = connection.prepareStatement(insert)) {
            statement.setObject(1, UUID.randomUUID());
            statement.setString(2, "S256");
            assertThat(statement.executeUpdate()).isEqualTo(1);
            statement.setObject(1, UUID.randomUUID());
            statement.setString(2, "plain");
            org.assertj.core.api.Assertions.assertThatThrownBy(statement::executeUpdate)
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("code_challenge_method");
        }
    }

    // RFC 9700 section 4.13: outside the local stack (plain http on 127.0.0.1) the session cookie
    // is Secure; only the "local" profile turns that off.
    @Test
    void sessionCookieWhenAnyProfileButLocalThenSecure() {
        assertThat(
                        org.eclipse.microprofile.config.ConfigProvider.getConfig()
                                .getValue(
                                        "quarkus.oidc.authentication.cookie-force-secure",
                                        Boolean.class))
                .isTrue();
    }

    @Test
    void accountAndAuthorizeWhenAnonymousThenRefusedAndOperationalEndpointsAnswer() {
        given().redirects().follow(false).get("/account").then().statusCode(401);
        given().redirects()
                .follow(false)
                .queryParam("request", UUID.randomUUID().toString())
                .get("/oauth2/authorize/continue")
                .then()
                .statusCode(401);
        given().redirects()
                .follow(false)
                .formParam("request", UUID.randomUUID().toString())
                .formParam("decision", "accept")
                .post("/oauth2/authorize/decision")
                .then()
                .statusCode(401);
        for (String path :
                new String[] {
                    "/authorizations",
                    "/authorizations/" + UUID.randomUUID() + "/revoke",
                    "/admin",
                    "/admin/authorizations",
                    "/admin/audit",
                    "/admin/confirm?action=REVOKE_USER&subject=" + UUID.randomUUID()
                }) {
            given().redirects().follow(false).get(path).then().statusCode(401);
        }
        given().redirects()
                .follow(false)
                .formParam("confirmation", UUID.randomUUID().toString())
                .post("/authorizations/revoke")
                .then()
                .statusCode(401);
        given().redirects()
                .follow(false)
                .formParam("confirmation", UUID.randomUUID().toString())
                .post("/admin/confirm")
                .then()
                .statusCode(401);
        // Operational endpoints: on the management port only, never on the API port.
        Map<String, String> management =
                ManagementInterface.requireOnlyThere("/q/health/live", "/q/metrics", "/q/openapi");
        assertThat(management.get("/q/health/live")).contains("\"UP\"");
        assertThat(management.get("/q/metrics")).contains("jvm_memory");
        assertThat(management.get("/q/openapi")).contains("openapi");
    }
}
