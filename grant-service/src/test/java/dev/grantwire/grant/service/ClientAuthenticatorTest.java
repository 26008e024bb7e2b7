package dev.grantwire.grant.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.grantwire.grant.domain.App;
import dev.grantwire.grant.protocol.OAuthException;
import dev.grantwire.grant.protocol.TokenForm;
import dev.grantwire.grant.support.Fixture;
import dev.grantwire.testsupport.quarkus.KafkaAndPostgresResource;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link ClientAuthenticator} against registered apps in the database: each method for the clients
 * registered for it, and for every refusal the exact error, description and whether the answer
 * carries the {@code WWW-Authenticate: Basic} challenge (only when the client tried Basic).
 */
@QuarkusTest
@QuarkusTestResource(
        value = KafkaAndPostgresResource.class,
        initArgs = @ResourceArg(name = "database", value = "grant_service"))
class ClientAuthenticatorTest {

    private static final String REGISTERED =
            "this client is registered for token_endpoint_auth_method ";

    private static final String SCOPE = "work_items.read offline_access";

    @Inject ClientAuthenticator authenticator;
    @Inject AgroalDataSource database;

    @TestHTTPResource("/")
    URL base;

    Fixture fixture;

    @BeforeEach
    void setUp() throws Exception {
        fixture = new Fixture(base.toURI(), database);
    }

    @Test
    void authenticateWhenClientSecretBasicThenThatApp() {
        Fixture.RegisteredApp app = fixture.registerApp(SCOPE);

        App authenticated = authenticator.authenticate(basic(app.clientId(), app.secret()), form());

        assertThat(authenticated.clientId()).isEqualTo(app.clientId());
        assertThat(authenticated.tokenEndpointAuthMethod()).isEqualTo(App.AUTH_BASIC);
        assertThat(authenticated.isEnabled()).isTrue();
        assertThat(authenticated.allowedScopes()).containsExactlyInAnyOrder(SCOPE.split(" "));
    }

    @Test
    void authenticateWhenBasicSchemeLowerCaseAndIdPercentEncodedThenThatApp() {
        // RFC 6749 section 2.3.1: id and secret are form-encoded before Base64; the scheme name
        // is case-insensitive (RFC 9110 section 11.1).
        Fixture.RegisteredApp app = fixture.registerApp(SCOPE);
        String encodedId = app.clientId().replace("-", "%2D");
        String header =
                "basic "
                        + Base64.getEncoder()
                                .encodeToString(
                                        (encodedId + ":" + app.secret())
                                                .getBytes(StandardCharsets.UTF_8));

        App authenticated = authenticator.authenticate(header, form("client_id", app.clientId()));

        assertThat(authenticated.clientId()).isEqualTo(app.clientId());
    }

    @Test
    void authenticateWhenClientSecretPostThenThatApp() {
        Fixture.RegisteredApp app = registerWithMethod(App.AUTH_POST);

        App authenticated =
                authenticator.authenticate(
                        null, form("client_id", app.clientId(), "client_secret", app.secret()));

        assertThat(authenticated.clientId()).isEqualTo(app.clientId());
        assertThat(authenticated.tokenEndpointAuthMethod()).isEqualTo(App.AUTH_POST);
    }

    @Test
    void authenticateWhenPublicClientNamesItselfThenThatAppWithoutSecret() {
        Fixture.RegisteredApp app = registerWithMethod(App.AUTH_NONE);
        assertThat(app.secret()).isNull();
        assertThat(
                        fixture.count(
                                "SELECT count(*) FROM client_secret WHERE client_id = ?",
                                app.clientId()))
                .isZero();

        App authenticated = authenticator.authenticate("", form("client_id", app.clientId()));

        assertThat(authenticated.clientId()).isEqualTo(app.clientId());
        assertThat(authenticated.isPublic()).isTrue();
    }

    @Test
    void authenticateWhenNoCredentialsAtAllThenInvalidClientRequiredWithoutChallenge() {
        assertRefused(
                () -> authenticator.authenticate(null, form("grant_type", "client_credentials")),
                "invalid_client",
                "client authentication is required",
                false);
    }

    // Outside review 10: a standard client that defaults to client_secret_post learns why.
    @Test
    void authenticateWhenWrongMethodThenInvalidClientNamingTheRegisteredMethod() {
        Fixture.RegisteredApp basicApp = fixture.registerApp(SCOPE);
        Fixture.RegisteredApp postApp = registerWithMethod(App.AUTH_POST);
        Fixture.RegisteredApp publicApp = registerWithMethod(App.AUTH_NONE);

        // Registered for client_secret_basic, presents its secret as client_secret_post.
        assertRefused(
                () ->
                        authenticator.authenticate(
                                null,
                                form(
                                        "client_id",
                                        basicApp.clientId(),
                                        "client_secret",
                                        basicApp.secret())),
                "invalid_client",
                REGISTERED + App.AUTH_BASIC,
                false);
        // Registered for client_secret_post, presents its secret with Basic.
        assertRefused(
                () ->
                        authenticator.authenticate(
                                basic(postApp.clientId(), postApp.secret()), form()),
                "invalid_client",
                REGISTERED + App.AUTH_POST,
                true);
        // A confidential client naming itself like a public one.
        assertRefused(
                () -> authenticator.authenticate(null, form("client_id", basicApp.clientId())),
                "invalid_client",
                REGISTERED + App.AUTH_BASIC,
                false);
        // A public client sending a secret, in the form or with Basic.
        assertRefused(
                () ->
                        authenticator.authenticate(
                                null,
                                form("client_id", publicApp.clientId(), "client_secret", "x")),
                "invalid_client",
                REGISTERED + App.AUTH_NONE,
                false);
        assertRefused(
                () -> authenticator.authenticate(basic(publicApp.clientId(), "x"), form()),
                "invalid_client",
                REGISTERED + App.AUTH_NONE,
                true);
    }

    @Test
    void authenticateWhenClientUnknownThenInvalidClientFailedForEveryMethod() {
        String unknown = UUID.randomUUID().toString();
        assertThat(fixture.count("SELECT count(*) FROM app WHERE client_id = ?", unknown)).isZero();

        assertRefused(
                () -> authenticator.authenticate(basic(unknown, "any-secret"), form()),
                "invalid_client",
                ClientAuthenticator.FAILED,
                true);
        assertRefused(
                () ->
                        authenticator.authenticate(
                                null, form("client_id", unknown, "client_secret", "any-secret")),
                "invalid_client",
                ClientAuthenticator.FAILED,
                false);
        assertRefused(
                () -> authenticator.authenticate(null, form("client_id", unknown)),
                "invalid_client",
                ClientAuthenticator.FAILED,
                false);
    }

    @Test
    void authenticateWhenSecretWrongThenInvalidClientFailed() {
        Fixture.RegisteredApp basicApp = fixture.registerApp(SCOPE);
        Fixture.RegisteredApp postApp = registerWithMethod(App.AUTH_POST);

        assertRefused(
                () -> authenticator.authenticate(basic(basicApp.clientId(), "wrong"), form()),
                "invalid_client",
                ClientAuthenticator.FAILED,
                true);
        // Another app's valid secret is just as wrong.
        assertRefused(
                () ->
                        authenticator.authenticate(
                                null,
                                form(
                                        "client_id",
                                        postApp.clientId(),
                                        "client_secret",
                                        basicApp.secret())),
                "invalid_client",
                ClientAuthenticator.FAILED,
                false);
    }

    @Test
    void authenticateWhenSecretRetiredThenInvalidClientFailed() {
        Fixture.RegisteredApp app = fixture.registerApp(SCOPE);
        fixture.count(
                "WITH u AS (UPDATE client_secret SET retire_after = now() - interval '1 second'"
                        + " WHERE client_id = ? RETURNING 1) SELECT count(*) FROM u",
                app.clientId());

        assertRefused(
                () -> authenticator.authenticate(basic(app.clientId(), app.secret()), form()),
                "invalid_client",
                ClientAuthenticator.FAILED,
                true);
    }

    @Test
    void authenticateWhenClientDisabledThenInvalidClientDisabledOnlyWithTheRightSecret() {
        Fixture.RegisteredApp basicApp = fixture.registerApp(SCOPE);
        Fixture.RegisteredApp postApp = registerWithMethod(App.AUTH_POST);
        Fixture.RegisteredApp publicApp = registerWithMethod(App.AUTH_NONE);
        for (Fixture.RegisteredApp app : List.of(basicApp, postApp, publicApp)) {
            disable(app);
        }

        assertRefused(
                () ->
                        authenticator.authenticate(
                                basic(basicApp.clientId(), basicApp.secret()), form()),
                "invalid_client",
                "client is disabled",
                true);
        assertRefused(
                () ->
                        authenticator.authenticate(
                                null,
                                form(
                                        "client_id",
                                        postApp.clientId(),
                                        "client_secret",
                                        postApp.secret())),
                "invalid_client",
                "client is disabled",
                false);
        assertRefused(
                () -> authenticator.authenticate(null, form("client_id", publicApp.clientId())),
                "invalid_client",
                "client is disabled",
                false);
        // Without the right secret the answer does not tell that the client exists but is
        // disabled.
        assertRefused(
                () -> authenticator.authenticate(basic(basicApp.clientId(), "wrong"), form()),
                "invalid_client",
                ClientAuthenticator.FAILED,
                true);
    }

    @Test
    void authenticateWhenBasicAndClientSecretInFormThenInvalidRequest() {
        Fixture.RegisteredApp app = fixture.registerApp(SCOPE);

        assertRefused(
                () ->
                        authenticator.authenticate(
                                basic(app.clientId(), app.secret()),
                                form("client_id", app.clientId(), "client_secret", app.secret())),
                "invalid_request",
                "use one client authentication method only",
                false);
    }

    @Test
    void authenticateWhenBasicAndFormClientIdDifferThenInvalidRequest() {
        Fixture.RegisteredApp app = fixture.registerApp(SCOPE);
        Fixture.RegisteredApp other = fixture.registerApp(SCOPE);

        assertRefused(
                () ->
                        authenticator.authenticate(
                                basic(app.clientId(), app.secret()),
                                form("client_id", other.clientId())),
                "invalid_request",
                "client_id does not match the authenticated client",
                false);
        // The same client_id in the form as in the header is fine.
        assertThat(
                        authenticator
                                .authenticate(
                                        basic(app.clientId(), app.secret()),
                                        form("client_id", app.clientId()))
                                .clientId())
                .isEqualTo(app.clientId());
    }

    @Test
    void authenticateWhenBasicMalformedThenInvalidClientWithBasicChallenge() {
        Fixture.RegisteredApp app = fixture.registerApp(SCOPE);
        for (String header :
                List.of(
                        "Basic !!!not-base64",
                        "Basic " + base64("no-colon-" + app.clientId()),
                        "Basic " + base64(app.clientId() + ":%ZZ"),
                        "Basic " + base64("%G1:" + app.secret()))) {
            assertRefused(
                    () -> authenticator.authenticate(header, form()),
                    "invalid_client",
                    "malformed Basic credentials",
                    true);
        }
        assertRefused(
                () -> authenticator.authenticate("Bearer " + app.secret(), form()),
                "invalid_client",
                "unsupported authentication scheme",
                true);
    }

    private Fixture.RegisteredApp registerWithMethod(String method) {
        return fixture.registerApp(
                Map.of(
                        "client_name",
                        "Auth " + method + " " + UUID.randomUUID(),
                        "redirect_uris",
                        List.of(Fixture.REDIRECT_URI),
                        "grant_types",
                        List.of("authorization_code", "refresh_token"),
                        "token_endpoint_auth_method",
                        method,
                        "scope",
                        SCOPE));
    }

    private void disable(Fixture.RegisteredApp app) {
        fixture.count(
                "WITH u AS (UPDATE app SET status = 'disabled' WHERE client_id = ? RETURNING 1)"
                        + " SELECT count(*) FROM u",
                app.clientId());
        assertThat(fixture.text("SELECT status FROM app WHERE client_id = ?", app.clientId()))
                .isEqualTo("disabled");
    }

    private static String basic(String clientId, String secret) {
        return "Basic " + base64(clientId + ":" + secret);
    }

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    /** A token request's form: name, value, name, value... */
    private static TokenForm form(String... pairs) {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("grant_type", "client_credentials");
        for (int i = 0; i < pairs.length; i += 2) {
            values.put(pairs[i], pairs[i + 1]);
        }
        return TokenForm.of(values);
    }

    private static void assertRefused(
            ThrowingCallable call, String error, String description, boolean basicChallenge) {
        Throwable thrown = catchThrowable(call);
        assertThat(thrown).isInstanceOf(OAuthException.class).hasMessage(description);
        OAuthException refusal = (OAuthException) thrown;
        assertThat(refusal.error()).isEqualTo(error);
        assertThat(refusal.status()).isEqualTo("invalid_client".equals(error) ? 401 : 400);
        assertThat(refusal.basicChallenge()).isEqualTo(basicChallenge);
    }
}
