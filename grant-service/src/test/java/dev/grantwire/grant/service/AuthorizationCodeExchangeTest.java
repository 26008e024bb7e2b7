package dev.grantwire.grant.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import dev.grantwire.grant.domain.App;
import dev.grantwire.grant.persistence.AppRepository;
import dev.grantwire.grant.protocol.CommittedOAuthException;
import dev.grantwire.grant.protocol.OAuthException;
import dev.grantwire.grant.protocol.TokenForm;
import dev.grantwire.grant.support.Fixture;
import dev.grantwire.testsupport.quarkus.KafkaAndPostgresResource;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.net.URL;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link AuthorizationCodeExchange} called directly with codes made through the internal API: a
 * code is redeemed once; a refusal rolls the redemption back so the rightful holder can still
 * redeem it; a replay by its own client kills the grant, and that kill commits.
 */
@QuarkusTest
@QuarkusTestResource(
        value = KafkaAndPostgresResource.class,
        initArgs = @ResourceArg(name = "database", value = "grant_service"))
class AuthorizationCodeExchangeTest {

    private static final String SCOPE = "work_items.read offline_access";

    @Inject AuthorizationCodeExchange exchange;
    @Inject AppRepository apps;
    @Inject AgroalDataSource database;

    @TestHTTPResource("/")
    URL base;

    Fixture fixture;
    Fixture.RegisteredApp app;
    App client;
    UUID user;

    @BeforeEach
    void setUp() throws Exception {
        fixture = new Fixture(base.toURI(), database);
        app = fixture.registerApp(SCOPE);
        client = client(app);
        user = fixture.signIn("exchange-" + UUID.randomUUID());
    }

    @Test
    void exchangeWhenCodeValidThenTokensIssuedCodeUsedAndRedemptionAudited() throws Exception {
        Fixture.Code code = fixture.consent(user, app.clientId(), SCOPE, null);

        JsonPath body = JsonPath.from(exchange.exchange(client, form(code)));

        assertThat(body.getString("token_type")).isEqualTo("Bearer");
        assertThat(body.getLong("expires_in")).isEqualTo(900);
        assertThat(body.getString("scope")).isEqualTo(SCOPE);
        assertThat(body.getString("refresh_token")).isNotBlank();
        assertThat(body.getString("id_token")).isNull();
        var claims = SignedJWT.parse(body.getString("access_token")).getJWTClaimsSet();
        assertThat(claims.getSubject()).isEqualTo(user.toString());
        assertThat(claims.getStringClaim("client_id")).isEqualTo(app.clientId());
        assertThat(claims.getStringClaim("grant_id")).isEqualTo(code.grantId().toString());
        assertThat(codeUsed(code)).isEqualTo("true");
        assertThat(refreshTokens(code)).isEqualTo(1);
        assertThat(fixture.rowsContaining(body.getString("refresh_token"))).isZero();
        assertThat(
                        fixture.count(
                                "SELECT count(*) FROM audit_event WHERE action = 'code.redeemed'"
                                        + " AND actor = ? AND target = ?",
                                "client:" + app.clientId(),
                                "grant:" + code.grantId()))
                .isEqualTo(1);
        assertThat(grantStatus(code)).isEqualTo("active");
        assertThat(commands(code)).isZero();
    }

    @Test
    void exchangeWhenCodeUsedAgainThenCommittedInvalidGrantAndTheGrantItProducedDies() {
        Fixture.Code code = fixture.consent(user, app.clientId(), SCOPE, null);
        exchange.exchange(client, form(code));
        assertThat(refreshTokens(code)).isEqualTo(1);

        OAuthException replay = refusal(() -> exchange.exchange(client, form(code)));

        // Committed although it is an error: the kill below must stay.
        assertThat(replay).isInstanceOf(CommittedOAuthException.class);
        assertThat(replay.error()).isEqualTo("invalid_grant");
        assertThat(replay.status()).isEqualTo(400);
        assertThat(replay).hasMessage("authorization code was already used");
        assertThat(grantStatus(code)).isEqualTo("revoked");
        assertThat(
                        fixture.text(
                                "SELECT revoked_reason FROM authorization_grant WHERE grant_id = ?",
                                code.grantId()))
                .isEqualTo("authorization code replayed");
        assertThat(refreshTokens(code)).isZero();
        assertThat(
                        fixture.count(
                                "SELECT count(*) FROM command_outbox WHERE kind = 'grant'"
                                        + " AND subject = ? AND reason = ?",
                                code.grantId().toString(),
                                "authorization code replayed"))
                .isEqualTo(1);
        assertThat(audits("grant.revoked", code)).isEqualTo(1);
        assertThat(audits("code.redeemed", code)).isEqualTo(1);
    }

    @Test
    void exchangeWhenReplayedOnceMoreThenStillRefusedAndTheGrantKilledOnlyOnce() {
        Fixture.Code code = fixture.consent(user, app.clientId(), SCOPE, null);
        exchange.exchange(client, form(code));
        refusal(() -> exchange.exchange(client, form(code)));

        OAuthException again = refusal(() -> exchange.exchange(client, form(code)));

        assertThat(again).isInstanceOf(CommittedOAuthException.class);
        assertThat(again.error()).isEqualTo("invalid_grant");
        assertThat(grantStatus(code)).isEqualTo("revoked");
        assertThat(commands(code)).isEqualTo(1);
        assertThat(audits("grant.revoked", code)).isEqualTo(1);
    }

    @Test
    void exchangeWhenRedirectUriDiffersThenInvalidGrantAndRedemptionRolledBack() {
        Fixture.Code code = fixture.consent(user, app.clientId(), SCOPE, null);
        Map<String, String> wrong = parameters(code);
        wrong.put("redirect_uri", "https://app.example/other");

        OAuthException refused = refusal(() -> exchange.exchange(client, TokenForm.of(wrong)));

        assertPlainInvalidGrant(refused, "redirect_uri does not match the authorization request");
        assertUntouched(code);
        assertThat(JsonPath.from(exchange.exchange(client, form(code))).getString("access_token"))
                .isNotBlank();
        assertThat(codeUsed(code)).isEqualTo("true");
    }

    @Test
    void exchangeWhenVerifierWrongThenInvalidGrantAndRedemptionRolledBack() {
        Fixture.Code code = fixture.consent(user, app.clientId(), SCOPE, null);
        Map<String, String> wrong = parameters(code);
        wrong.put("code_verifier", new CodeVerifier().getValue());

        OAuthException refused = refusal(() -> exchange.exchange(client, TokenForm.of(wrong)));

        assertPlainInvalidGrant(refused, "code_verifier does not match the code_challenge");
        assertUntouched(code);
        assertThat(JsonPath.from(exchange.exchange(client, form(code))).getString("access_token"))
                .isNotBlank();
    }

    @Test
    void exchangeWhenVerifierMissingThenInvalidRequestAndCodeUntouched() {
        Fixture.Code code = fixture.consent(user, app.clientId(), SCOPE, null);
        Map<String, String> missing = parameters(code);
        missing.remove("code_verifier");

        OAuthException refused = refusal(() -> exchange.exchange(client, TokenForm.of(missing)));

        assertThat(refused).isNotInstanceOf(CommittedOAuthException.class);
        assertThat(refused.error()).isEqualTo("invalid_request");
        assertThat(refused).hasMessageContaining("PKCE");
        assertUntouched(code);
    }

    @Test
    void exchangeWhenCodeExpiredThenInvalidGrantAndGrantStaysActive() {
        Fixture.Code code = fixture.consent(user, app.clientId(), SCOPE, null);
        fixture.count(
                "WITH u AS (UPDATE authorization_code SET expires_at = now() - interval '1 second'"
                        + " WHERE grant_id = ? RETURNING 1) SELECT count(*) FROM u",
                code.grantId());

        OAuthException refused = refusal(() -> exchange.exchange(client, form(code)));

        assertPlainInvalidGrant(refused, "authorization code is invalid or expired");
        assertUntouched(code);
        assertThat(commands(code)).isZero();
    }

    @Test
    void exchangeWhenCodeOfAnotherClientThenInvalidGrantAndItsOwnerStillRedeemsIt() {
        Fixture.Code code = fixture.consent(user, app.clientId(), SCOPE, null);
        App other = client(fixture.registerApp(SCOPE));

        OAuthException refused = refusal(() -> exchange.exchange(other, form(code)));

        assertPlainInvalidGrant(refused, "authorization code is invalid or expired");
        assertUntouched(code);
        assertThat(commands(code)).isZero();
        exchange.exchange(client, form(code));
        assertThat(codeUsed(code)).isEqualTo("true");
        assertThat(refreshTokens(code)).isEqualTo(1);
    }

    @Test
    void exchangeWhenUsedCodeReplayedByAnotherClientThenInvalidGrantAndTheGrantLives() {
        Fixture.Code code = fixture.consent(user, app.clientId(), SCOPE, null);
        exchange.exchange(client, form(code));
        App other = client(fixture.registerApp(SCOPE));

        OAuthException refused = refusal(() -> exchange.exchange(other, form(code)));

        // Only the code's own client can kill the grant by replaying it.
        assertPlainInvalidGrant(refused, "authorization code is invalid or expired");
        assertThat(grantStatus(code)).isEqualTo("active");
        assertThat(refreshTokens(code)).isEqualTo(1);
        assertThat(commands(code)).isZero();
    }

    @Test
    void exchangeWhenCodeUnknownThenInvalidGrant() {
        Map<String, String> unknown =
                parameters(fixture.consent(user, app.clientId(), SCOPE, null));
        unknown.put("code", "never-issued-" + UUID.randomUUID());

        OAuthException refused = refusal(() -> exchange.exchange(client, TokenForm.of(unknown)));

        assertPlainInvalidGrant(refused, "authorization code is invalid or expired");
    }

    @Test
    void exchangeWhenGrantRevokedBeforeRedemptionThenInvalidGrantAndCodeStaysUnused() {
        Fixture.Code code = fixture.consent(user, app.clientId(), SCOPE, null);
        fixture.count(
                "WITH u AS (UPDATE authorization_grant SET status = 'revoked',"
                        + " revoked_at = now(), revoked_reason = 'test' WHERE grant_id = ?"
                        + " RETURNING 1) SELECT count(*) FROM u",
                code.grantId());

        OAuthException refused = refusal(() -> exchange.exchange(client, form(code)));

        assertPlainInvalidGrant(refused, "authorization was revoked");
        assertThat(codeUsed(code)).isEqualTo("false");
        assertThat(refreshTokens(code)).isZero();
        assertThat(audits("code.redeemed", code)).isZero();
    }

    @Test
    void exchangeWhenClientNotRegisteredForAuthorizationCodeThenUnauthorizedClient() {
        Fixture.Code code = fixture.consent(user, app.clientId(), SCOPE, null);
        App daemon =
                client(
                        fixture.registerApp(
                                Map.of(
                                        "client_name",
                                        "Daemon " + UUID.randomUUID(),
                                        "grant_types",
                                        List.of("client_credentials"),
                                        "scope",
                                        "work_items.read")));

        OAuthException refused = refusal(() -> exchange.exchange(daemon, form(code)));

        assertThat(refused.error()).isEqualTo("unauthorized_client");
        assertThat(refused.status()).isEqualTo(400);
        assertUntouched(code);
    }

    private App client(Fixture.RegisteredApp registered) {
        return apps.find(registered.clientId()).orElseThrow();
    }

    private static Map<String, String> parameters(Fixture.Code code) {
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("grant_type", "authorization_code");
        parameters.put("code", code.code());
        parameters.put("redirect_uri", Fixture.REDIRECT_URI);
        parameters.put("code_verifier", code.verifier().getValue());
        return parameters;
    }

    private static TokenForm form(Fixture.Code code) {
        return TokenForm.of(parameters(code));
    }

    private static OAuthException refusal(ThrowingCallable call) {
        Throwable thrown = catchThrowable(call);
        assertThat(thrown).isInstanceOf(OAuthException.class);
        return (OAuthException) thrown;
    }

    /** An invalid_grant whose transaction rolled back (not a committed kill). */
    private static void assertPlainInvalidGrant(OAuthException refused, String description) {
        assertThat(refused).isNotInstanceOf(CommittedOAuthException.class).hasMessage(description);
        assertThat(refused.error()).isEqualTo("invalid_grant");
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.basicChallenge()).isFalse();
    }

    /** The code is still unused, nothing was issued, the grant is still active. */
    private void assertUntouched(Fixture.Code code) {
        assertThat(codeUsed(code)).isEqualTo("false");
        assertThat(refreshTokens(code)).isZero();
        assertThat(audits("code.redeemed", code)).isZero();
        assertThat(grantStatus(code)).isEqualTo("active");
    }

    private String codeUsed(Fixture.Code code) {
        return fixture.text(
                "SELECT used::text FROM authorization_code WHERE grant_id = ?", code.grantId());
    }

    private long refreshTokens(Fixture.Code code) {
        return fixture.count(
                "SELECT count(*) FROM refresh_token WHERE grant_id = ?", code.grantId());
    }

    private String grantStatus(Fixture.Code code) {
        return fixture.text(
                "SELECT status FROM authorization_grant WHERE grant_id = ?", code.grantId());
    }

    private long commands(Fixture.Code code) {
        return fixture.count(
                "SELECT count(*) FROM command_outbox WHERE subject = ?", code.grantId().toString());
    }

    private long audits(String action, Fixture.Code code) {
        return fixture.count(
                "SELECT count(*) FROM audit_event WHERE action = ? AND target = ?",
                action,
                "grant:" + code.grantId());
    }
}
