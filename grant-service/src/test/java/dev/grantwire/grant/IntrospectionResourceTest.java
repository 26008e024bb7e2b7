package dev.grantwire.grant;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import dev.grantwire.grant.support.Fixture;
import dev.grantwire.testsupport.quarkus.KafkaAndPostgresResource;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.net.URL;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code POST /oauth2/introspect} (RFC 7662): an app sees its own tokens only, Grantwire's internal
 * clients see every token.
 */
@QuarkusTest
@QuarkusTestResource(
        value = KafkaAndPostgresResource.class,
        initArgs = @ResourceArg(name = "database", value = "grant_service"))
class IntrospectionResourceTest {

    @Inject AgroalDataSource database;

    @TestHTTPResource("/")
    URL base;

    Fixture fixture;

    @BeforeEach
    void setUp() throws Exception {
        fixture = new Fixture(base.toURI(), database);
    }

    // Security review H2: only internal clients introspect any token.
    @Test
    void introspectWhenOtherAppsTokenThenInactiveButOwnAndInternalCallerSeeIt() {
        Fixture.RegisteredApp owner = fixture.registerApp("work_items.read");
        Fixture.RegisteredApp other = fixture.registerApp("work_items.read");
        UUID user = fixture.signIn("introspect-" + UUID.randomUUID());
        String token =
                fixture.accessToken(
                        owner, fixture.consent(user, owner.clientId(), "work_items.read", null));

        introspect(other.clientId(), other.secret(), token)
                .statusCode(200)
                .body("active", equalTo(false))
                .body("size()", equalTo(1));
        introspect(owner.clientId(), owner.secret(), token)
                .statusCode(200)
                .body("active", equalTo(true))
                .body("sub", equalTo(user.toString()));
        introspect(Fixture.CONSENT_CLIENT, Fixture.CONSENT_SECRET, token)
                .statusCode(200)
                .body("active", equalTo(true))
                .body("client_id", equalTo(owner.clientId()));
        introspect(Fixture.REVOCATION_CLIENT, Fixture.REVOCATION_SECRET, token)
                .statusCode(200)
                .body("active", equalTo(true));
    }

    private ValidatableResponse introspect(String clientId, String secret, String token) {
        return given().auth()
                .preemptive()
                .basic(clientId, secret)
                .contentType("application/x-www-form-urlencoded")
                .formParam("token", token)
                .post("/oauth2/introspect")
                .then();
    }
}
