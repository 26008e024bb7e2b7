package dev.grantwire.grant.support;

import static io.restassured.RestAssured.given;

import com.nimbusds.oauth2.sdk.AccessTokenResponse;
import com.nimbusds.oauth2.sdk.ClientCredentialsGrant;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.pkce.CodeChallenge;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import dev.grantwire.events.FeedHeartbeat;
import dev.grantwire.grant.messaging.RevocationFeedConsumer;
import dev.grantwire.internal.InternalHeaders;
import dev.grantwire.testsupport.feed.FeedProbe;
import dev.grantwire.testsupport.quarkus.KafkaAndPostgresResource;
import io.agroal.api.AgroalDataSource;
import io.quarkus.arc.Arc;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.response.ValidatableResponse;
import java.net.URI;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.awaitility.Awaitility;

/**
 * What the tests do as the other parties would: register an app (RFC 7591 with the bootstrapped
 * initial access token), sign a user in and accept a consent as consent-service does (through the
 * internal API with its own client-credentials token), and read the database.
 */
public final class Fixture {

    /** When every test user last signed in at the provider, as consent-service reports it. */
    public static final long AUTH_TIME = 1_780_000_000L;

    public static final String INITIAL_ACCESS_TOKEN = "local-stack-initial-access-token-0123456789";
    public static final String CONSENT_CLIENT = "consent-service";
    public static final String CONSENT_SECRET = "local-stack-consent-service-client-secret-0123";
    public static final String REDIRECT_URI = "https://app.example/callback";
    public static final String REVOCATION_CLIENT = "revocation-service";
    public static final String REVOCATION_SECRET =
            "local-stack-revocation-service-client-secret-01";

    /** A registered app. */
    public record RegisteredApp(String clientId, String secret) {
        public ClientSecretBasic basic() {
            return new ClientSecretBasic(new ClientID(clientId), new Secret(secret));
        }
    }

    /** A code from consent-service's Accept, with the PKCE verifier the app kept. */
    public record Code(String code, UUID grantId, CodeVerifier verifier) {}

    private final URI base;
    private final AgroalDataSource database;

    public Fixture(URI base, AgroalDataSource database) {
        this.base = base;
        this.database = database;
        ensureFreshWatermark();
    }

    /**
     * Publishes a heartbeat, as revocation-service would, unless grant-service already holds a
     * recent watermark: without one it refuses to mint user tokens (the staleness gate).
     */
    private static void ensureFreshWatermark() {
        RevocationFeedConsumer feed = Arc.container().instance(RevocationFeedConsumer.class).get();
        long now = System.currentTimeMillis();
        if (feed.status().watermark() > now - Duration.ofMinutes(30).toMillis()) {
            return;
        }
        try (FeedProbe probe = new FeedProbe(KafkaAndPostgresResource.adminAccess())) {
            probe.publish(new FeedHeartbeat(now, 0, now));
        }
        Awaitility.await()
                .atMost(Duration.ofSeconds(20))
                .until(() -> feed.status().caughtUp() && feed.status().watermark() >= now);
    }

    public URI endpoint(String path) {
        return base.resolve(path);
    }

    /** Registers a confidential app (client_secret_basic) with refresh tokens. */
    public RegisteredApp registerApp(String scope) {
        return registerApp(
                Map.of(
                        "client_name",
                        "Test app " + UUID.randomUUID(),
                        "publisher",
                        "Example Corp",
                        "redirect_uris",
                        List.of(REDIRECT_URI),
                        "grant_types",
                        List.of("authorization_code", "refresh_token"),
                        "token_endpoint_auth_method",
                        "client_secret_basic",
                        "scope",
                        scope));
    }

    /** Registers an app with the given RFC 7591 metadata. */
    public RegisteredApp registerApp(Map<String, Object> metadata) {
        Response response =
                given().header("Authorization", "Bearer " + INITIAL_ACCESS_TOKEN)
                        .contentType(ContentType.JSON)
                        .body(metadata)
                        .post("/oauth2/register");
        if (response.statusCode() != 201) {
            throw new AssertionError("registration failed: " + response.asString());
        }
        return new RegisteredApp(
                response.jsonPath().getString("client_id"),
                response.jsonPath().getString("client_secret"));
    }

    /**
     * Registers a legacy app (long-lived authorizations, client_secret_basic) with refresh tokens,
     * as an organization admin: the only way to register one.
     */
    public RegisteredApp registerLegacyApp(String scope) {
        Response response =
                given().auth()
                        .oauth2(internalToken())
                        .header(InternalHeaders.ACTING_USER, signInFirstAdmin().toString())
                        .contentType(ContentType.JSON)
                        .body(
                                Map.of(
                                        "client_name",
                                        "Legacy app " + UUID.randomUUID(),
                                        "redirect_uris",
                                        List.of(REDIRECT_URI),
                                        "grant_types",
                                        List.of("authorization_code", "refresh_token"),
                                        "scope",
                                        scope,
                                        "grantwire_app_type",
                                        "legacy"))
                        .post("/internal/v1/admin/apps");
        if (response.statusCode() != 201) {
            throw new AssertionError("admin registration failed: " + response.asString());
        }
        return new RegisteredApp(
                response.jsonPath().getString("client_id"),
                response.jsonPath().getString("client_secret"));
    }

    /** The app exchanges its code at the token endpoint (client_secret_basic, with PKCE). */
    public ValidatableResponse exchange(RegisteredApp app, Code code) {
        return given().auth()
                .preemptive()
                .basic(app.clientId(), app.secret())
                .contentType("application/x-www-form-urlencoded")
                .formParam("grant_type", "authorization_code")
                .formParam("code", code.code())
                .formParam("redirect_uri", REDIRECT_URI)
                .formParam("code_verifier", code.verifier().getValue())
                .post("/oauth2/token")
                .then();
    }

    /** The access token the code exchange gives; the exchange must succeed. */
    public String accessToken(RegisteredApp app, Code code) {
        return exchange(app, code).statusCode(200).extract().path("access_token");
    }

    /** consent-service's own token (client_credentials, grants.internal), obtained with nimbus. */
    public String internalToken() {
        try {
            TokenRequest request =
                    new TokenRequest(
                            endpoint("/oauth2/token"),
                            new ClientSecretBasic(
                                    new ClientID(CONSENT_CLIENT), new Secret(CONSENT_SECRET)),
                            new ClientCredentialsGrant(),
                            new Scope("grants.internal"));
            TokenResponse response = TokenResponse.parse(request.toHTTPRequest().send());
            if (!response.indicatesSuccess()) {
                throw new AssertionError(response.toErrorResponse().getErrorObject().toString());
            }
            AccessTokenResponse success = response.toSuccessResponse();
            return success.getTokens().getAccessToken().getValue();
        } catch (Exception e) {
            throw new AssertionError("internal token", e);
        }
    }

    /** Signs a new user in through the internal API; returns the Grantwire user id. */
    public UUID signIn(String subject) {
        return UUID.fromString(
                given().auth()
                        .oauth2(internalToken())
                        .contentType(ContentType.JSON)
                        .body(
                                Map.of(
                                        "issuer",
                                        "https://idp.test/realms/grantwire",
                                        "subject",
                                        subject,
                                        "name",
                                        "User " + subject,
                                        "email",
                                        subject + "@example.test",
                                        "roles",
                                        List.of("user")))
                        .post("/internal/v1/users")
                        .then()
                        .statusCode(200)
                        .extract()
                        .path("userId"));
    }

    /**
     * Signs in the first admin named in the test configuration (by issuer and subject, with no role
     * from the provider); returns the Grantwire user id.
     */
    public UUID signInFirstAdmin() {
        return UUID.fromString(
                given().auth()
                        .oauth2(internalToken())
                        .contentType(ContentType.JSON)
                        .body(
                                Map.of(
                                        "issuer", "https://idp.test/realms/grantwire",
                                        "subject", "first-admin",
                                        "roles", List.of()))
                        .post("/internal/v1/users")
                        .then()
                        .statusCode(200)
                        .extract()
                        .path("userId"));
    }

    /** The user accepts: a grant and a one-time code for it. */
    public Code consent(UUID userId, String clientId, String scope, String nonce) {
        CodeVerifier verifier = new CodeVerifier();
        Response response = consentRequest(userId, clientId, scope, nonce, verifier, "S256");
        if (response.statusCode() != 201) {
            throw new AssertionError("consent failed: " + response.asString());
        }
        return new Code(
                response.jsonPath().getString("code"),
                UUID.fromString(response.jsonPath().getString("grantId")),
                verifier);
    }

    public Response consentRequest(
            UUID userId,
            String clientId,
            String scope,
            String nonce,
            CodeVerifier verifier,
            String method) {
        Map<String, Object> body = new java.util.HashMap<>();
        body.put("userId", userId.toString());
        body.put("clientId", clientId);
        body.put("scopes", List.of(scope.split(" ")));
        body.put("redirectUri", REDIRECT_URI);
        body.put("nonce", nonce);
        body.put("authTime", AUTH_TIME);
        body.put(
                "codeChallenge",
                CodeChallenge.compute(CodeChallengeMethod.S256, verifier).getValue());
        body.put("codeChallengeMethod", method);
        return given().auth()
                .oauth2(internalToken())
                .contentType(ContentType.JSON)
                .body(body)
                .post("/internal/v1/grants");
    }

    /** A single number from the database. */
    public long count(String sql, Object... parameters) {
        try (Connection connection = database.getConnection();
                PreparedStatement query = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                query.setObject(i + 1, parameters[i]);
            }
            try (ResultSet row = query.executeQuery()) {
                row.next();
                return row.getLong(1);
            }
        } catch (SQLException e) {
            throw new AssertionError(sql, e);
        }
    }

    /** A single text value from the database, or null. */
    public String text(String sql, Object... parameters) {
        try (Connection connection = database.getConnection();
                PreparedStatement query = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                query.setObject(i + 1, parameters[i]);
            }
            try (ResultSet row = query.executeQuery()) {
                return row.next() ? row.getString(1) : null;
            }
        } catch (SQLException e) {
            throw new AssertionError(sql, e);
        }
    }

    /** An app's row as JSON text, to show that a refused change left it as it was. */
    public String appRow(String clientId) {
        return text("SELECT row_to_json(a)::text FROM app a WHERE client_id = ?", clientId);
    }

    /** How many rows of any table of the service contain this text (plaintext leak check). */
    public long rowsContaining(String value) {
        List<String> tables = new java.util.ArrayList<>();
        try (Connection connection = database.getConnection();
                PreparedStatement query =
                        connection.prepareStatement(
                                "SELECT table_name FROM information_schema.tables"
                                        + " WHERE table_schema = 'public' AND table_type = 'BASE TABLE'");
                ResultSet rows = query.executeQuery()) {
            while (rows.next()) {
                tables.add(rows.getString(1));
            }
        } catch (SQLException e) {
            throw new AssertionError(e);
        }
        if (!tables.contains("refresh_token") || !tables.contains("authorization_code")) {
            throw new AssertionError("the scan does not see the token tables: " + tables);
        }
        long found = 0;
        for (String table : tables) {
            found +=
                    count(
                            "SELECT count(*) FROM \""
                                    + table
                                    + "\" t WHERE strpos(row_to_json(t)::text, ?) > 0",
                            value);
        }
        return found;
    }
}
