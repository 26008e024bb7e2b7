package dev.grantwire.grant.token;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.grantwire.grant.support.Fixture;
import dev.grantwire.internal.revocations.RevocationAssertions;
import dev.grantwire.testsupport.quarkus.KafkaAndPostgresResource;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.net.URL;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The assertions grant-service signs for revocation-service: in the user's own grant answers and
 * with the admin decision, each verifiable with a key of the published JWKS, of its own {@code
 * typ}, for revocation-service, valid minutes.
 */
@QuarkusTest
@QuarkusTestResource(
        value = KafkaAndPostgresResource.class,
        initArgs = @ResourceArg(name = "database", value = "grant_service"))
class RevocationAssertionSignerTest {

    @Inject AgroalDataSource database;
    @Inject TokenMinter minter;

    @TestHTTPResource("/")
    URL base;

    Fixture fixture;
    String serviceToken;

    @BeforeEach
    void setUp() throws Exception {
        fixture = new Fixture(base.toURI(), database);
        serviceToken = fixture.internalToken();
    }

    @Test
    void grantWhenOneOfTheUsersGrantsThenItCarriesItsOwnershipAssertionAndListsNone()
            throws Exception {
        Fixture.RegisteredApp app = fixture.registerApp("work_items.read");
        UUID user = fixture.signIn("owner-" + UUID.randomUUID());
        UUID grant = fixture.consent(user, app.clientId(), "work_items.read", null).grantId();

        JsonPath one = internal("/internal/v1/users/" + user + "/grants/" + grant);
        JWTClaimsSet claims =
                verified(one.getString("ownership"), RevocationAssertions.OWNERSHIP_TYPE);
        assertThat(claims.getSubject()).isEqualTo(user.toString());
        assertThat(claims.getStringClaim(RevocationAssertions.GRANT_ID))
                .isEqualTo(grant.toString());
        assertThat(claims.getStringClaim(RevocationAssertions.CLIENT_ID)).isEqualTo(app.clientId());
        JWTClaimsSet again =
                verified(
                        internal("/internal/v1/users/" + user + "/grants/" + grant)
                                .getString("ownership"),
                        RevocationAssertions.OWNERSHIP_TYPE);
        assertThat(again.getStringClaim(RevocationAssertions.GRANT_ID)).isEqualTo(grant.toString());
        assertThat(again.getJWTID()).isNotEqualTo(claims.getJWTID());
        // Lists are read on every authorization request: no signature per grant there.
        JsonPath list = internal("/internal/v1/users/" + user + "/grants");
        assertThat(list.getString("[0].grantId")).isEqualTo(grant.toString());
        assertThat(list.getString("[0].ownership")).isNull();
    }

    @Test
    void adminWhenUserIsAdminThenDecisionCarriesAnAdminAssertionAndOtherwiseNone()
            throws Exception {
        UUID admin = fixture.signInFirstAdmin();
        UUID user = fixture.signIn("plain-" + UUID.randomUUID());

        JsonPath decision = internal("/internal/v1/users/" + admin + "/admin");
        assertThat(decision.getBoolean("admin")).isTrue();
        assertThat(
                        verified(decision.getString("assertion"), RevocationAssertions.ADMIN_TYPE)
                                .getSubject())
                .isEqualTo(admin.toString());
        assertThat(internal("/internal/v1/users/" + admin).getString("adminAssertion"))
                .isNotBlank();
        JsonPath plain = internal("/internal/v1/users/" + user + "/admin");
        assertThat(plain.getBoolean("admin")).isFalse();
        assertThat(plain.getString("assertion")).isNull();
        assertThat(internal("/internal/v1/users/" + user).getString("adminAssertion")).isNull();
    }

    @Test
    void searchWhenAdminListsGrantsThenNoOwnershipAssertionIsSigned() {
        UUID admin = fixture.signInFirstAdmin();
        Fixture.RegisteredApp app = fixture.registerApp("work_items.read");
        UUID user = fixture.signIn("searched-" + UUID.randomUUID());
        fixture.consent(user, app.clientId(), "work_items.read", null);

        JsonPath found =
                new JsonPath(
                        given().auth()
                                .oauth2(serviceToken)
                                .header("Grantwire-Acting-User", admin.toString())
                                .get("/internal/v1/admin/grants?userId=" + user)
                                .then()
                                .statusCode(200)
                                .extract()
                                .asString());
        assertThat(found.getList("")).hasSize(1);
        assertThat(found.getString("[0].ownership")).isNull();
    }

    private JsonPath internal(String path) {
        return new JsonPath(
                given().auth()
                        .oauth2(serviceToken)
                        .get(path)
                        .then()
                        .statusCode(200)
                        .extract()
                        .asString());
    }

    /** Checks signature against the JWKS, typ, alg, iss, aud and a lifetime of minutes. */
    private JWTClaimsSet verified(String assertion, String type) throws Exception {
        SignedJWT jwt = SignedJWT.parse(assertion);
        assertThat(jwt.getHeader().getType().getType()).isEqualTo(type);
        assertThat(jwt.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.RS256);
        JWKSet keys =
                JWKSet.parse(
                        given().get("/oauth2/jwks").then().statusCode(200).extract().asString());
        RSAKey key = (RSAKey) keys.getKeyByKeyId(jwt.getHeader().getKeyID());
        assertThat(key).isNotNull();
        assertThat(jwt.verify(new RSASSAVerifier(key))).isTrue();
        JWTClaimsSet claims = jwt.getJWTClaimsSet();
        assertThat(claims.getIssuer()).isEqualTo(minter.issuer());
        assertThat(claims.getAudience()).containsExactly(RevocationAssertions.AUDIENCE);
        Duration lifetime =
                Duration.between(
                        claims.getIssueTime().toInstant(), claims.getExpirationTime().toInstant());
        assertThat(lifetime).isEqualTo(Duration.ofMinutes(5));
        assertThat(claims.getExpirationTime().toInstant()).isAfter(Instant.now());
        return claims;
    }
}
