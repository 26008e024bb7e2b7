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
import dev.grantwire.events.RevocationScope;
import dev.grantwire.grant.support.Fixture;
import dev.grantwire.testsupport.feed.FeedProbe;
import dev.grantwire.testsupport.quarkus.KafkaAndPostgresResource;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.net.URL;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Outside review 9: an internal service token can be killed. grant-service's internal API refuses a
 * service token covered by an applied revocation (its {@code jti}, or an admin's revocation of its
 * client before the cutoff), its token endpoint mints no token for that client until the cutoff has
 * passed, and a token minted after it works.
 */
@QuarkusTest
@QuarkusTestResource(
        value = KafkaAndPostgresResource.class,
        initArgs = @ResourceArg(name = "database", value = "grant_service"))
class ServiceTokenRevocationTest {

    private static final String POLICY = "/internal/v1/policy";

    @Inject AgroalDataSource database;

    @TestHTTPResource("/")
    URL base;

    Fixture fixture;

    @BeforeEach
    void setUp() throws Exception {
        fixture = new Fixture(base.toURI(), database);
    }

    @Test
    void internalApiWhenServiceTokenRevokedByJtiThen401AndANewTokenWorks() throws Exception {
        String token = fixture.internalToken();
        policy(token).then().statusCode(200);

        publish(
                RevocationEvent.builder(
                                RevocationKind.TOKEN,
                                SignedJWT.parse(token).getJWTClaimsSet().getJWTID())
                        .clientId(Fixture.CONSENT_CLIENT)
                        .revokedAt(System.currentTimeMillis())
                        .reason("test")
                        .actor("admin:test")
                        .sequence(7001)
                        .build(RevocationBounds.DEFAULTS));

        await().atMost(Duration.ofSeconds(15)).until(() -> policy(token).statusCode() == 401);
        policy(token)
                .then()
                .header("WWW-Authenticate", containsString("invalid_token"))
                .contentType("application/problem+json");
        policy(fixture.internalToken()).then().statusCode(200);
    }

    @Test
    void internalApiWhenItsClientRevokedThenRefusedNoTokenMintedUntilTheCutoffThenAgain() {
        String before = fixture.internalToken();
        policy(before).then().statusCode(200);
        RevocationBounds bounds = RevocationBounds.DEFAULTS;
        // Revoked long enough ago that the cutoff (revokedAt + B + S) is three seconds away.
        long revokedAt =
                System.currentTimeMillis()
                        - bounds.stalenessBound().toMillis()
                        - bounds.clockSkew().toMillis()
                        + 3000;
        RevocationEvent revocation =
                RevocationEvent.builder(RevocationKind.CLIENT, Fixture.CONSENT_CLIENT)
                        .scope(RevocationScope.TOKENS)
                        .clientId(Fixture.CONSENT_CLIENT)
                        .revokedAt(revokedAt)
                        .reason("admin_revoked")
                        .actor("admin:test")
                        .sequence(7002)
                        .build(bounds);

        publish(revocation);

        await().atMost(Duration.ofSeconds(15)).until(() -> policy(before).statusCode() == 401);
        if (System.currentTimeMillis() < revocation.cutoff() - 500) {
            Response refused = clientCredentials();
            assertThat(refused.statusCode()).isEqualTo(503);
            assertThat(refused.jsonPath().getString("error")).isEqualTo("temporarily_unavailable");
            assertThat(refused.header("Retry-After")).isNotBlank();
        }
        await().atMost(Duration.ofSeconds(15)).until(() -> clientCredentials().statusCode() == 200);
        String after = clientCredentials().jsonPath().getString("access_token");
        policy(after).then().statusCode(200).body("thirdPartyAccess", equalTo(true));
        policy(before).then().statusCode(401);
    }

    private Response policy(String token) {
        return given().auth().oauth2(token).get(POLICY);
    }

    private static Response clientCredentials() {
        return given().auth()
                .preemptive()
                .basic(Fixture.CONSENT_CLIENT, Fixture.CONSENT_SECRET)
                .contentType("application/x-www-form-urlencoded")
                .formParam("grant_type", "client_credentials")
                .formParam("scope", "grants.internal")
                .post("/oauth2/token");
    }

    private static void publish(RevocationEvent event) {
        try (FeedProbe feed = new FeedProbe(KafkaAndPostgresResource.adminAccess())) {
            feed.publish(event);
        }
    }
}
