package dev.grantwire.consent;

import static dev.grantwire.consent.AuthorizeEndpointTest.authorize;
import static dev.grantwire.consent.AuthorizeEndpointTest.decide;
import static dev.grantwire.consent.AuthorizeEndpointTest.field;
import static dev.grantwire.consent.AuthorizeEndpointTest.query;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.grantwire.consent.domain.AuthorizationRequest;
import dev.grantwire.consent.persistence.AuthorizationRequestRepository;
import dev.grantwire.consent.support.FakeGrantService;
import dev.grantwire.consent.support.InjectFakeGrantService;
import dev.grantwire.testsupport.quarkus.PostgresResource;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import io.quarkus.test.security.oidc.Claim;
import io.quarkus.test.security.oidc.ClaimType;
import io.quarkus.test.security.oidc.OidcSecurity;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.net.URI;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What the authorization endpoint asks of the sign-in: a bad request is refused before anyone signs
 * in, {@code prompt=none} never signs anyone in, {@code prompt=login} and {@code max_age} are held
 * against the provider's {@code auth_time} from the stored request (not the continue URL), the
 * sign-in's {@code auth_time} goes to grant-service, a self-registered app's errors wait for a
 * click, and a user keeps at most a few undecided requests. Alice's provider ID token here carries
 * {@code auth_time} 100 (1970), unless a test says otherwise.
 */
@QuarkusTest
@QuarkusTestResource(
        value = PostgresResource.class,
        initArgs = @ResourceArg(name = "database", value = "consent_service"))
@QuarkusTestResource(FakeGrantService.class)
@TestSecurity(user = "alice", roles = "developer")
@OidcSecurity(
        claims = {
            @Claim(key = "iss", value = AuthorizeEndpointTest.ISSUER),
            @Claim(key = "sub", value = AuthorizeEndpointTest.SUBJECT),
            @Claim(key = "name", value = "Alice Example"),
            @Claim(key = "email", value = "alice@example.org"),
            @Claim(key = "auth_time", value = "100", type = ClaimType.LONG)
        })
class AuthorizeSignInTest {

    static final String TRACKER = AuthorizeEndpointTest.TRACKER;
    static final String TRACKER_REDIRECT = AuthorizeEndpointTest.TRACKER_REDIRECT;
    static final String SCOPE = "work_items.read";

    @InjectFakeGrantService FakeGrantService grantService;
    @Inject AuthorizationRequestRepository requests;
    @Inject AgroalDataSource database;

    String state;

    @BeforeEach
    void setUp() {
        grantService.reset();
        grantService.app(
                TRACKER,
                "Work Tracker",
                "Tracker Ltd",
                false,
                List.of(TRACKER_REDIRECT),
                List.of("work_items.read", "openid"));
        state = "state-" + UUID.randomUUID();
    }

    // --- Outside review 1: validate before sign-in -------------------------------------------

    @Test
    @TestSecurity(user = "")
    void authorizeWhenNobodySignedInAndAppUnknownThenErrorPageBeforeAnySignIn()
            throws SQLException {
        Map<String, String> params = valid();
        params.put("client_id", "no-such-app");

        Response response = authorize(params);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.header("Location")).isNull();
        assertThat(response.body().asString()).contains("No app with this name is registered");
        Response unregistered = authorize(withParam("redirect_uri", "https://evil.example/cb"));
        assertThat(unregistered.statusCode()).isEqualTo(400);
        assertThat(unregistered.body().asString()).contains("has not registered");
        assertThat(rowsWithState()).isZero();
        assertThat(grantService.calls("POST", "/internal/v1/users")).isEmpty();
    }

    @Test
    @TestSecurity(user = "")
    void authorizeWhenNobodySignedInAndRequestValidThenSignInAskedAndNothingStored()
            throws SQLException {
        Response response = authorize(valid());

        // In these tests no provider is configured, so the sign-in challenge is a bare 401; with
        // Keycloak it is the redirect to its sign-in page (system-tests).
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(rowsWithState()).isZero();
    }

    @Test
    @TestSecurity(user = "")
    void authorizeWhenNobodySignedInAndPromptNoneThenLoginRequiredToTheApp() throws SQLException {
        Response response = authorize(withParam("prompt", "none"));

        assertThat(response.statusCode()).isEqualTo(303);
        Map<String, String> answer = query(URI.create(response.header("Location")));
        assertThat(response.header("Location")).startsWith(TRACKER_REDIRECT + "?");
        assertThat(answer)
                .containsEntry("error", "login_required")
                .containsEntry("state", state)
                .containsEntry("iss", AuthorizeEndpointTest.GRANTWIRE_ISSUER)
                .doesNotContainKey("code");
        assertThat(rowsWithState()).isZero();
    }

    // --- Outside review 3: prompt and max_age against auth_time -------------------------------

    @Test
    void authorizeWhenPromptLoginAndSignInOldThenContinueStepKeepsAskingWhateverItsUrlSays()
            throws SQLException {
        Response response = authorize(withParam("prompt", "login"));

        assertThat(response.statusCode()).isEqualTo(303);
        URI location = URI.create(response.header("Location"));
        assertThat(location.getPath()).isEqualTo("/oauth2/authorize/continue");
        assertThat(query(location)).containsEntry("prompt", "login");
        UUID id = UUID.fromString(query(location).get("request"));

        // The continue URL without its prompt: the stored request still asks for a fresh sign-in.
        Response stripped = continueStep(id);

        assertThat(stripped.statusCode()).isEqualTo(303);
        assertThat(query(URI.create(stripped.header("Location"))))
                .containsEntry("request", id.toString())
                .containsEntry("prompt", "login");
        assertThat(requests.find(id).orElseThrow().userId()).isNull();
        assertThat(requests.find(id).orElseThrow().prompt()).isEqualTo("login");
        assertThat(grantService.calls("POST", "/internal/v1/grants")).isEmpty();
    }

    @Test
    void continueWhenSignInAfterThePromptLoginRequestThenApprovalPage() {
        // Made (in 1970) before Alice's sign-in at auth_time 100.
        UUID id = insert("login", null, Instant.ofEpochSecond(90));

        Response response = continueStep(id);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(field(response.body().asString(), "request")).isEqualTo(id.toString());
        assertThat(requests.find(id).orElseThrow().userId())
                .isEqualTo(
                        grantService.userId(
                                AuthorizeEndpointTest.ISSUER, AuthorizeEndpointTest.SUBJECT));
    }

    @Test
    void authorizeWhenMaxAgeExceededThenFreshSignInAndWhenMalformedThenInvalidRequest()
            throws SQLException {
        Response old = authorize(withParam("max_age", "3600"));

        assertThat(old.statusCode()).isEqualTo(303);
        URI location = URI.create(old.header("Location"));
        assertThat(location.getPath()).isEqualTo("/oauth2/authorize/continue");
        UUID id = UUID.fromString(query(location).get("request"));
        assertThat(requests.find(id).orElseThrow().maxAge()).isEqualTo(3600);
        Response stillOld = continueStep(id);
        assertThat(stillOld.statusCode()).isEqualTo(303);
        assertThat(stillOld.header("Location")).contains("/oauth2/authorize/continue");

        for (String bad : List.of("-1", "soon", "99999999999")) {
            state = "state-" + UUID.randomUUID();
            Response refused = authorize(withParam("max_age", bad));
            assertThat(refused.statusCode()).as(bad).isEqualTo(303);
            assertThat(query(URI.create(refused.header("Location"))))
                    .containsEntry("error", "invalid_request")
                    .containsEntry("state", state);
            assertThat(rowsWithState()).isZero();
        }
    }

    @Test
    void authorizeWhenPromptNoneAndMaxAgeExceededThenLoginRequiredNotASignIn() throws SQLException {
        Map<String, String> params = withParam("prompt", "none");
        params.put("max_age", "60");

        Response response = authorize(params);

        assertThat(response.statusCode()).isEqualTo(303);
        assertThat(query(URI.create(response.header("Location"))))
                .containsEntry("error", "login_required");
        assertThat(grantService.calls("POST", "/internal/v1/grants")).isEmpty();
    }

    @Test
    @TestSecurity(user = "alice", roles = "developer")
    @OidcSecurity(
            claims = {
                @Claim(key = "iss", value = AuthorizeEndpointTest.ISSUER),
                @Claim(key = "sub", value = AuthorizeEndpointTest.SUBJECT),
                @Claim(key = "name", value = "Alice Example"),
                @Claim(key = "auth_time", value = "1780000000", type = ClaimType.LONG)
            })
    void decideWhenAcceptedThenProvidersAuthTimeSentForTheIdToken() {
        String page = authorize(valid()).body().asString();

        Response accepted = decide(field(page, "request"), field(page, "csrf_token"), "accept");

        assertThat(accepted.statusCode()).isEqualTo(303);
        List<FakeGrantService.Call> consents = grantService.calls("POST", "/internal/v1/grants");
        assertThat(consents).hasSize(1);
        assertThat(FakeGrantService.json(consents.get(0).body()).path("authTime").asLong())
                .isEqualTo(1_780_000_000L);
    }

    // --- Outside review 5: no open redirector through self-registered apps ---------------------

    @Test
    void authorizeWhenSelfRegisteredAppSendsABadRequestThenPageWithALinkNotARedirect()
            throws SQLException {
        grantService.dynamicallyRegistered(TRACKER);

        Response response = authorize(withParam("scope", "code.write"));

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.header("Location")).isNull();
        String page = response.body().asString();
        assertThat(page).contains("not registered for this app").contains("id=\"return-to-app\"");
        String link =
                page.replaceAll("(?s).*id=\"return-to-app\" href=\"([^\"]+)\".*", "$1")
                        .replace("&amp;", "&");
        assertThat(link).startsWith(TRACKER_REDIRECT + "?");
        assertThat(query(URI.create(link)))
                .containsEntry("error", "invalid_scope")
                .containsEntry("state", state);
        assertThat(rowsWithState()).isZero();
    }

    // --- Outside review 6: a cap on a user's stored undecided requests -------------------------

    @Test
    void authorizeWhenManyUndecidedRequestsThenOnlyTheNewestKept() throws SQLException {
        UUID alice =
                grantService.userId(AuthorizeEndpointTest.ISSUER, AuthorizeEndpointTest.SUBJECT);
        String first = null;
        String last = null;
        for (int i = 0; i < 25; i++) {
            String page = authorize(valid()).body().asString();
            last = field(page, "request");
            first = first == null ? last : first;
        }

        assertThat(openRequestsOf(alice)).isEqualTo(20);
        assertThat(requests.find(UUID.fromString(first))).isEmpty();
        assertThat(requests.find(UUID.fromString(last))).isPresent();
    }

    // --- Helpers ------------------------------------------------------------------------------

    Map<String, String> valid() {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("response_type", "code");
        params.put("client_id", TRACKER);
        params.put("redirect_uri", TRACKER_REDIRECT);
        params.put("scope", SCOPE);
        params.put("state", state);
        params.put("code_challenge", AuthorizeEndpointTest.CHALLENGE);
        params.put("code_challenge_method", "S256");
        return params;
    }

    /** The continue step for a stored request, with no {@code prompt} in its URL. */
    static Response continueStep(UUID id) {
        return given().redirects()
                .follow(false)
                .queryParam("request", id.toString())
                .get("/oauth2/authorize/continue");
    }

    Map<String, String> withParam(String name, String value) {
        Map<String, String> params = valid();
        params.put(name, value);
        return params;
    }

    UUID insert(String prompt, Integer maxAge, Instant createdAt) {
        UUID id = UUID.randomUUID();
        requests.insert(
                new AuthorizationRequest(
                        id,
                        TRACKER,
                        TRACKER_REDIRECT,
                        List.of(SCOPE),
                        state,
                        null,
                        AuthorizeEndpointTest.CHALLENGE,
                        "S256",
                        prompt,
                        maxAge,
                        null,
                        "csrf-" + UUID.randomUUID(),
                        createdAt,
                        Instant.now().plus(Duration.ofMinutes(10)),
                        null));
        return id;
    }

    int rowsWithState() throws SQLException {
        return count("SELECT count(*) FROM authorization_request WHERE state = ?", state);
    }

    int openRequestsOf(UUID user) throws SQLException {
        return count(
                "SELECT count(*) FROM authorization_request WHERE user_id = ? AND decided_at IS"
                        + " NULL",
                user.toString());
    }

    private int count(String sql, String value) throws SQLException {
        try (Connection c = database.getConnection();
                PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, value);
            try (ResultSet rows = s.executeQuery()) {
                rows.next();
                return rows.getInt(1);
            }
        }
    }
}
