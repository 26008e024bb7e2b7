package dev.grantwire.grant;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import dev.grantwire.grant.support.Fixture;
import dev.grantwire.testsupport.quarkus.KafkaAndPostgresResource;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URL;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code POST /oauth2/register} (RFC 7591): metadata it refuses with {@code
 * invalid_client_metadata} or {@code invalid_redirect_uri}, and no app stored then.
 */
@QuarkusTest
@QuarkusTestResource(
        value = KafkaAndPostgresResource.class,
        initArgs = @ResourceArg(name = "database", value = "grant_service"))
class RegistrationResourceTest {

    @Inject AgroalDataSource database;

    @TestHTTPResource("/")
    URL base;

    Fixture fixture;

    @BeforeEach
    void setUp() throws Exception {
        fixture = new Fixture(base.toURI(), database);
    }

    // Security review M4: website and logo are absolute https URIs.
    @Test
    void registerWhenClientUriOrLogoUriNotHttpsThenInvalidClientMetadataAndNoApp() {
        for (Map.Entry<String, String> bad :
                List.of(
                        Map.entry("client_uri", "http://app.example/"),
                        Map.entry("client_uri", "javascript:alert(1)"),
                        Map.entry("client_uri", "/relative/page"),
                        Map.entry("logo_uri", "https://user:pass@app.example/logo.png"),
                        Map.entry("logo_uri", "data:image/png;base64,AAAA"))) {
            String name = "Bad uri app " + UUID.randomUUID();
            Map<String, Object> metadata = new java.util.HashMap<>();
            metadata.put("client_name", name);
            metadata.put("redirect_uris", List.of(Fixture.REDIRECT_URI));
            metadata.put("scope", "work_items.read");
            metadata.put(bad.getKey(), bad.getValue());
            given().header("Authorization", "Bearer " + Fixture.INITIAL_ACCESS_TOKEN)
                    .contentType("application/json")
                    .body(metadata)
                    .post("/oauth2/register")
                    .then()
                    .statusCode(400)
                    .body("error", equalTo("invalid_client_metadata"))
                    .body("error_description", containsString(bad.getKey()));
            assertThat(fixture.count("SELECT count(*) FROM app WHERE name = ?", name)).isZero();
        }
        Map<String, Object> good = new java.util.HashMap<>();
        good.put("client_name", "Good uri app " + UUID.randomUUID());
        good.put("redirect_uris", List.of(Fixture.REDIRECT_URI));
        good.put("scope", "work_items.read");
        good.put("client_uri", "https://app.example/");
        good.put("logo_uri", "https://cdn.app.example/logo.png");
        Fixture.RegisteredApp app = fixture.registerApp(good);
        assertThat(fixture.text("SELECT logo_uri FROM app WHERE client_id = ?", app.clientId()))
                .isEqualTo("https://cdn.app.example/logo.png");
    }

    // Security review L1: null list elements are clean 400s.
    @Test
    void registerWhenListHoldsNullThenBadRequestAndNoApp() {
        String name = "Null list app " + UUID.randomUUID();
        Map<String, Object> metadata = new java.util.HashMap<>();
        metadata.put("client_name", name);
        metadata.put("redirect_uris", List.of(Fixture.REDIRECT_URI));
        metadata.put("scope", "work_items.read");
        metadata.put("grant_types", java.util.Arrays.asList("authorization_code", null));
        given().header("Authorization", "Bearer " + Fixture.INITIAL_ACCESS_TOKEN)
                .contentType("application/json")
                .body(metadata)
                .post("/oauth2/register")
                .then()
                .statusCode(400)
                .body("error", equalTo("invalid_client_metadata"))
                .body("error_description", containsString("grant_types"));
        metadata.put("grant_types", List.of("authorization_code"));
        metadata.put("redirect_uris", java.util.Arrays.asList(null, Fixture.REDIRECT_URI));
        given().header("Authorization", "Bearer " + Fixture.INITIAL_ACCESS_TOKEN)
                .contentType("application/json")
                .body(metadata)
                .post("/oauth2/register")
                .then()
                .statusCode(400)
                .body("error", equalTo("invalid_redirect_uri"))
                .body("error_description", containsString("redirect_uris"));
        assertThat(fixture.count("SELECT count(*) FROM app WHERE name = ?", name)).isZero();
    }

    @Test
    void registerWhenInternalScopeThenInvalidClientMetadataAndNoApp() {
        long apps = fixture.count("SELECT count(*) FROM app");
        given().header("Authorization", "Bearer " + Fixture.INITIAL_ACCESS_TOKEN)
                .contentType("application/json")
                .body(
                        Map.of(
                                "client_name", "Sneaky",
                                "redirect_uris", List.of(Fixture.REDIRECT_URI),
                                "scope", "work_items.read grants.internal"))
                .post("/oauth2/register")
                .then()
                .statusCode(400)
                .body("error", equalTo("invalid_client_metadata"));
        assertThat(fixture.count("SELECT count(*) FROM app")).isEqualTo(apps);
    }

    @Test
    void registerWhenNoInitialAccessTokenThenUnauthorized() {
        given().contentType("application/json")
                .body(Map.of("client_name", "x", "redirect_uris", List.of(Fixture.REDIRECT_URI)))
                .post("/oauth2/register")
                .then()
                .statusCode(401);
    }

    @Test
    void registerWhenRedirectUriNotHttpsOrHasFragmentThenInvalidRedirectUri() {
        for (String uri :
                List.of(
                        "http://app.example/cb",
                        "https://app.example/cb#x",
                        "https://*.example/")) {
            given().header("Authorization", "Bearer " + Fixture.INITIAL_ACCESS_TOKEN)
                    .contentType("application/json")
                    .body(
                            Map.of(
                                    "client_name", "Bad redirect",
                                    "redirect_uris", List.of(uri),
                                    "scope", "code.read"))
                    .post("/oauth2/register")
                    .then()
                    .statusCode(400)
                    .body("error", equalTo("invalid_redirect_uri"));
        }
    }

    // Outside review 7: an initial access token must not grant an app 365-day refresh tokens.
    @Test
    void registerWhenLegacyThroughInitialAccessTokenThenRefusedAndOnlyAnAdminMay() {
        String name = "Self-made legacy " + UUID.randomUUID();
        Map<String, Object> metadata = new java.util.HashMap<>();
        metadata.put("client_name", name);
        metadata.put("redirect_uris", List.of(Fixture.REDIRECT_URI));
        metadata.put("scope", "work_items.read offline_access");
        metadata.put("grantwire_app_type", "legacy");
        given().header("Authorization", "Bearer " + Fixture.INITIAL_ACCESS_TOKEN)
                .contentType("application/json")
                .body(metadata)
                .post("/oauth2/register")
                .then()
                .statusCode(400)
                .body("error", equalTo("invalid_client_metadata"))
                .body("error_description", containsString("admin"));
        assertThat(fixture.count("SELECT count(*) FROM app WHERE name = ?", name)).isZero();

        Fixture.RegisteredApp legacy = fixture.registerLegacyApp("work_items.read");
        assertThat(fixture.text("SELECT app_type FROM app WHERE client_id = ?", legacy.clientId()))
                .isEqualTo("legacy");
    }

    // Outside review 6: every registration field and list has a length limit.
    @Test
    void registerWhenFieldOrListTooLongThenInvalidClientMetadataAndNoApp() {
        String longUri = "https://app.example/" + "a".repeat(2000);
        List<String> manyUris =
                java.util.stream.IntStream.range(0, 11)
                        .mapToObj(i -> "https://app.example/cb" + i)
                        .toList();
        for (Map.Entry<String, Object> bad :
                List.<Map.Entry<String, Object>>of(
                        Map.entry("client_name", "n".repeat(101)),
                        Map.entry("publisher", "p".repeat(101)),
                        Map.entry("description", "d".repeat(1001)),
                        Map.entry("client_uri", longUri),
                        Map.entry("logo_uri", longUri),
                        Map.entry("scope", "work_items.read " + " ".repeat(1000)),
                        Map.entry("redirect_uris", List.of(longUri)),
                        Map.entry("redirect_uris", manyUris),
                        Map.entry(
                                "grant_types",
                                List.of(
                                        "authorization_code",
                                        "authorization_code",
                                        "authorization_code",
                                        "authorization_code")))) {
            String name = "Long field app " + UUID.randomUUID();
            Map<String, Object> metadata = new java.util.HashMap<>();
            metadata.put("client_name", name);
            metadata.put("redirect_uris", List.of(Fixture.REDIRECT_URI));
            metadata.put("scope", "work_items.read");
            metadata.put(bad.getKey(), bad.getValue());
            String field = bad.getKey().equals("redirect_uris") ? "redirect_uri" : bad.getKey();
            given().header("Authorization", "Bearer " + Fixture.INITIAL_ACCESS_TOKEN)
                    .contentType("application/json")
                    .body(metadata)
                    .post("/oauth2/register")
                    .then()
                    .statusCode(400)
                    .body("error", equalTo("invalid_client_metadata"))
                    .body("error_description", containsString(field));
            assertThat(fixture.count("SELECT count(*) FROM app WHERE name = ?", name)).isZero();
        }
        Map<String, Object> atLimits = new java.util.HashMap<>();
        atLimits.put("client_name", "n".repeat(64) + UUID.randomUUID());
        atLimits.put("publisher", "p".repeat(100));
        atLimits.put("description", "d".repeat(1000));
        atLimits.put("redirect_uris", manyUris.subList(0, 10));
        atLimits.put("scope", "work_items.read");
        Fixture.RegisteredApp app = fixture.registerApp(atLimits);
        assertThat(fixture.text("SELECT description FROM app WHERE client_id = ?", app.clientId()))
                .hasSize(1000);
    }
}
