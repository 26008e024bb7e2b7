package dev.grantwire.grant;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import com.nimbusds.jwt.SignedJWT;
import dev.grantwire.events.RevocationBounds;
import dev.grantwire.events.RevocationEvent;
import dev.grantwire.events.RevocationKind;
import dev.grantwire.grant.support.Fixture;
import dev.grantwire.testsupport.feed.FeedProbe;
import dev.grantwire.testsupport.quarkus.KafkaAndPostgresResource;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.net.URL;
import java.time.Duration;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /oauth2/userinfo} applies introspection's checks: a token of a disabled app or a token
 * revoked through the feed is an {@code invalid_token}.
 */
@QuarkusTest
@QuarkusTestResource(
        value = KafkaAndPostgresResource.class,
        initArgs = @ResourceArg(name = "database", value = "grant_service"))
class UserInfoResourceTest {

    private static final String ACTING = "Grantwire-Acting-User";
    private static final String OPENID = "openid profile.read";

    @Inject AgroalDataSource database;

    @TestHTTPResource("/")
    URL base;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    Fixture fixture;
    String serviceToken;
    UUID adminUser;

    @BeforeEach
    void setUp() throws Exception {
        fixture = new Fixture(base.toURI(), database);
        serviceToken = fixture.internalToken();
        adminUser = fixture.signInFirstAdmin();
    }

    // OIDC Core 5.3.1: a client may send the UserInfo request by GET or by POST.
    @Test
    void userInfoWhenPostedThenTheSameAnswerAsGetAndAChallengeWithoutToken() {
        Fixture.RegisteredApp app = fixture.registerApp(OPENID);
        UUID user = fixture.signIn("ui-post-" + UUID.randomUUID());
        String token = fixture.accessToken(app, fixture.consent(user, app.clientId(), OPENID, "n"));

        given().auth()
                .oauth2(token)
                .contentType("application/x-www-form-urlencoded")
                .post("/oauth2/userinfo")
                .then()
                .statusCode(200)
                .header("Cache-Control", "no-store")
                .body("sub", equalTo(user.toString()));
        given().post("/oauth2/userinfo")
                .then()
                .statusCode(401)
                .header("WWW-Authenticate", containsString("invalid_token"));
    }

    // Security review H1: userinfo applies introspection's checks.
    @Test
    void userInfoWhenAppDisabledThenInvalidTokenUntilEnabled() {
        Fixture.RegisteredApp app = fixture.registerApp(OPENID);
        UUID user = fixture.signIn("ui-disabled-" + UUID.randomUUID());
        String token = fixture.accessToken(app, fixture.consent(user, app.clientId(), OPENID, "n"));
        userInfo(token).statusCode(200).body("sub", equalTo(user.toString()));

        as(adminUser)
                .post("/internal/v1/admin/apps/" + app.clientId() + "/disable")
                .then()
                .statusCode(204);
        assertThat(fixture.text("SELECT status FROM app WHERE client_id = ?", app.clientId()))
                .isEqualTo("disabled");
        userInfo(token).statusCode(401).header("WWW-Authenticate", containsString("invalid_token"));

        as(adminUser)
                .post("/internal/v1/admin/apps/" + app.clientId() + "/enable")
                .then()
                .statusCode(204);
        userInfo(token).statusCode(200);
    }

    // Security review H1.
    @Test
    void userInfoWhenTokenRevokedThroughFeedThenInvalidTokenAndGrantStillActive() throws Exception {
        Fixture.RegisteredApp app = fixture.registerApp(OPENID);
        UUID user = fixture.signIn("ui-jti-" + UUID.randomUUID());
        Fixture.Code code = fixture.consent(user, app.clientId(), OPENID, "n");
        String token = fixture.accessToken(app, code);
        userInfo(token).statusCode(200);
        String jti = SignedJWT.parse(token).getJWTClaimsSet().getJWTID();

        publish(
                RevocationEvent.builder(RevocationKind.TOKEN, jti)
                        .revokedAt(System.currentTimeMillis())
                        .reason("token leaked")
                        .actor("user:" + user)
                        .sequence(System.currentTimeMillis())
                        .build(RevocationBounds.DEFAULTS));
        await().atMost(Duration.ofSeconds(15))
                .until(
                        () ->
                                fixture.count(
                                                "SELECT count(*) FROM applied_revocation"
                                                        + " WHERE revocation_key = ?",
                                                "token:" + jti)
                                        == 1);

        // Only this token is dead: the grant itself stays active.
        assertThat(
                        fixture.text(
                                "SELECT status FROM authorization_grant WHERE grant_id = ?",
                                code.grantId()))
                .isEqualTo("active");
        userInfo(token).statusCode(401).header("WWW-Authenticate", containsString("invalid_token"));
    }

    private ValidatableResponse userInfo(String token) {
        return given().auth().oauth2(token).get("/oauth2/userinfo").then();
    }

    private RequestSpecification as(UUID user) {
        return given().auth().oauth2(serviceToken).header(ACTING, user.toString());
    }

    private void publish(RevocationEvent event) {
        try (FeedProbe feed = new FeedProbe(KafkaAndPostgresResource.adminAccess())) {
            feed.publish(event);
        }
    }
}
