package dev.grantwire.consent;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.grantwire.consent.security.SignedOutSessions;
import dev.grantwire.consent.support.FakeGrantService;
import dev.grantwire.testsupport.quarkus.PostgresResource;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import io.quarkus.test.security.oidc.Claim;
import io.quarkus.test.security.oidc.OidcSecurity;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Outside review 4: "Sign out" only by POST with the session's CSRF token, and a signed-out session
 * is refused afterwards (the same identity presented again plays a copied session cookie; every
 * replica reads the same table).
 */
@QuarkusTest
@QuarkusTestResource(
        value = PostgresResource.class,
        initArgs = @ResourceArg(name = "database", value = "consent_service"))
@QuarkusTestResource(FakeGrantService.class)
@TestSecurity(user = "alice", roles = "developer", augmentors = SignedOutSessions.class)
@OidcSecurity(
        claims = {
            @Claim(key = "iss", value = AuthorizeEndpointTest.ISSUER),
            @Claim(key = "sub", value = AuthorizeEndpointTest.SUBJECT),
            @Claim(key = "name", value = "Alice Example"),
            @Claim(key = "sid", value = "session-to-sign-out")
        })
class SignOutTest {

    @Inject AgroalDataSource database;

    @AfterEach
    void forgetSignOuts() throws SQLException {
        try (Connection c = database.getConnection();
                Statement s = c.createStatement()) {
            s.executeUpdate("DELETE FROM signed_out_session");
        }
    }

    @Test
    void signOutWhenGetOrNoOrWrongTokenThenStillSignedInAndNothingRecorded() throws SQLException {
        String csrf = csrfTokenOnTheAccountPage();

        given().redirects().follow(false).get("/sign-out").then().statusCode(405);
        Response missing = given().redirects().follow(false).formParam("x", "1").post("/sign-out");
        Response wrong =
                given().redirects()
                        .follow(false)
                        .formParam("csrf_token", csrf + "x")
                        .post("/sign-out");

        assertThat(missing.statusCode()).isEqualTo(403);
        assertThat(wrong.statusCode()).isEqualTo(403);
        assertThat(wrong.body().asString()).contains("You are still signed in");
        assertThat(signedOutRows()).isZero();
        given().get("/account").then().statusCode(200);
    }

    @Test
    void signOutWhenPostedWithTheTokenThenThisSessionRefusedEverywhereAfterwards()
            throws SQLException {
        String csrf = csrfTokenOnTheAccountPage();

        Response signedOut =
                given().redirects().follow(false).formParam("csrf_token", csrf).post("/sign-out");

        assertThat(signedOut.statusCode()).isEqualTo(303);
        assertThat(signedOut.header("Location")).endsWith("/signed-out");
        assertThat(signedOutRows()).isEqualTo(1);
        // The same session again, as a copied cookie would present it.
        given().redirects().follow(false).get("/account").then().statusCode(401);
        given().redirects().follow(false).get("/authorizations").then().statusCode(401);
    }

    @Test
    @TestSecurity(user = "alice", roles = "developer", augmentors = SignedOutSessions.class)
    @OidcSecurity(
            claims = {
                @Claim(key = "iss", value = AuthorizeEndpointTest.ISSUER),
                @Claim(key = "sub", value = AuthorizeEndpointTest.SUBJECT),
                @Claim(key = "name", value = "Alice Example"),
                @Claim(key = "sid", value = "another-session-of-alice")
            })
    void accountWhenAnotherSessionOfTheUserSignedOutThenThisOneStillWorks() throws SQLException {
        try (Connection c = database.getConnection();
                Statement s = c.createStatement()) {
            // What signing out of "session-to-sign-out" recorded, written here directly.
            s.executeUpdate(
                    "INSERT INTO signed_out_session (session_hash, expires_at) VALUES"
                            + " (sha256(convert_to('"
                            + AuthorizeEndpointTest.ISSUER
                            + "' || chr(10) || '"
                            + AuthorizeEndpointTest.SUBJECT
                            + "' || chr(10) || 'sid:session-to-sign-out', 'UTF8')),"
                            + " clock_timestamp() + interval '1 hour')");
        }

        given().get("/account").then().statusCode(200);
    }

    private static String csrfTokenOnTheAccountPage() {
        String page = given().get("/account").then().statusCode(200).extract().asString();
        return AuthorizeEndpointTest.field(page, "csrf_token");
    }

    private int signedOutRows() throws SQLException {
        try (Connection c = database.getConnection();
                Statement s = c.createStatement();
                ResultSet rows = s.executeQuery("SELECT count(*) FROM signed_out_session")) {
            rows.next();
            return rows.getInt(1);
        }
    }
}
