package dev.grantwire.consent;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.grantwire.consent.support.FakeGrantService;
import dev.grantwire.consent.support.InjectFakeGrantService;
import dev.grantwire.testsupport.quarkus.PostgresResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import io.quarkus.test.security.oidc.Claim;
import io.quarkus.test.security.oidc.OidcSecurity;
import io.restassured.response.Response;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * Outside review 6: the pages' forms have a limit per signed-in user per minute (200 in the test
 * profile); over it a POST gets a plain 429 page with {@code Retry-After} and nothing is done.
 */
@QuarkusTest
@QuarkusTestResource(
        value = PostgresResource.class,
        initArgs = @ResourceArg(name = "database", value = "consent_service"))
@QuarkusTestResource(FakeGrantService.class)
@TestSecurity(user = "carol", roles = "developer")
@OidcSecurity(
        claims = {
            @Claim(key = "iss", value = AuthorizeEndpointTest.ISSUER),
            @Claim(key = "sub", value = "rate-limited-carol"),
            @Claim(key = "name", value = "Carol Example")
        })
class FormRateLimitTest {

    @InjectFakeGrantService FakeGrantService grantService;

    @ConfigProperty(name = "grantwire.limits.per-client-per-minute")
    int perUser;

    @Test
    void postWhenUserOverTheLimitThen429PageAndNothingDecided() {
        for (int i = 0; i < perUser; i++) {
            assertThat(decide().statusCode()).isEqualTo(400);
        }

        Response limited = decide();

        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(Long.parseLong(limited.header("Retry-After"))).isBetween(1L, 60L);
        assertThat(limited.body().asString())
                .contains("Too many requests")
                .contains("nothing was done")
                .doesNotContain("Exception");
        assertThat(grantService.calls("POST", "/internal/v1/grants")).isEmpty();
        // Pages that only show something are not counted.
        given().get("/account").then().statusCode(200);
    }

    private static Response decide() {
        return given().redirects()
                .follow(false)
                .formParam("request", UUID.randomUUID().toString())
                .formParam("csrf_token", "x")
                .formParam("decision", "accept")
                .post("/oauth2/authorize/decision");
    }
}
