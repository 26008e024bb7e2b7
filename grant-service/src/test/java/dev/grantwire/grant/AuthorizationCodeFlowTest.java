package dev.grantwire.grant;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.oauth2.sdk.AccessTokenResponse;
import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.RefreshTokenGrant;
import com.nimbusds.oauth2.sdk.TokenErrorResponse;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.oauth2.sdk.token.BearerAccessToken;
import com.nimbusds.oauth2.sdk.token.RefreshToken;
import com.nimbusds.openid.connect.sdk.Nonce;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponse;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponseParser;
import com.nimbusds.openid.connect.sdk.UserInfoRequest;
import com.nimbusds.openid.connect.sdk.UserInfoResponse;
import com.nimbusds.openid.connect.sdk.claims.IDTokenClaimsSet;
import com.nimbusds.openid.connect.sdk.validators.IDTokenValidator;
import dev.grantwire.grant.support.Fixture;
import dev.grantwire.grant.support.Jose4j;
import dev.grantwire.testsupport.quarkus.KafkaAndPostgresResource;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.URL;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jose4j.jwt.JwtClaims;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The whole delegated flow with a standard client library (nimbus oauth2-oidc-sdk) against real
 * PostgreSQL: register, code through the internal API (as consent-service), token, refresh, retry
 * within the grace period, reuse after it.
 */
@QuarkusTest
@QuarkusTestResource(
        value = KafkaAndPostgresResource.class,
        initArgs = @ResourceArg(name = "database", value = "grant_service"))
class AuthorizationCodeFlowTest {

    @Inject AgroalDataSource database;

    @TestHTTPResource("/")
    URL base;

    @ConfigProperty(name = "grantwire.issuer")
    String issuer;

    @ConfigProperty(name = "grantwire.tokens.refresh-grace-period")
    Duration grace;

    Fixture fixture;

    @BeforeEach
    void setUp() throws Exception {
        fixture = new Fixture(base.toURI(), database);
    }

    @Test
    void refreshWhenRetriedInGraceThenIdenticalAndWhenReusedAfterThenGrantDies() throws Exception {
        Fixture.RegisteredApp app = fixture.registerApp("work_items.read offline_access");
        UUID user = fixture.signIn("flow-" + UUID.randomUUID());
        Fixture.Code code =
                fixture.consent(user, app.clientId(), "work_items.read offline_access", null);

        HTTPResponse exchanged = codeExchange(app, code).toHTTPRequest().send();
        assertThat(exchanged.getHeaderValue("Cache-Control")).isEqualTo("no-store");
        AccessTokenResponse tokens = TokenResponse.parse(exchanged).toSuccessResponse();
        String access = tokens.getTokens().getAccessToken().getValue();
        RefreshToken refresh = tokens.getTokens().getRefreshToken();
        assertThat(refresh).isNotNull();

        SignedJWT jwt = SignedJWT.parse(access);
        assertThat(jwt.getHeader().getType().getType()).isEqualTo("at+jwt");
        assertThat(jwt.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.RS256);
        JwtClaims claims =
                Jose4j.verify(
                        access,
                        fixture.endpoint("/oauth2/jwks"),
                        issuer,
                        "urn:grantwire:api:work-items");
        assertThat(claims.getSubject()).isEqualTo(user.toString());
        assertThat(claims.getStringClaimValue("client_id")).isEqualTo(app.clientId());
        assertThat(claims.getStringClaimValue("grant_id")).isEqualTo(code.grantId().toString());
        assertThat(claims.getStringClaimValue("scope")).isEqualTo("work_items.read offline_access");
        assertThat(UUID.fromString(claims.getJwtId())).isNotNull();
        assertThat(claims.getExpirationTime().getValue() - claims.getIssuedAt().getValue())
                .isEqualTo(15 * 60);
        assertThat(refreshRows(code.grantId())).isEqualTo(1);
        assertThat(fixture.rowsContaining(refresh.getValue())).isZero();
        assertThat(fixture.rowsContaining(code.code())).isZero();

        TokenRequest refreshRequest =
                new TokenRequest(
                        fixture.endpoint("/oauth2/token"),
                        app.basic(),
                        new RefreshTokenGrant(refresh));
        HTTPResponse first = refreshRequest.toHTTPRequest().send();
        HTTPResponse retry = refreshRequest.toHTTPRequest().send();
        assertThat(first.getStatusCode()).isEqualTo(200);
        assertThat(retry.getStatusCode()).isEqualTo(200);
        assertThat(retry.getContent()).isEqualTo(first.getContent());
        AccessTokenResponse rotated = TokenResponse.parse(first).toSuccessResponse();
        RefreshToken next = rotated.getTokens().getRefreshToken();
        assertThat(next.getValue()).isNotEqualTo(refresh.getValue());
        assertThat(fixture.rowsContaining(next.getValue())).isZero();
        assertThat(fixture.rowsContaining(rotated.getTokens().getAccessToken().getValue()))
                .isZero();
        assertThat(refreshRows(code.grantId())).isEqualTo(2);
        assertThat(
                        fixture.count(
                                "SELECT count(*) FROM refresh_token WHERE grant_id = ?"
                                        + " AND rotated_at IS NOT NULL AND grace_response IS NOT NULL",
                                code.grantId()))
                .isEqualTo(1);

        Instant graceUntil = graceUntil(code.grantId());
        await().atMost(grace.plusSeconds(10))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> Instant.now().isAfter(graceUntil));
        // The grace-period response is deleted once the period is over, never kept.
        await().atMost(Duration.ofSeconds(10))
                .until(
                        () ->
                                fixture.count(
                                                "SELECT count(*) FROM refresh_token WHERE grant_id = ?"
                                                        + " AND grace_response IS NOT NULL",
                                                code.grantId())
                                        == 0);

        TokenErrorResponse reused =
                TokenResponse.parse(refreshRequest.toHTTPRequest().send()).toErrorResponse();
        assertThat(reused.getErrorObject().getCode()).isEqualTo("invalid_grant");
        assertThat(grantStatus(code.grantId())).isEqualTo("revoked");
        assertThat(refreshRows(code.grantId())).isZero();
        assertThat(
                        fixture.count(
                                "SELECT count(*) FROM command_outbox WHERE kind = 'grant'"
                                        + " AND subject = ?",
                                code.grantId().toString()))
                .isEqualTo(1);

        TokenErrorResponse successorRefused =
                TokenResponse.parse(
                                new TokenRequest(
                                                fixture.endpoint("/oauth2/token"),
                                                app.basic(),
                                                new RefreshTokenGrant(next))
                                        .toHTTPRequest()
                                        .send())
                        .toErrorResponse();
        assertThat(successorRefused.getErrorObject().getCode()).isEqualTo("invalid_grant");
        assertThat(introspect(app, access)).isFalse();
    }

    @Test
    void openidFlowWhenCodeExchangedThenIdTokenValidatesWithNonceAndUserInfoAnswers()
            throws Exception {
        Fixture.RegisteredApp app = fixture.registerApp("openid profile.read");
        String subject = "oidc-" + UUID.randomUUID();
        UUID user = fixture.signIn(subject);
        Nonce nonce = new Nonce();
        Fixture.Code code =
                fixture.consent(user, app.clientId(), "openid profile.read", nonce.getValue());

        OIDCTokenResponse response =
                (OIDCTokenResponse)
                        OIDCTokenResponseParser.parse(
                                        codeExchange(app, code).toHTTPRequest().send())
                                .toSuccessResponse();
        assertThat(response.getOIDCTokens().getRefreshToken()).isNull();

        IDTokenValidator validator =
                new IDTokenValidator(
                        new Issuer(issuer),
                        new ClientID(app.clientId()),
                        JWSAlgorithm.RS256,
                        fixture.endpoint("/oauth2/jwks").toURL());
        IDTokenClaimsSet idToken = validator.validate(response.getOIDCTokens().getIDToken(), nonce);
        assertThat(idToken.getSubject().getValue()).isEqualTo(user.toString());
        assertThat(idToken.getStringClaim("name")).isEqualTo("User " + subject);

        UserInfoResponse userInfo =
                UserInfoResponse.parse(
                        new UserInfoRequest(
                                        fixture.endpoint("/oauth2/userinfo"),
                                        (BearerAccessToken)
                                                response.getOIDCTokens().getAccessToken())
                                .toHTTPRequest()
                                .send());
        assertThat(userInfo.indicatesSuccess()).isTrue();
        assertThat(userInfo.toSuccessResponse().getUserInfo().getSubject().getValue())
                .isEqualTo(user.toString());
        assertThat(userInfo.toSuccessResponse().getUserInfo().getEmailAddress())
                .isEqualTo(subject + "@example.test");
    }

    @Test
    void codeWhenReplayedThenGrantDiesAndAuthorizingAgainGivesNewGrant() throws Exception {
        Fixture.RegisteredApp app = fixture.registerApp("code.read offline_access");
        UUID user = fixture.signIn("replay-" + UUID.randomUUID());
        Fixture.Code code = fixture.consent(user, app.clientId(), "code.read offline_access", null);
        TokenRequest exchange = codeExchange(app, code);
        AccessTokenResponse tokens =
                TokenResponse.parse(exchange.toHTTPRequest().send()).toSuccessResponse();
        String oldAccess = tokens.getTokens().getAccessToken().getValue();
        assertThat(introspect(app, oldAccess)).isTrue();

        TokenErrorResponse replay =
                TokenResponse.parse(exchange.toHTTPRequest().send()).toErrorResponse();

        assertThat(replay.getErrorObject().getCode()).isEqualTo("invalid_grant");
        assertThat(grantStatus(code.grantId())).isEqualTo("revoked");
        assertThat(refreshRows(code.grantId())).isZero();
        assertThat(
                        fixture.text(
                                "SELECT revoked_reason FROM authorization_grant WHERE grant_id = ?",
                                code.grantId()))
                .isEqualTo("authorization code replayed");
        assertThat(
                        fixture.count(
                                "SELECT count(*) FROM command_outbox WHERE subject = ?",
                                code.grantId().toString()))
                .isEqualTo(1);
        assertThat(introspect(app, oldAccess)).isFalse();

        Fixture.Code again =
                fixture.consent(user, app.clientId(), "code.read offline_access", null);
        assertThat(again.grantId()).isNotEqualTo(code.grantId());
        String newAccess =
                TokenResponse.parse(codeExchange(app, again).toHTTPRequest().send())
                        .toSuccessResponse()
                        .getTokens()
                        .getAccessToken()
                        .getValue();
        assertThat(introspect(app, newAccess)).isTrue();
        assertThat(introspect(app, oldAccess)).isFalse();
    }

    private TokenRequest codeExchange(Fixture.RegisteredApp app, Fixture.Code code) {
        return new TokenRequest(
                fixture.endpoint("/oauth2/token"),
                app.basic(),
                new AuthorizationCodeGrant(
                        new AuthorizationCode(code.code()),
                        URI.create(Fixture.REDIRECT_URI),
                        code.verifier()));
    }

    private boolean introspect(Fixture.RegisteredApp app, String token) {
        return given().auth()
                .preemptive()
                .basic(app.clientId(), app.secret())
                .contentType("application/x-www-form-urlencoded")
                .formParam("token", token)
                .post("/oauth2/introspect")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getBoolean("active");
    }

    private long refreshRows(UUID grantId) {
        return fixture.count("SELECT count(*) FROM refresh_token WHERE grant_id = ?", grantId);
    }

    private String grantStatus(UUID grantId) {
        return fixture.text("SELECT status FROM authorization_grant WHERE grant_id = ?", grantId);
    }

    private Instant graceUntil(UUID grantId) {
        String millis =
                fixture.text(
                        "SELECT floor(extract(epoch FROM grace_until) * 1000)::bigint"
                                + " FROM refresh_token WHERE grant_id = ? AND grace_until IS NOT NULL",
                        grantId);
        return new Timestamp(Long.parseLong(millis)).toInstant();
    }

    // Outside review 3: Grantwire's ID token carries the provider's auth_time and the nonce.
    @Test
    void exchangeWhenOpenidThenIdTokenCarriesAuthTimeOfTheSignIn() throws Exception {
        Fixture.RegisteredApp app = fixture.registerApp("openid work_items.read");
        UUID user = fixture.signIn("auth-time-" + UUID.randomUUID());
        Fixture.Code code = fixture.consent(user, app.clientId(), "openid work_items.read", "n-1");

        String idToken = fixture.exchange(app, code).statusCode(200).extract().path("id_token");

        com.nimbusds.jwt.JWTClaimsSet claims =
                com.nimbusds.jwt.SignedJWT.parse(idToken).getJWTClaimsSet();
        assertThat(claims.getLongClaim("auth_time")).isEqualTo(Fixture.AUTH_TIME);
        assertThat(claims.getStringClaim("nonce")).isEqualTo("n-1");
        assertThat(claims.getSubject()).isEqualTo(user.toString());
    }
}
