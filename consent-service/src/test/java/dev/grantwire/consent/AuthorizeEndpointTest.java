package dev.grantwire.consent;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
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
import io.quarkus.test.security.oidc.OidcSecurity;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The authorize endpoint, approval page and decision, signed in as Alice (quarkus-test-security
 * with the claims her provider's ID token would carry), against a real PostgreSQL and a fake
 * grant-service that records what consent-service sent it.
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
            @Claim(key = "email", value = "alice@example.org")
        })
class AuthorizeEndpointTest {

    static final String ISSUER = "https://idp.test/realms/grantwire";
    static final String SUBJECT = "alice-subject";
    static final String GRANTWIRE_ISSUER = "http://127.0.0.1:8081";
    static final String CHALLENGE = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";

    static final String TRACKER = "work-tracker";
    static final String TRACKER_REDIRECT = "https://tracker.example/callback";
    static final String POCKET = "pocket-cli";
    static final String DESK = "desk-tool";
    static final String DESK_REDIRECT = "http://127.0.0.1:7777/cb";

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
                List.of(
                        "work_items.read",
                        "work_items.write",
                        "code.read",
                        "code.write",
                        "builds.read",
                        "builds.execute",
                        "profile.read",
                        "openid",
                        "offline_access"));
        grantService.app(
                POCKET,
                "Pocket CLI",
                "Pocket Org",
                true,
                List.of("https://pocket.example/cb"),
                List.of("work_items.read"));
        grantService.app(
                DESK,
                "Desk Tool",
                "Desk Org",
                false,
                List.of(DESK_REDIRECT),
                List.of("work_items.read"));
        state = "state-" + UUID.randomUUID();
    }

    // --- Requests shown to the user, never redirected ------------------------------------

    @Test
    void authorizeWhenClientUnknownThenErrorPageAndNoRedirectAndNoRow() throws SQLException {
        Map<String, String> params = valid(TRACKER, TRACKER_REDIRECT, "work_items.read");
        params.put("client_id", "no-such-app");

        Response response = authorize(params);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.header("Location")).isNull();
        assertThat(response.body().asString())
                .contains("No app with this name is registered here")
                .doesNotContain("Exception");
        assertThat(rowsWithState()).isZero();
    }

    @Test
    void authorizeWhenRedirectUriNotRegisteredThenErrorPageAndNoRedirect() throws SQLException {
        for (String redirect :
                List.of(
                        "https://evil.example/callback",
                        TRACKER_REDIRECT + "/more",
                        TRACKER_REDIRECT + "?x=1")) {
            Response response = authorize(valid(TRACKER, redirect, "work_items.read"));

            assertThat(response.statusCode()).as(redirect).isEqualTo(400);
            assertThat(response.header("Location")).isNull();
            assertThat(response.body().asString()).contains("has not registered");
        }
        Map<String, String> missing = valid(TRACKER, TRACKER_REDIRECT, "work_items.read");
        missing.remove("redirect_uri");
        assertThat(authorize(missing).statusCode()).isEqualTo(400);
        assertThat(rowsWithState()).isZero();
    }

    // --- Errors sent back to the app ------------------------------------------------------

    @Test
    void authorizeWhenRequestInvalidThenRedirectWithErrorStateAndIssAndNoRow() throws SQLException {
        Map<String, String[]> cases = new LinkedHashMap<>();
        cases.put("scope=unknown", new String[] {"scope", "delete_everything", "invalid_scope"});
        cases.put("scope internal", new String[] {"scope", "grants.internal", "invalid_scope"});
        cases.put(
                "scope not registered",
                new String[] {"scope", "work_items.read builds.read", "invalid_scope"});
        cases.put("no challenge", new String[] {"code_challenge", null, "invalid_request"});
        cases.put("plain", new String[] {"code_challenge_method", "plain", "invalid_request"});
        cases.put("no method", new String[] {"code_challenge_method", null, "invalid_request"});
        cases.put("token", new String[] {"response_type", "token", "unsupported_response_type"});
        cases.put("prompt", new String[] {"prompt", "none login", "invalid_request"});
        for (Map.Entry<String, String[]> c : cases.entrySet()) {
            Map<String, String> params =
                    valid(POCKET, "https://pocket.example/cb", "work_items.read");
            if (c.getValue()[1] == null) {
                params.remove(c.getValue()[0]);
            } else {
                params.put(c.getValue()[0], c.getValue()[1]);
            }

            Response response = authorize(params);

            assertThat(response.statusCode()).as(c.getKey()).isEqualTo(303);
            URI location = URI.create(response.header("Location"));
            assertThat(location.getHost()).isEqualTo("pocket.example");
            Map<String, String> query = query(location);
            assertThat(query.get("error")).as(c.getKey()).isEqualTo(c.getValue()[2]);
            assertThat(query.get("error_description")).isNotBlank();
            assertThat(query.get("state")).isEqualTo(state);
            assertThat(query.get("iss")).isEqualTo(GRANTWIRE_ISSUER);
            assertThat(query).doesNotContainKey("code");
        }
        assertThat(rowsWithState()).isZero();
        assertThat(grantService.calls("POST", "/internal/v1/grants")).isEmpty();
    }

    @Test
    void authorizeWhenStateMissingThenRedirectWithErrorAndWithoutState() {
        Map<String, String> params = valid(TRACKER, TRACKER_REDIRECT, "work_items.read");
        params.remove("state");

        Response response = authorize(params);

        assertThat(response.statusCode()).isEqualTo(303);
        Map<String, String> query = query(URI.create(response.header("Location")));
        assertThat(query).containsEntry("error", "invalid_request").doesNotContainKey("state");
        assertThat(query).containsEntry("iss", GRANTWIRE_ISSUER);
    }

    // --- The approval page ------------------------------------------------------------------

    @Test
    void authorizeWhenValidThenApprovalPageShowsAppHostAndGroupedPermissionsAndStoresRequest()
            throws SQLException {
        Map<String, String> params =
                valid(TRACKER, TRACKER_REDIRECT, "work_items.read code.write builds.read openid");
        params.put("nonce", "n-0S6_WzA2Mj");

        Response response = authorize(params);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.header("Content-Security-Policy"))
                .contains("frame-ancestors 'none'")
                .contains("default-src 'self'");
        assertThat(response.header("X-Frame-Options")).isEqualTo("DENY");
        assertThat(response.header("Referrer-Policy")).isEqualTo("no-referrer");
        assertThat(response.header("Cache-Control")).contains("no-store");
        String page = response.body().asString();
        assertThat(page)
                .contains("<main", "<h1", "Work Tracker", "Tracker Ltd", "tracker.example")
                .contains("Alice Example", "alice@example.org", "Not you? Use another account")
                .contains(">Cancel</button>", ">Accept</button>");
        assertThat(section(page, "requested"))
                .containsSubsequence(
                        "Work items",
                        "Read your work items",
                        "Code",
                        "Push to your code repositories",
                        "(can make changes)",
                        "Builds",
                        "See your builds",
                        "Profile",
                        "Know who you are");
        assertThat(item(page, "work_items.read")).doesNotContain("can make changes");
        assertThat(item(page, "code.write")).contains("(can make changes)");
        assertThat(page).doesNotContain("id=\"already-granted\"");
        assertThat(field(page, "csrf_token")).hasSizeGreaterThanOrEqualTo(43);

        AuthorizationRequest stored =
                requests.find(UUID.fromString(field(page, "request"))).orElseThrow();
        assertThat(stored.clientId()).isEqualTo(TRACKER);
        assertThat(stored.redirectUri()).isEqualTo(TRACKER_REDIRECT);
        assertThat(stored.scopes())
                .containsExactly("work_items.read", "code.write", "builds.read", "openid");
        assertThat(stored.state()).isEqualTo(state);
        assertThat(stored.nonce()).isEqualTo("n-0S6_WzA2Mj");
        assertThat(stored.codeChallenge()).isEqualTo(CHALLENGE);
        assertThat(stored.codeChallengeMethod()).isEqualTo("S256");
        assertThat(stored.userId()).isEqualTo(grantService.userId(ISSUER, SUBJECT));
        assertThat(stored.csrfToken()).isEqualTo(field(page, "csrf_token"));
        assertThat(stored.decidedAt()).isNull();
        assertThat(Duration.between(stored.createdAt(), stored.expiresAt()))
                .isEqualTo(Duration.ofMinutes(10));
        assertThat(rowsWithState()).isEqualTo(1);
    }

    @Test
    void authorizeWhenSomeScopesGrantedThenPageShowsThemApartFromNewOnes() {
        grantService.grant(grantService.userId(ISSUER, SUBJECT), TRACKER, "work_items.read");

        String page =
                authorize(valid(TRACKER, TRACKER_REDIRECT, "work_items.read code.read"))
                        .body()
                        .asString();

        assertThat(section(page, "requested"))
                .contains("Read your code repositories")
                .doesNotContain("Read your work items");
        assertThat(section(page, "already-granted"))
                .contains("Read your work items")
                .doesNotContain("Read your code repositories");
    }

    @Test
    @TestSecurity(
            user = "carol",
            roles = {"developer", "grantwire-admin"})
    @OidcSecurity(
            claims = {
                @Claim(key = "iss", value = ISSUER),
                @Claim(key = "sub", value = "carol-subject"),
                @Claim(key = "name", value = "Carol Example"),
                @Claim(key = "email", value = "carol@example.org")
            })
    void signInWhenNewUserThenRecordedAtGrantServiceOnceWithProviderClaims() {
        authorize(valid(TRACKER, TRACKER_REDIRECT, "work_items.read"));
        Response second = authorize(valid(TRACKER, TRACKER_REDIRECT, "work_items.read"));

        List<FakeGrantService.Call> signIns = grantService.calls("POST", "/internal/v1/users");
        assertThat(signIns).hasSize(1);
        JsonNode signIn = FakeGrantService.json(signIns.get(0).body());
        assertThat(signIn.path("issuer").asText()).isEqualTo(ISSUER);
        assertThat(signIn.path("subject").asText()).isEqualTo("carol-subject");
        assertThat(signIn.path("name").asText()).isEqualTo("Carol Example");
        assertThat(signIn.path("email").asText()).isEqualTo("carol@example.org");
        assertThat(signIn.path("roles").toString())
                .isEqualTo("[\"developer\",\"grantwire-admin\"]");
        assertThat(signIns.get(0).authorization()).startsWith("Bearer fake-service-token-");
        UUID stored =
                requests.find(UUID.fromString(field(second.body().asString(), "request")))
                        .orElseThrow()
                        .userId();
        assertThat(stored).isEqualTo(grantService.userId(ISSUER, "carol-subject"));
    }

    // --- Decisions ----------------------------------------------------------------------------

    @Test
    void decideWhenCsrfTokenWrongOrMissingThenRefusedAndNothingSentAndRequestUndecided() {
        String page =
                authorize(valid(TRACKER, TRACKER_REDIRECT, "work_items.read")).body().asString();
        String id = field(page, "request");

        Response wrong = decide(id, "not-the-token", "accept");
        Response missing = decide(id, null, "accept");

        for (Response refused : List.of(wrong, missing)) {
            assertThat(refused.statusCode()).isEqualTo(403);
            assertThat(refused.header("Location")).isNull();
            assertThat(refused.body().asString()).contains("could not be verified");
        }
        assertThat(grantService.calls("POST", "/internal/v1/grants")).isEmpty();
        assertThat(requests.find(UUID.fromString(id)).orElseThrow().decidedAt()).isNull();
    }

    @Test
    void decideWhenAcceptThenGrantServiceGetsStoredValuesNotFormValuesAndAppGetsCode() {
        Map<String, String> params = valid(TRACKER, TRACKER_REDIRECT, "work_items.read code.write");
        params.put("nonce", "nonce-123");
        String page = authorize(params).body().asString();
        String id = field(page, "request");

        Response response =
                given().redirects()
                        .follow(false)
                        .formParam("request", id)
                        .formParam("csrf_token", field(page, "csrf_token"))
                        .formParam("decision", "accept")
                        .formParam("scope", "builds.execute")
                        .formParam("redirect_uri", "https://evil.example/cb")
                        .formParam("client_id", POCKET)
                        .post("/oauth2/authorize/decision");

        assertThat(response.statusCode()).isEqualTo(303);
        URI location = URI.create(response.header("Location"));
        assertThat(location.getScheme() + "://" + location.getHost() + location.getPath())
                .isEqualTo(TRACKER_REDIRECT);
        Map<String, String> query = query(location);
        assertThat(query.get("code")).startsWith("code-");
        assertThat(query).containsEntry("state", state).containsEntry("iss", GRANTWIRE_ISSUER);
        assertThat(query).doesNotContainKey("error");

        List<FakeGrantService.Call> consents = grantService.calls("POST", "/internal/v1/grants");
        assertThat(consents).hasSize(1);
        JsonNode consent = FakeGrantService.json(consents.get(0).body());
        assertThat(consent.path("userId").asText())
                .isEqualTo(grantService.userId(ISSUER, SUBJECT).toString());
        assertThat(consent.path("clientId").asText()).isEqualTo(TRACKER);
        assertThat(consent.path("scopes").toString())
                .isEqualTo("[\"work_items.read\",\"code.write\"]");
        assertThat(consent.path("redirectUri").asText()).isEqualTo(TRACKER_REDIRECT);
        assertThat(consent.path("nonce").asText()).isEqualTo("nonce-123");
        assertThat(consent.path("codeChallenge").asText()).isEqualTo(CHALLENGE);
        assertThat(consent.path("codeChallengeMethod").asText()).isEqualTo("S256");
        assertThat(consents.get(0).authorization()).startsWith("Bearer fake-service-token-");
        assertThat(requests.find(UUID.fromString(id)).orElseThrow().decidedAt()).isNotNull();
    }

    @Test
    void tokenWhenServiceCallsGrantServiceThenClientCredentialsOfConsentService() {
        authorize(valid(TRACKER, TRACKER_REDIRECT, "work_items.read"));
        // The service token is cached across tests; this one asks for a fresh one after a reset.
        List<FakeGrantService.Call> tokens = grantService.calls("POST", "/oauth2/token");
        for (FakeGrantService.Call call : tokens) {
            assertThat(call.body())
                    .contains("grant_type=client_credentials")
                    .contains("scope=grants.internal+revocations.internal");
        }
        assertThat(
                        grantService.calls().stream()
                                .filter(c -> c.path().startsWith("/internal/"))
                                .map(FakeGrantService.Call::authorization))
                .isNotEmpty()
                .allMatch(a -> a.startsWith("Bearer fake-service-token-"));
    }

    @Test
    void decideWhenCancelThenAccessDeniedAndNothingGranted() {
        String page =
                authorize(valid(TRACKER, TRACKER_REDIRECT, "work_items.read")).body().asString();
        String id = field(page, "request");

        Response response = decide(id, field(page, "csrf_token"), "cancel");

        assertThat(response.statusCode()).isEqualTo(303);
        Map<String, String> query = query(URI.create(response.header("Location")));
        assertThat(query)
                .containsEntry("error", "access_denied")
                .containsEntry("state", state)
                .containsEntry("iss", GRANTWIRE_ISSUER)
                .doesNotContainKey("code");
        assertThat(grantService.calls("POST", "/internal/v1/grants")).isEmpty();
        assertThat(requests.find(UUID.fromString(id)).orElseThrow().decidedAt()).isNotNull();
    }

    @Test
    void decideWhenAlreadyDecidedThenPlainErrorAndGrantServiceAskedOnce() {
        String page =
                authorize(valid(TRACKER, TRACKER_REDIRECT, "work_items.read")).body().asString();
        String id = field(page, "request");
        String csrf = field(page, "csrf_token");
        assertThat(decide(id, csrf, "accept").statusCode()).isEqualTo(303);

        Response again = decide(id, csrf, "accept");
        Response cancel = decide(id, csrf, "cancel");

        for (Response refused : List.of(again, cancel)) {
            assertThat(refused.statusCode()).isEqualTo(400);
            assertThat(refused.header("Location")).isNull();
            assertThat(refused.body().asString()).contains("already answered");
        }
        assertThat(grantService.calls("POST", "/internal/v1/grants")).hasSize(1);
    }

    @Test
    void decideWhenRequestBelongsToAnotherUserThenRefusedAndNothingSent() throws SQLException {
        UUID id = UUID.randomUUID();
        requests.insert(
                new AuthorizationRequest(
                        id,
                        TRACKER,
                        TRACKER_REDIRECT,
                        List.of("work_items.read"),
                        state,
                        null,
                        CHALLENGE,
                        "S256",
                        null,
                        null,
                        UUID.randomUUID(),
                        "bobs-csrf-token",
                        Instant.now(),
                        Instant.now().plus(Duration.ofMinutes(10)),
                        null));

        Response response = decide(id.toString(), "bobs-csrf-token", "accept");

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.header("Location")).isNull();
        assertThat(response.body().asString()).contains("another account");
        assertThat(grantService.calls("POST", "/internal/v1/grants")).isEmpty();
        assertThat(requests.find(id).orElseThrow().decidedAt()).isNull();
    }

    @Test
    void decideWhenRequestExpiredOrUnknownThenPlainError() {
        UUID id = UUID.randomUUID();
        UUID alice = grantService.userId(ISSUER, SUBJECT);
        requests.insert(
                new AuthorizationRequest(
                        id,
                        TRACKER,
                        TRACKER_REDIRECT,
                        List.of("work_items.read"),
                        state,
                        null,
                        CHALLENGE,
                        "S256",
                        null,
                        null,
                        alice,
                        "token",
                        Instant.now().minusSeconds(700),
                        Instant.now().minusSeconds(100),
                        null));

        assertThat(decide(id.toString(), "token", "accept").body().asString()).contains("expired");
        assertThat(decide("not-a-uuid", "token", "accept").statusCode()).isEqualTo(400);
        assertThat(decide(UUID.randomUUID().toString(), "token", "accept").statusCode())
                .isEqualTo(400);
        assertThat(grantService.calls("POST", "/internal/v1/grants")).isEmpty();
    }

    // --- Remembered consent ----------------------------------------------------------------

    @Test
    void authorizeWhenConfidentialAppHasEveryScopeThenPageSkippedAndCodeIssued()
            throws SQLException {
        grantService.grant(
                grantService.userId(ISSUER, SUBJECT), TRACKER, "work_items.read", "code.read");

        Response response = authorize(valid(TRACKER, TRACKER_REDIRECT, "work_items.read"));

        assertThat(response.statusCode()).isEqualTo(303);
        Map<String, String> query = query(URI.create(response.header("Location")));
        assertThat(query.get("code")).startsWith("code-");
        assertThat(query).containsEntry("state", state).containsEntry("iss", GRANTWIRE_ISSUER);
        assertThat(grantService.calls("POST", "/internal/v1/grants")).hasSize(1);
        assertThat(decidedRowsWithState()).isEqualTo(1);
    }

    @Test
    void authorizeWhenPromptConsentThenPageShownEvenIfEverythingGranted() {
        grantService.grant(grantService.userId(ISSUER, SUBJECT), TRACKER, "work_items.read");
        Map<String, String> params = valid(TRACKER, TRACKER_REDIRECT, "work_items.read");
        params.put("prompt", "consent");

        Response response = authorize(params);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(section(response.body().asString(), "already-granted"))
                .contains("Read your work items");
        assertThat(grantService.calls("POST", "/internal/v1/grants")).isEmpty();
    }

    @Test
    void authorizeWhenPublicOrLoopbackAppHasEveryScopeThenPageStillShown() {
        UUID alice = grantService.userId(ISSUER, SUBJECT);
        grantService.grant(alice, POCKET, "work_items.read");
        grantService.grant(alice, DESK, "work_items.read");

        Response publicApp =
                authorize(valid(POCKET, "https://pocket.example/cb", "work_items.read"));
        Response loopbackApp =
                authorize(valid(DESK, "http://127.0.0.1:51234/cb", "work_items.read"));

        assertThat(publicApp.statusCode()).isEqualTo(200);
        assertThat(publicApp.body().asString()).contains("Pocket CLI");
        assertThat(loopbackApp.statusCode()).isEqualTo(200);
        assertThat(loopbackApp.body().asString()).contains("Desk Tool", "127.0.0.1:51234");
        assertThat(grantService.calls("POST", "/internal/v1/grants")).isEmpty();
    }

    @Test
    void authorizeWhenPromptNoneAndConsentNeededThenConsentRequired() {
        Map<String, String> params = valid(TRACKER, TRACKER_REDIRECT, "work_items.read");
        params.put("prompt", "none");

        Response response = authorize(params);

        assertThat(response.statusCode()).isEqualTo(303);
        assertThat(query(URI.create(response.header("Location"))))
                .containsEntry("error", "consent_required")
                .containsEntry("state", state);
        assertThat(grantService.calls("POST", "/internal/v1/grants")).isEmpty();
    }

    // --- Policy, account switch, grant-service down ----------------------------------------

    @Test
    void decideWhenOrgSwitchedThirdPartyAccessOffThenPageSaysSo() {
        String page =
                authorize(valid(TRACKER, TRACKER_REDIRECT, "work_items.read")).body().asString();
        grantService.thirdPartyAccess(false);

        Response response = decide(field(page, "request"), field(page, "csrf_token"), "accept");

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.header("Location")).isNull();
        assertThat(response.body().asString())
                .contains("Your organization has switched off access by apps")
                .contains("third-party access is switched off");
    }

    @Test
    void authorizeWhenOrgSwitchedThirdPartyAccessOffThenPolicyPageBeforeApproval()
            throws SQLException {
        grantService.grant(grantService.userId(ISSUER, SUBJECT), TRACKER, "work_items.read");
        grantService.thirdPartyAccess(false);

        Response response = authorize(valid(TRACKER, TRACKER_REDIRECT, "work_items.read"));
        Map<String, String> silent = valid(TRACKER, TRACKER_REDIRECT, "work_items.read");
        silent.put("prompt", "none");
        Response none = authorize(silent);

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.header("Location")).isNull();
        assertThat(response.body().asString())
                .contains("Your organization has switched off access by apps")
                .contains("third-party access is switched off")
                .doesNotContain(">Accept</button>");
        assertThat(none.statusCode()).isEqualTo(303);
        assertThat(query(URI.create(none.header("Location"))))
                .containsEntry("error", "access_denied")
                .containsEntry("state", state);
        assertThat(grantService.calls("GET", "/internal/v1/policy")).hasSize(2);
        assertThat(grantService.calls("POST", "/internal/v1/grants")).isEmpty();
        assertThat(decidedRowsWithState()).isEqualTo(2);
    }

    @Test
    void authorizeWhenLegacyAppsSwitchedOffThenPolicyPageForLegacyAppOnly() {
        grantService.appType(TRACKER, "legacy");
        grantService.legacyAppsAllowed(false);

        Response legacy = authorize(valid(TRACKER, TRACKER_REDIRECT, "work_items.read"));
        Response standard =
                authorize(valid(POCKET, "https://pocket.example/cb", "work_items.read"));

        assertThat(legacy.statusCode()).isEqualTo(403);
        assertThat(legacy.body().asString()).contains("legacy apps are switched off");
        assertThat(standard.statusCode()).isEqualTo(200);
        assertThat(standard.body().asString()).contains(">Accept</button>");
    }

    @Test
    void authorizeWhenPromptSelectAccountThenSignInAgainAndRequestKeptForTheNextAccount()
            throws SQLException {
        Map<String, String> params = valid(TRACKER, TRACKER_REDIRECT, "work_items.read");
        params.put("prompt", "select_account");

        Response response = authorize(params);

        assertThat(response.statusCode()).isEqualTo(303);
        String location = response.header("Location");
        assertThat(location)
                .contains("/oauth2/authorize/continue?request=")
                .endsWith("&prompt=select_account");
        UUID id = UUID.fromString(query(URI.create(location)).get("request"));
        assertThat(requests.find(id).orElseThrow().userId()).isNull();

        Response resumed =
                given().redirects()
                        .follow(false)
                        .get(
                                URI.create(location).getPath()
                                        + "?"
                                        + URI.create(location).getRawQuery());

        assertThat(resumed.statusCode()).isEqualTo(200);
        assertThat(field(resumed.body().asString(), "request")).isEqualTo(id.toString());
        assertThat(requests.find(id).orElseThrow().userId())
                .isEqualTo(grantService.userId(ISSUER, SUBJECT));
    }

    @Test
    void continueWhenRequestBelongsToAnotherUserThenRefusedAndNotClaimed() {
        UUID id = UUID.randomUUID();
        UUID bob = UUID.randomUUID();
        requests.insert(
                new AuthorizationRequest(
                        id,
                        TRACKER,
                        TRACKER_REDIRECT,
                        List.of("work_items.read"),
                        state,
                        null,
                        CHALLENGE,
                        "S256",
                        "select_account",
                        null,
                        bob,
                        "bobs-token",
                        Instant.now(),
                        Instant.now().plus(Duration.ofMinutes(10)),
                        null));

        Response response =
                given().redirects()
                        .follow(false)
                        .queryParam("request", id.toString())
                        .get("/oauth2/authorize/continue");

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.body().asString())
                .contains("another account")
                .doesNotContain("bobs-token");
        assertThat(requests.find(id).orElseThrow().userId()).isEqualTo(bob);
    }

    @Test
    void authorizeWhenScopesJoinedWithPlusAndParametersMalformedThenReadOrPlainlyRefused()
            throws java.io.IOException {
        String raw =
                "/oauth2/authorize?response_type=code&client_id="
                        + TRACKER
                        + "&redirect_uri=https%3A%2F%2Ftracker.example%2Fcallback"
                        + "&scope=work_items.read+code.read&state="
                        + state
                        + "&code_challenge="
                        + CHALLENGE
                        + "&code_challenge_method=S256";

        Response plus = given().redirects().follow(false).urlEncodingEnabled(false).get(raw);
        String malformed = rawGet("/oauth2/authorize?client_id=%zz&scope=%");

        assertThat(plus.statusCode()).isEqualTo(200);
        AuthorizationRequest stored =
                requests.find(UUID.fromString(field(plus.body().asString(), "request")))
                        .orElseThrow();
        assertThat(stored.scopes()).containsExactly("work_items.read", "code.read");
        assertThat(malformed).startsWith("HTTP/1.1 4").doesNotContain("Location:");
        assertThat(malformed).doesNotContain("Exception", "at dev.grantwire");
    }

    @Test
    void approvalPageWhenNotYouLinkFollowedThenSameRequestWithSelectAccount() {
        String page =
                authorize(valid(TRACKER, TRACKER_REDIRECT, "work_items.read")).body().asString();
        Matcher link = Pattern.compile("id=\"switch-account\" href=\"([^\"]+)\"").matcher(page);
        assertThat(link.find()).isTrue();
        URI uri = URI.create(link.group(1).replace("&amp;", "&"));

        Map<String, String> query = query(uri);

        assertThat(uri.getPath()).isEqualTo("/oauth2/authorize");
        assertThat(query)
                .containsEntry("client_id", TRACKER)
                .containsEntry("redirect_uri", TRACKER_REDIRECT)
                .containsEntry("state", state)
                .containsEntry("code_challenge", CHALLENGE)
                .containsEntry("code_challenge_method", "S256")
                .containsEntry("prompt", "select_account")
                .containsEntry("scope", "work_items.read")
                .containsEntry("response_type", "code");
    }

    @Test
    void authorizeWhenGrantServiceDownThenPlainUnavailablePage() throws SQLException {
        grantService.down(true);
        try {
            Response response = authorize(valid(TRACKER, TRACKER_REDIRECT, "work_items.read"));

            assertThat(response.statusCode()).isEqualTo(503);
            assertThat(response.header("Location")).isNull();
            assertThat(response.body().asString())
                    .contains("Try again in a moment")
                    .doesNotContain("Exception");
        } finally {
            grantService.down(false);
        }
        assertThat(rowsWithState()).isZero();
    }

    @Test
    void decideWhenGrantServiceDownThenUnavailableAndRequestCanStillBeDecided() {
        String page =
                authorize(valid(TRACKER, TRACKER_REDIRECT, "work_items.read")).body().asString();
        String id = field(page, "request");
        grantService.down(true);
        Response failed;
        try {
            failed = decide(id, field(page, "csrf_token"), "accept");
        } finally {
            grantService.down(false);
        }
        assertThat(failed.statusCode()).isEqualTo(503);
        assertThat(requests.find(UUID.fromString(id)).orElseThrow().decidedAt()).isNull();

        Response retried = decide(id, field(page, "csrf_token"), "accept");

        assertThat(retried.statusCode()).isEqualTo(303);
        assertThat(query(URI.create(retried.header("Location"))).get("code")).startsWith("code-");
    }

    // --- Helpers ---------------------------------------------------------------------------

    Map<String, String> valid(String clientId, String redirectUri, String scope) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("response_type", "code");
        params.put("client_id", clientId);
        params.put("redirect_uri", redirectUri);
        params.put("scope", scope);
        params.put("state", state);
        params.put("code_challenge", CHALLENGE);
        params.put("code_challenge_method", "S256");
        return params;
    }

    static Response authorize(Map<String, String> params) {
        RequestSpecification request = given().redirects().follow(false);
        params.forEach(request::queryParam);
        return request.get("/oauth2/authorize");
    }

    static Response decide(String id, String csrf, String decision) {
        RequestSpecification request =
                given().redirects()
                        .follow(false)
                        .formParam("request", id)
                        .formParam("decision", decision);
        if (csrf != null) {
            request.formParam("csrf_token", csrf);
        }
        return request.post("/oauth2/authorize/decision");
    }

    /** A request no HTTP client library would send (malformed escapes), over a plain socket. */
    static String rawGet(String pathAndQuery) throws java.io.IOException {
        try (java.net.Socket socket =
                new java.net.Socket("127.0.0.1", io.restassured.RestAssured.port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream()
                    .write(
                            ("GET "
                                            + pathAndQuery
                                            + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
                                    .getBytes(StandardCharsets.US_ASCII));
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    static String field(String page, String name) {
        Matcher m = Pattern.compile("name=\"" + name + "\" value=\"([^\"]*)\"").matcher(page);
        assertThat(m.find()).as("form field " + name).isTrue();
        return m.group(1);
    }

    static String section(String page, String id) {
        int start = page.indexOf("<section id=\"" + id + "\"");
        assertThat(start).as("section " + id).isNotNegative();
        return page.substring(start, page.indexOf("</section>", start));
    }

    static String item(String page, String scope) {
        int start = page.indexOf("<li data-scope=\"" + scope + "\"");
        assertThat(start).as("permission " + scope).isNotNegative();
        return page.substring(start, page.indexOf("</li>", start));
    }

    static Map<String, String> query(URI uri) {
        Map<String, String> query = new LinkedHashMap<>();
        if (uri.getRawQuery() == null) {
            return query;
        }
        for (String pair : uri.getRawQuery().split("&")) {
            int eq = pair.indexOf('=');
            query.put(
                    URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                    URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return query;
    }

    int rowsWithState() throws SQLException {
        return count("SELECT count(*) FROM authorization_request WHERE state = ?");
    }

    int decidedRowsWithState() throws SQLException {
        return count(
                "SELECT count(*) FROM authorization_request WHERE state = ? AND decided_at IS NOT NULL");
    }

    private int count(String sql) throws SQLException {
        try (Connection c = database.getConnection();
                PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, state);
            try (ResultSet rows = s.executeQuery()) {
                rows.next();
                return rows.getInt(1);
            }
        }
    }
}
