package dev.grantwire.grant;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import dev.grantwire.grant.service.Bootstrap;
import dev.grantwire.grant.support.Fixture;
import dev.grantwire.testsupport.quarkus.KafkaAndPostgresResource;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URL;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The internal API consent-service uses: who may call it, users, admins, grants. */
@QuarkusTest
@QuarkusTestResource(
        value = KafkaAndPostgresResource.class,
        initArgs = @ResourceArg(name = "database", value = "grant_service"))
class InternalApiTest {

    @Inject AgroalDataSource database;
    @Inject Bootstrap bootstrap;

    @TestHTTPResource("/")
    URL base;

    Fixture fixture;

    @BeforeEach
    void setUp() throws Exception {
        fixture = new Fixture(base.toURI(), database);
    }

    @Test
    void internalApiWhenAnonymousThenUnauthorized() {
        given().get("/internal/v1/users/" + UUID.randomUUID() + "/grants")
                .then()
                .statusCode(401)
                .header("WWW-Authenticate", org.hamcrest.Matchers.startsWith("Bearer"));
        given().auth()
                .oauth2("not-a-token")
                .get("/internal/v1/users/" + UUID.randomUUID() + "/grants")
                .then()
                .statusCode(401);
    }

    @Test
    void internalApiWhenTokenLacksGrantsInternalThenForbidden() {
        String revocationsOnly =
                given().auth()
                        .preemptive()
                        .basic(Fixture.CONSENT_CLIENT, Fixture.CONSENT_SECRET)
                        .contentType("application/x-www-form-urlencoded")
                        .formParam("grant_type", "client_credentials")
                        .formParam("scope", "revocations.internal")
                        .post("/oauth2/token")
                        .then()
                        .statusCode(200)
                        .body("scope", equalTo("revocations.internal"))
                        .extract()
                        .path("access_token");
        given().auth()
                .oauth2(revocationsOnly)
                .get("/internal/v1/users/" + UUID.randomUUID() + "/grants")
                .then()
                .statusCode(403);

        Fixture.RegisteredApp app = fixture.registerApp("work_items.read");
        UUID user = fixture.signIn("delegated-" + UUID.randomUUID());
        Fixture.Code code = fixture.consent(user, app.clientId(), "work_items.read", null);
        String delegated =
                given().auth()
                        .preemptive()
                        .basic(app.clientId(), app.secret())
                        .contentType("application/x-www-form-urlencoded")
                        .formParam("grant_type", "authorization_code")
                        .formParam("code", code.code())
                        .formParam("redirect_uri", Fixture.REDIRECT_URI)
                        .formParam("code_verifier", code.verifier().getValue())
                        .post("/oauth2/token")
                        .then()
                        .statusCode(200)
                        .extract()
                        .path("access_token");
        given().auth()
                .oauth2(delegated)
                .get("/internal/v1/users/" + user + "/grants")
                .then()
                .statusCode(403);
    }

    @Test
    void signInWhenSameUpstreamIdentityAgainThenSameUserWithFreshProfile() {
        String subject = "upsert-" + UUID.randomUUID();
        UUID first = fixture.signIn(subject);
        String second =
                given().auth()
                        .oauth2(fixture.internalToken())
                        .contentType("application/json")
                        .body(
                                Map.of(
                                        "issuer", "https://idp.test/realms/grantwire",
                                        "subject", subject,
                                        "name", "Renamed",
                                        "email", "renamed@example.test",
                                        "roles", List.of("admin")))
                        .post("/internal/v1/users")
                        .then()
                        .statusCode(200)
                        .body("admin", equalTo(true))
                        .extract()
                        .path("userId");
        assertThat(second).isEqualTo(first.toString());
        assertThat(fixture.count("SELECT count(*) FROM app_user WHERE subject = ?", subject))
                .isEqualTo(1);
        assertThat(fixture.text("SELECT display_name FROM app_user WHERE user_id = ?", first))
                .isEqualTo("Renamed");
    }

    @Test
    void adminWhenFirstAdminFromConfigOrRoleThenTrueOtherwiseFalse() {
        String token = fixture.internalToken();
        UUID firstAdmin = fixture.signInFirstAdmin();
        given().auth()
                .oauth2(token)
                .get("/internal/v1/users/" + firstAdmin + "/admin")
                .then()
                .statusCode(200)
                .body("admin", equalTo(true));
        UUID plain = fixture.signIn("plain-" + UUID.randomUUID());
        given().auth()
                .oauth2(token)
                .get("/internal/v1/users/" + plain + "/admin")
                .then()
                .statusCode(200)
                .body("admin", equalTo(false));
        given().auth()
                .oauth2(token)
                .get("/internal/v1/users/" + UUID.randomUUID() + "/admin")
                .then()
                .statusCode(404);
    }

    @Test
    void grantsWhenListedThenReadyToShowAndAnotherUsersGrantIsNotFound() {
        Fixture.RegisteredApp app = fixture.registerApp("work_items.read code.read");
        UUID owner = fixture.signIn("owner-" + UUID.randomUUID());
        UUID stranger = fixture.signIn("stranger-" + UUID.randomUUID());
        Fixture.Code first = fixture.consent(owner, app.clientId(), "work_items.read", null);
        Fixture.Code widened = fixture.consent(owner, app.clientId(), "code.read", null);
        assertThat(widened.grantId()).isEqualTo(first.grantId());
        assertThat(
                        fixture.text(
                                "SELECT array_to_string(scopes, ' ') FROM authorization_grant"
                                        + " WHERE grant_id = ?",
                                first.grantId()))
                .isEqualTo("work_items.read code.read");

        String token = fixture.internalToken();
        given().auth()
                .oauth2(token)
                .get("/internal/v1/users/" + owner + "/grants")
                .then()
                .statusCode(200)
                .body("size()", equalTo(1))
                .body("[0].grantId", equalTo(first.grantId().toString()))
                .body("[0].publisher", equalTo("Example Corp"))
                .body("[0].status", equalTo("active"))
                .body("[0].permissions.description", hasItem("Read your work items"));
        given().auth()
                .oauth2(token)
                .get("/internal/v1/users/" + stranger + "/grants/" + first.grantId())
                .then()
                .statusCode(404);
        given().auth()
                .oauth2(token)
                .get("/internal/v1/users/" + owner + "/grants/" + first.grantId())
                .then()
                .statusCode(200)
                .body("clientId", equalTo(app.clientId()));
    }

    @Test
    void bootstrapWhenRunAgainThenNothingDuplicated() {
        long apps = fixture.count("SELECT count(*) FROM app WHERE internal");
        long secrets =
                fixture.count(
                        "SELECT count(*) FROM client_secret WHERE client_id = ?",
                        Fixture.CONSENT_CLIENT);
        bootstrap.run();
        assertThat(fixture.count("SELECT count(*) FROM app WHERE internal")).isEqualTo(apps);
        assertThat(
                        fixture.count(
                                "SELECT count(*) FROM client_secret WHERE client_id = ?",
                                Fixture.CONSENT_CLIENT))
                .isEqualTo(secrets)
                .isEqualTo(1);
        assertThat(fixture.count("SELECT count(*) FROM org_policy")).isEqualTo(1);
        assertThat(fixture.count("SELECT count(*) FROM initial_access_token")).isEqualTo(1);
        assertThat(
                        fixture.count(
                                "SELECT count(*) FROM client_secret c"
                                        + " WHERE row_to_json(c)::text LIKE ?",
                                "%" + Fixture.CONSENT_SECRET + "%"))
                .isZero();
    }
}
