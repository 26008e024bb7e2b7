package dev.grantwire.bench.suite;

import com.fasterxml.jackson.databind.JsonNode;
import dev.grantwire.protocol.Pkce;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Grantwire as the benchmarks drive it: an app registered with RFC 7591, users recorded and their
 * consent given through grant-service's internal API (what consent-service does after the approval
 * page), codes redeemed with PKCE. The local profile's well-known dev credentials.
 */
final class GrantwireSide {

    static final String INITIAL_ACCESS_TOKEN = "local-stack-initial-access-token-0123456789";
    static final String CONSENT_CLIENT = "consent-service";
    static final String CONSENT_SECRET = "local-stack-consent-service-client-secret-0123";
    static final String REDIRECT_URI = "https://bench.example/callback";

    /** What a user consents to. */
    static final String SCOPES = "work_items.read offline_access";

    /**
     * A scope the app may get for itself with {@code client_credentials}. The default catalog has
     * none (every shipped scope acts for a user), so the benchmark stack adds this one, as an
     * operator would: see {@link #CATALOG}.
     */
    static final String APP_SCOPE = "status.read";

    /** grant-service configuration adding {@link #APP_SCOPE} to the catalog. */
    static final Map<String, String> CATALOG =
            Map.of(
                    "grantwire.catalog.scopes.\"" + APP_SCOPE + "\".audience",
                    "urn:grantwire:api:status",
                    "grantwire.catalog.scopes.\"" + APP_SCOPE + "\".description",
                    "See the service status",
                    "grantwire.catalog.scopes.\"" + APP_SCOPE + "\".app-level",
                    "true");

    final String grantUrl;
    final String clientId;
    final String secret;
    private final Http http = new Http();
    private String serviceToken;
    private long serviceTokenRenewAt;

    private GrantwireSide(String grantUrl, String clientId, String secret) {
        this.grantUrl = grantUrl;
        this.clientId = clientId;
        this.secret = secret;
    }

    /** Registers a confidential app allowed client credentials, codes and refresh tokens. */
    static GrantwireSide register(String grantUrl) {
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("client_name", "Benchmark app " + UUID.randomUUID());
        metadata.put("publisher", "Grantwire benchmarks");
        metadata.put("redirect_uris", List.of(REDIRECT_URI));
        metadata.put(
                "grant_types",
                List.of("authorization_code", "refresh_token", "client_credentials"));
        metadata.put("token_endpoint_auth_method", "client_secret_basic");
        metadata.put("scope", SCOPES + " " + APP_SCOPE);
        JsonNode registered =
                new Http()
                        .json(grantUrl + "/oauth2/register", INITIAL_ACCESS_TOKEN, metadata)
                        .expect(201, "registration")
                        .json();
        return new GrantwireSide(
                grantUrl,
                registered.path("client_id").asText(),
                registered.path("client_secret").asText());
    }

    String tokenUrl() {
        return grantUrl + "/oauth2/token";
    }

    String introspectionUrl() {
        return grantUrl + "/oauth2/introspect";
    }

    String basic() {
        return Http.basic(clientId, secret);
    }

    /** A client-credentials access token of the app. */
    String clientCredentialsToken() {
        return http.form(
                        tokenUrl(),
                        basic(),
                        Map.of("grant_type", "client_credentials", "scope", APP_SCOPE))
                .expect(200, "client credentials")
                .json()
                .path("access_token")
                .asText();
    }

    /** A user's grant to the app and its first tokens. */
    /**
     * A user's grant and its tokens, with the ownership assertion grant-service gave with the
     * user's grant (what consent-service stores with the confirmation page).
     */
    record UserGrant(
            String userId, String grantId, String access, String refresh, String ownership) {}

    /** A fresh user's tokens for the app (the token response). */
    JsonNode userTokens() {
        UserGrant grant = userGrant();
        return Http.JSON
                .createObjectNode()
                .put("access_token", grant.access())
                .put("refresh_token", grant.refresh());
    }

    /**
     * A fresh user's grant: the user is recorded, consents (as consent-service records an Accept)
     * and the app redeems the code.
     */
    synchronized UserGrant userGrant() {
        String service = consentServiceToken();
        String subject = "bench-" + UUID.randomUUID();
        Map<String, Object> user = new LinkedHashMap<>();
        user.put("issuer", "https://idp.bench/realms/grantwire");
        user.put("subject", subject);
        user.put("name", "Bench " + subject);
        user.put("email", subject + "@example.test");
        user.put("roles", List.of("user"));
        String userId =
                http.json(grantUrl + "/internal/v1/users", service, user)
                        .expect(200, "sign-in")
                        .json()
                        .path("userId")
                        .asText();
        String verifier = Pkce.newVerifier();
        Map<String, Object> consent = new LinkedHashMap<>();
        consent.put("userId", userId);
        consent.put("clientId", clientId);
        consent.put("scopes", List.of(SCOPES.split(" ")));
        consent.put("redirectUri", REDIRECT_URI);
        consent.put("nonce", "n-" + UUID.randomUUID());
        consent.put("codeChallenge", Pkce.challenge(verifier));
        consent.put("codeChallengeMethod", "S256");
        String code =
                http.json(grantUrl + "/internal/v1/grants", service, consent)
                        .expect(201, "consent")
                        .json()
                        .path("code")
                        .asText();
        JsonNode tokens =
                http.form(
                                tokenUrl(),
                                basic(),
                                Map.of(
                                        "grant_type", "authorization_code",
                                        "code", code,
                                        "redirect_uri", REDIRECT_URI,
                                        "code_verifier", verifier))
                        .expect(200, "code exchange")
                        .json();
        String access = tokens.path("access_token").asText();
        String grantId = claim(access, "grant_id");
        String ownership =
                http.get(grantUrl + "/internal/v1/users/" + userId + "/grants/" + grantId, service)
                        .expect(200, "the user's grant")
                        .json()
                        .path("ownership")
                        .asText(null);
        return new UserGrant(
                userId, grantId, access, tokens.path("refresh_token").asText(), ownership);
    }

    /**
     * The user revokes the grant on "Manage authorizations": consent-service's call to
     * revocation-service's user API, with the grant's ownership assertion as consent-service sends
     * it (none from a grant-service that signs none), which must answer 201.
     */
    void revoke(Http client, String revocationUrl, UserGrant grant, String reason) {
        client.json(
                        revocationUrl
                                + "/internal/v1/users/"
                                + grant.userId()
                                + "/grants/"
                                + grant.grantId()
                                + "/revocations",
                        consentServiceToken(),
                        grant.ownership() == null
                                ? Map.of()
                                : Map.of("Grantwire-Ownership", grant.ownership()),
                        Map.of("reason", reason))
                .expect(201, "user revoke");
    }

    /** A service token of consent-service, the one caller of the user revocation API. */
    synchronized String consentServiceToken() {
        if (serviceToken != null && System.nanoTime() < serviceTokenRenewAt) {
            return serviceToken;
        }
        serviceTokenRenewAt = System.nanoTime() + java.time.Duration.ofMinutes(1).toNanos();
        serviceToken =
                http.form(
                                tokenUrl(),
                                Http.basic(CONSENT_CLIENT, CONSENT_SECRET),
                                Map.of(
                                        "grant_type", "client_credentials",
                                        "scope", "grants.internal revocations.internal"))
                        .expect(200, "consent-service token")
                        .json()
                        .path("access_token")
                        .asText();
        return serviceToken;
    }

    /** A claim of a JWT, read without verifying (the bench reads what it was given). */
    static String claim(String jwt, String name) {
        try {
            return Http.JSON
                    .readTree(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]))
                    .path(name)
                    .asText();
        } catch (java.io.IOException e) {
            throw new IllegalStateException("not a JWT", e);
        }
    }
}
