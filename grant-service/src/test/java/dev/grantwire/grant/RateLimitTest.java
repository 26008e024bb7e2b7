package dev.grantwire.grant;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.grantwire.grant.support.Fixture;
import dev.grantwire.testsupport.quarkus.KafkaAndPostgresResource;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.net.URL;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Outside review 6: the token and introspection endpoints limit each client (by the id it presents,
 * before it is authenticated) per minute; over the limit a request is a 429 RFC 6749 error with
 * {@code Retry-After} and changes nothing. The test profile allows 200 requests per client.
 */
@QuarkusTest
@QuarkusTestResource(
        value = KafkaAndPostgresResource.class,
        initArgs = @ResourceArg(name = "database", value = "grant_service"))
class RateLimitTest {

    private static final String SCOPE = "work_items.read offline_access";

    @Inject AgroalDataSource database;

    @TestHTTPResource("/")
    URL base;

    @ConfigProperty(name = "grantwire.limits.per-client-per-minute")
    int perClient;

    Fixture fixture;

    @BeforeEach
    void setUp() throws Exception {
        fixture = new Fixture(base.toURI(), database);
    }

    @Test
    void tokenWhenClientOverItsLimitThen429AndTheCodeStaysUnredeemed() {
        Fixture.RegisteredApp app = fixture.registerApp(SCOPE);
        UUID user = fixture.signIn("rate-" + UUID.randomUUID());
        Fixture.Code code = fixture.consent(user, app.clientId(), SCOPE, null);
        // Secret guessing spends the client's budget like anything else.
        for (int i = 0; i < perClient; i++) {
            assertThat(guess(app.clientId()).statusCode()).isEqualTo(401);
        }

        Response limited = fixture.exchange(app, code).extract().response();

        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(limited.jsonPath().getString("error")).isEqualTo("temporarily_unavailable");
        assertThat(Long.parseLong(limited.header("Retry-After"))).isBetween(1L, 60L);
        assertThat(limited.header("Cache-Control")).isEqualTo("no-store");
        assertThat(
                        fixture.text(
                                "SELECT used::text FROM authorization_code WHERE grant_id = ?",
                                code.grantId()))
                .isEqualTo("false");
        // The same client at the introspection endpoint: the same budget.
        assertThat(
                        given().auth()
                                .preemptive()
                                .basic(app.clientId(), app.secret())
                                .formParam("token", "x")
                                .post("/oauth2/introspect")
                                .statusCode())
                .isEqualTo(429);
        // Another client from the same address is not held back.
        Fixture.RegisteredApp other = fixture.registerApp(SCOPE);
        Fixture.Code its = fixture.consent(user, other.clientId(), SCOPE, null);
        fixture.exchange(other, its).statusCode(200);
    }

    private static Response guess(String clientId) {
        return given().auth()
                .preemptive()
                .basic(clientId, "guess-" + UUID.randomUUID())
                .formParam("grant_type", "client_credentials")
                .post("/oauth2/token");
    }
}
