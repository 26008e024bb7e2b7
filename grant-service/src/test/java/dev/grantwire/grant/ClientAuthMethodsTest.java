package dev.grantwire.grant;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.oauth2.sdk.AccessTokenResponse;
import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.RefreshTokenGrant;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.auth.ClientSecretPost;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.token.RefreshToken;
import dev.grantwire.grant.support.Fixture;
import dev.grantwire.testsupport.quarkus.KafkaAndPostgresResource;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.URL;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** client_secret_post and public clients (none) through nimbus; public clients get no grace. */
@QuarkusTest
@QuarkusTestResource(
        value = KafkaAndPostgresResource.class,
        initArgs = @ResourceArg(name = "database", value = "grant_service"))
class ClientAuthMethodsTest {

    private static final String SCOPE = "builds.read offline_access";

    @Inject AgroalDataSource database;

    @TestHTTPResource("/")
    URL base;

    Fixture fixture;

    @BeforeEach
    void setUp() throws Exception {
        fixture = new Fixture(base.toURI(), database);
    }

    @Test
    void tokenWhenClientSecretPostThenIssued() throws Exception {
        Fixture.RegisteredApp app =
                fixture.registerApp(
                        Map.of(
                                "client_name",
                                "Post app",
                                "redirect_uris",
                                List.of(Fixture.REDIRECT_URI),
                                "grant_types",
                                List.of("authorization_code", "refresh_token"),
                                "token_endpoint_auth_method",
                                "client_secret_post",
                                "scope",
                                SCOPE));
        UUID user = fixture.signIn("post-" + UUID.randomUUID());
        Fixture.Code code = fixture.consent(user, app.clientId(), SCOPE, null);
        TokenResponse response =
                TokenResponse.parse(
                        new TokenRequest(
                                        fixture.endpoint("/oauth2/token"),
                                        new ClientSecretPost(
                                                new ClientID(app.clientId()),
                                                new Secret(app.secret())),
                                        grant(code))
                                .toHTTPRequest()
                                .send());
        assertThat(response.indicatesSuccess()).isTrue();
        assertThat(
                        fixture.count(
                                "SELECT count(*) FROM refresh_token WHERE grant_id = ?",
                                code.grantId()))
                .isEqualTo(1);
    }

    @Test
    void refreshWhenPublicClientRetriesThenNoGraceAndGrantDies() throws Exception {
        Fixture.RegisteredApp app =
                fixture.registerApp(
                        Map.of(
                                "client_name",
                                "Native app",
                                "redirect_uris",
                                List.of(Fixture.REDIRECT_URI),
                                "grant_types",
                                List.of("authorization_code", "refresh_token"),
                                "token_endpoint_auth_method",
                                "none",
                                "scope",
                                SCOPE));
        assertThat(app.secret()).isNull();
        UUID user = fixture.signIn("public-" + UUID.randomUUID());
        Fixture.Code code = fixture.consent(user, app.clientId(), SCOPE, null);
        ClientID clientId = new ClientID(app.clientId());
        AccessTokenResponse tokens =
                TokenResponse.parse(
                                new TokenRequest(
                                                fixture.endpoint("/oauth2/token"),
                                                clientId,
                                                grant(code))
                                        .toHTTPRequest()
                                        .send())
                        .toSuccessResponse();
        RefreshToken refresh = tokens.getTokens().getRefreshToken();
        TokenRequest refreshRequest =
                new TokenRequest(
                        fixture.endpoint("/oauth2/token"),
                        clientId,
                        new RefreshTokenGrant(refresh));

        assertThat(TokenResponse.parse(refreshRequest.toHTTPRequest().send()).indicatesSuccess())
                .isTrue();
        assertThat(
                        fixture.count(
                                "SELECT count(*) FROM refresh_token WHERE grant_id = ?"
                                        + " AND grace_response IS NOT NULL",
                                code.grantId()))
                .isZero();
        TokenResponse retry = TokenResponse.parse(refreshRequest.toHTTPRequest().send());

        assertThat(retry.toErrorResponse().getErrorObject().getCode()).isEqualTo("invalid_grant");
        assertThat(
                        fixture.text(
                                "SELECT status FROM authorization_grant WHERE grant_id = ?",
                                code.grantId()))
                .isEqualTo("revoked");
    }

    @Test
    void refreshLifetimeWhenLegacyAppThenLongLivedAndStandardBounded() throws Exception {
        Fixture.RegisteredApp legacy = fixture.registerLegacyApp(SCOPE);
        Fixture.RegisteredApp standard = fixture.registerApp(SCOPE);
        UUID user = fixture.signIn("lifetimes-" + UUID.randomUUID());
        Fixture.Code legacyCode = fixture.consent(user, legacy.clientId(), SCOPE, null);
        Fixture.Code standardCode = fixture.consent(user, standard.clientId(), SCOPE, null);
        for (Object[] pair : new Object[][] {{legacy, legacyCode}, {standard, standardCode}}) {
            Fixture.RegisteredApp app = (Fixture.RegisteredApp) pair[0];
            assertThat(
                            TokenResponse.parse(
                                            new TokenRequest(
                                                            fixture.endpoint("/oauth2/token"),
                                                            app.basic(),
                                                            grant((Fixture.Code) pair[1]))
                                                    .toHTTPRequest()
                                                    .send())
                                    .indicatesSuccess())
                    .isTrue();
        }
        assertThat(
                        fixture.text(
                                "SELECT grant_type FROM authorization_grant WHERE grant_id = ?",
                                legacyCode.grantId()))
                .isEqualTo("legacy");
        assertThat(
                        fixture.count(
                                "SELECT count(*) FROM refresh_token WHERE grant_id = ?"
                                        + " AND expires_at > now() + interval '300 days'",
                                legacyCode.grantId()))
                .isEqualTo(1);
        assertThat(
                        fixture.count(
                                "SELECT count(*) FROM refresh_token WHERE grant_id = ?"
                                        + " AND expires_at < now() + interval '31 days'",
                                standardCode.grantId()))
                .isEqualTo(1);
    }

    @Test
    void nativeAppWhenLoopbackRedirectWithAnyPortThenCodeBoundToThatExactUri() throws Exception {
        Fixture.RegisteredApp app =
                fixture.registerApp(
                        Map.of(
                                "client_name", "Desktop app",
                                "redirect_uris", List.of("http://127.0.0.1/callback"),
                                "grant_types", List.of("authorization_code"),
                                "token_endpoint_auth_method", "none",
                                "scope", "code.read"));
        UUID user = fixture.signIn("native-" + UUID.randomUUID());
        com.nimbusds.oauth2.sdk.pkce.CodeVerifier verifier =
                new com.nimbusds.oauth2.sdk.pkce.CodeVerifier();
        String redirect = "http://127.0.0.1:53124/callback";
        String code =
                io.restassured.RestAssured.given()
                        .auth()
                        .oauth2(fixture.internalToken())
                        .contentType("application/json")
                        .body(
                                Map.of(
                                        "userId", user.toString(),
                                        "clientId", app.clientId(),
                                        "scopes", List.of("code.read"),
                                        "redirectUri", redirect,
                                        "codeChallenge",
                                                com.nimbusds.oauth2.sdk.pkce.CodeChallenge.compute(
                                                                com.nimbusds.oauth2.sdk.pkce
                                                                        .CodeChallengeMethod.S256,
                                                                verifier)
                                                        .getValue(),
                                        "codeChallengeMethod", "S256"))
                        .post("/internal/v1/grants")
                        .then()
                        .statusCode(201)
                        .extract()
                        .path("code");
        ClientID clientId = new ClientID(app.clientId());
        TokenResponse otherPort =
                TokenResponse.parse(
                        new TokenRequest(
                                        fixture.endpoint("/oauth2/token"),
                                        clientId,
                                        new AuthorizationCodeGrant(
                                                new AuthorizationCode(code),
                                                URI.create("http://127.0.0.1:9999/callback"),
                                                verifier))
                                .toHTTPRequest()
                                .send());
        assertThat(otherPort.toErrorResponse().getErrorObject().getCode())
                .isEqualTo("invalid_grant");
        TokenResponse same =
                TokenResponse.parse(
                        new TokenRequest(
                                        fixture.endpoint("/oauth2/token"),
                                        clientId,
                                        new AuthorizationCodeGrant(
                                                new AuthorizationCode(code),
                                                URI.create(redirect),
                                                verifier))
                                .toHTTPRequest()
                                .send());
        assertThat(same.indicatesSuccess()).isTrue();
    }

    private static AuthorizationCodeGrant grant(Fixture.Code code) {
        return new AuthorizationCodeGrant(
                new AuthorizationCode(code.code()),
                URI.create(Fixture.REDIRECT_URI),
                code.verifier());
    }
}
