package dev.grantwire.system;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.grantwire.system.Grantwire.App;
import dev.grantwire.system.Grantwire.Tokens;
import dev.grantwire.testsupport.feed.FeedProbe;
import dev.grantwire.testsupport.hostile.Draft;
import dev.grantwire.testsupport.hostile.Forgeries;
import dev.grantwire.testsupport.hostile.HostileEndpoint;
import dev.grantwire.testsupport.hostile.HostileRun;
import dev.grantwire.testsupport.hostile.Mutations;
import dev.grantwire.testsupport.hostile.RawHttp;
import dev.grantwire.testsupport.hostile.Shape;
import dev.grantwire.testsupport.hostile.StoreDigest;
import dev.grantwire.testsupport.hostile.Verdict.ForgeryCheck;
import dev.grantwire.testsupport.kafka.KafkaUser;
import dev.grantwire.testsupport.keycloak.GrantwireRealm;
import dev.grantwire.testsupport.stack.Stack;
import dev.grantwire.testsupport.stack.Stack.Service;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Hostile input (SECURITY.md, "Hostile input"): at least 10,000 generated requests across every
 * public endpoint of the three services, the example API's guard and the demo app, and the internal
 * APIs with a valid service token. Each request is a base that is already refused (an unknown code,
 * a wrong secret, a missing field) made worse by one to three mutations ({@link Mutations}): wrong
 * methods and media types, broken and duplicated-key JSON, bodies up to 4 MB, long headers and
 * queries, bad percent-encoding, non-UTF-8 bytes, NUL and control characters, injection-shaped
 * values, HTTP/1.0 without Host, malformed Basic credentials and cookies, and forged or
 * non-canonical tokens ({@link Forgeries}). Every answer must be no 5xx, within 10 s, free of stack
 * traces and library words, in the endpoint's documented error shape, and never a forged token
 * accepted; after the run every table of every service and the revocations on the topic are as they
 * were.
 *
 * <p>{@code -Dgrantwire.hostile.requests=N} and {@code -Dgrantwire.hostile.seed=S|random} run it
 * longer or otherwise (README, "Hostile input"); a failure prints its seed and request index.
 */
@ExtendWith(StackExtension.class)
class HostileInputIT {

    private static final long DEFAULT_SEED = 20261207L;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path REPORT = Path.of("target", "hostile-input");
    private static final Path BROWSER = Path.of("target/system/browser");

    /**
     * Tables that change with time alone, whatever the requests: the feed position and applied
     * sequences move with every heartbeat, revocation-service's watermark and outbox carry the
     * heartbeats.
     */
    private static final Set<String> MOVING =
            Set.of(
                    "grant_service.feed_position",
                    "revocation_service.watermark",
                    "revocation_service.outbox");

    /**
     * Tables whose rows housekeeping deletes once they expire or are done with (codes, refresh
     * tokens, relayed commands, applied revocations past their expiry, answered requests and
     * confirmations): other tests on this stack leave such rows, and they may go during the run.
     * Nothing may be added or changed in them either.
     */
    private static final Set<String> PRUNED =
            Set.of(
                    "grant_service.authorization_code",
                    "grant_service.refresh_token",
                    "grant_service.command_outbox",
                    "grant_service.applied_revocation",
                    "grant_service.applied_sequence",
                    "consent_service.authorization_request",
                    "consent_service.confirmation",
                    "consent_service.signed_out_session",
                    "consent_service.user_revocation");

    @Test
    void everyHostileRequestIsRefusedCleanlyAndChangesNothing(Stack stack) throws Exception {
        Grantwire grantwire = new Grantwire(stack);
        App app = grantwire.registerApp("work_items.read work_items.write");
        App other = grantwire.registerApp("work_items.read");
        UUID user = grantwire.newUser();
        Tokens tokens = grantwire.authorize(user, app, "work_items.read work_items.write", null);
        Tokens otherTokens =
                grantwire.authorize(grantwire.newUser(), other, "work_items.read", null);
        String serviceToken = grantwire.consentToken();
        RawHttp.Answer jwks = get(stack.service(Service.GRANT).httpPort(), "/oauth2/jwks");
        assertThat(jwks.status()).as("the JWKS: %s %s", jwks.ioError(), jwks.text()).isEqualTo(200);
        JsonNode jwk = JSON.readTree(jwks.body()).path("keys").get(0);

        Map<String, String> forged = new LinkedHashMap<>();
        Forgeries.of(tokens.access(), jwk)
                .forEach((name, token) -> forged.put("access token, " + name, token));
        Forgeries.of(serviceToken, jwk)
                .forEach((name, token) -> forged.put("service token, " + name, token));

        // bob signed in at consent-service through Keycloak in Chromium: the pages behind sign-in
        // are attacked with his real session.
        String session;
        try (BrowserUser bob = BrowserUser.open(stack, GrantwireRealm.BOB, BROWSER)) {
            bob.page("/account");
            session = bob.cookieHeader();
        }
        // His first page records the sign-in at grant-service: before the snapshot, not during.
        int consentPort = stack.service(Service.CONSENT).httpPort();
        RawHttp.Answer list =
                RawHttp.exchange(
                        consentPort,
                        new Draft("GET", "/authorizations")
                                .header("Cookie", session)
                                .render(consentPort),
                        false,
                        Duration.ofSeconds(10));
        assertThat(list.status()).as("bob's Manage authorizations").isEqualTo(200);
        List<HostileEndpoint> endpoints =
                endpoints(stack, app, other, tokens, otherTokens, serviceToken, user, session);
        long seed = seed();
        int requests = Integer.getInteger("grantwire.hostile.requests", 12_000);
        HostileRun run = new HostileRun(endpoints, new Mutations(forged), seed);

        // Work earlier tests set in motion (a relayed command, a revocation on its way to the
        // topic) settles first: the snapshot is taken once two in a row agree.
        Map<String, Set<String>> before = quiet(stack);
        int revocationsBefore = revocationsOnTopic(stack);
        run.run(requests, Integer.getInteger("grantwire.hostile.threads", 4));
        // Anything a refused request set in motion (a revoke, a command) reaches the stores and the
        // topic well within this.
        Thread.sleep(2_000);
        Map<String, Set<String>> after = stores(stack);
        List<String> changes = StoreDigest.changes(before, after, PRUNED);
        int revocationsAfter = revocationsOnTopic(stack);

        String table = run.table();
        Files.createDirectories(REPORT);
        Files.writeString(
                REPORT.resolve("report.md"),
                "Seed "
                        + seed
                        + ", "
                        + requests
                        + " requests.\n\n"
                        + table
                        + "\n"
                        + String.join("\n", run.failures())
                        + "\n");
        System.out.println(
                "Hostile input, seed " + seed + ", " + requests + " requests:\n" + table);
        run.failures().forEach(System.out::println);
        if (!changes.isEmpty()) {
            System.out.println("Stored state changed: " + changes);
            System.out.println("State-changing requests answered 2xx:");
            run.accepted().forEach(System.out::println);
        }

        assertThat(run.failures()).as("hostile requests answered badly (seed %d)", seed).isEmpty();
        assertThat(changes).as("stored state changed by the hostile run").isEmpty();
        assertThat(revocationsAfter).as("revocations on the topic").isEqualTo(revocationsBefore);
    }

    private static long seed() {
        String seed = System.getProperty("grantwire.hostile.seed", String.valueOf(DEFAULT_SEED));
        return seed.equals("random")
                ? ThreadLocalRandom.current().nextLong()
                : Long.parseLong(seed);
    }

    private static List<HostileEndpoint> endpoints(
            Stack stack,
            App app,
            App other,
            Tokens tokens,
            Tokens otherTokens,
            String serviceToken,
            UUID user,
            String session) {
        int grant = stack.service(Service.GRANT).httpPort();
        int revocation = stack.service(Service.REVOCATION).httpPort();
        int consent = stack.service(Service.CONSENT).httpPort();
        int api = stack.resourceApis().get(0).httpPort();
        int demo = stack.demoApp().httpPort();
        String bearer = "Bearer " + tokens.access();
        String service = "Bearer " + serviceToken;
        String wrongSecret = new App(app.clientId(), "not-the-secret").basic();
        String oauthState = oidcStateCookie(consent);
        List<HostileEndpoint> out = new ArrayList<>();

        // grant-service, OAuth and OpenID endpoints.
        out.add(
                oauth(
                        "token: code with a wrong secret",
                        grant,
                        form("/oauth2/token", wrongSecret)
                                .form("grant_type", "authorization_code")
                                .form("code", "no-such-code")
                                .form("redirect_uri", Grantwire.REDIRECT_URI)
                                .form("code_verifier", "v".repeat(43))));
        out.add(
                oauth(
                        "token: unknown code",
                        grant,
                        form("/oauth2/token", app.basic())
                                .form("grant_type", "authorization_code")
                                .form("code", "no-such-code")
                                .form("redirect_uri", Grantwire.REDIRECT_URI)
                                .form("code_verifier", "v".repeat(43))));
        out.add(
                oauth(
                        "token: unknown refresh token",
                        grant,
                        form("/oauth2/token", app.basic())
                                .form("grant_type", "refresh_token")
                                .form("refresh_token", "no-such-refresh-token")));
        out.add(
                oauth(
                        "token: client credentials, wrong secret",
                        grant,
                        form("/oauth2/token", wrongSecret)
                                .form("grant_type", "client_credentials")
                                .form("scope", "work_items.read")));
        out.add(
                new HostileEndpoint(
                        "introspection",
                        grant,
                        Shape.OAUTH,
                        ForgeryCheck.ACTIVE,
                        form("/oauth2/introspect", app.basic()).form("token", tokens.access())));
        out.add(
                new HostileEndpoint(
                        "userinfo",
                        grant,
                        Shape.OAUTH,
                        ForgeryCheck.SERVED,
                        new Draft("GET", "/oauth2/userinfo").header("Authorization", bearer)));
        out.add(
                new HostileEndpoint(
                        "registration",
                        grant,
                        Shape.REGISTRATION,
                        ForgeryCheck.NONE,
                        json(
                                "POST",
                                "/oauth2/register",
                                "Bearer " + Grantwire.INITIAL_ACCESS_TOKEN,
                                Draft.object()
                                        .put("client_name", "Hostile")
                                        .put("publisher", "Example Corp")
                                        .put("scope", "work_items.read")
                                        .put("token_endpoint_auth_method", "client_secret_basic")
                                        .set(
                                                "redirect_uris",
                                                JSON.createArrayNode().add("not a uri")))));
        out.add(oauth("metadata", grant, new Draft("GET", "/.well-known/openid-configuration")));
        out.add(oauth("jwks", grant, new Draft("GET", "/oauth2/jwks")));

        // grant-service's internal APIs, with a valid service token.
        out.add(
                problem(
                        "internal: sign-in without an issuer",
                        grant,
                        json(
                                "POST",
                                "/internal/v1/users",
                                service,
                                Draft.object()
                                        .put("subject", "hostile")
                                        .put("name", "Hostile")
                                        .put("email", "h@example.test"))));
        out.add(
                problem(
                        "internal: consent for an unknown user",
                        grant,
                        json(
                                "POST",
                                "/internal/v1/grants",
                                service,
                                Draft.object()
                                        .put("userId", UUID.randomUUID().toString())
                                        .put("clientId", app.clientId())
                                        .put("redirectUri", Grantwire.REDIRECT_URI)
                                        .put("nonce", "n")
                                        .put("codeChallenge", "c".repeat(43))
                                        .put("codeChallengeMethod", "S256")
                                        .set(
                                                "scopes",
                                                JSON.createArrayNode().add("work_items.read")))));
        out.add(
                problem(
                        "internal: a user's grants",
                        grant,
                        internal(
                                "GET",
                                "/internal/v1/users/" + UUID.randomUUID() + "/grants",
                                service)));
        out.add(
                problem(
                        "internal: an app",
                        grant,
                        internal("GET", "/internal/v1/apps/no-such-app", service)));
        out.add(
                problem(
                        "internal: token resolution",
                        grant,
                        json(
                                "POST",
                                "/internal/v1/token-resolutions",
                                service,
                                Draft.object()
                                        .put("token", "no-such-token")
                                        .put("clientId", app.clientId()))));
        out.add(
                problem(
                        "internal: admin app update by a non-admin",
                        grant,
                        json(
                                        "PUT",
                                        "/internal/v1/admin/apps/" + other.clientId(),
                                        service,
                                        Draft.object().put("name", "Renamed"))
                                .header("Grantwire-Acting-User", user.toString())));
        out.add(
                problem(
                        "internal: admin policy by a non-admin",
                        grant,
                        json(
                                        "PUT",
                                        "/internal/v1/admin/policy",
                                        service,
                                        Draft.object().put("thirdPartyAccess", false))
                                .header("Grantwire-Acting-User", user.toString())));
        out.add(
                problem(
                        "internal: admin audit by a non-admin",
                        grant,
                        internal("GET", "/internal/v1/admin/audit", service)
                                .query("limit", "10")
                                .header("Grantwire-Acting-User", user.toString())));

        out.add(
                problem(
                        "internal: policy",
                        grant,
                        internal("GET", "/internal/v1/policy", service)));
        out.add(
                problem(
                        "internal: is an unknown user an admin",
                        grant,
                        internal(
                                "GET",
                                "/internal/v1/users/" + UUID.randomUUID() + "/admin",
                                service)));
        out.add(
                problem(
                        "internal: a grant's owner",
                        grant,
                        internal("GET", "/internal/v1/grants/not-a-grant", service)));
        out.add(
                problem(
                        "internal: CORS origin",
                        grant,
                        internal("GET", "/internal/v1/token-resolutions/cors-origin", service)
                                .query("origin", "https://evil.example")));
        out.add(
                problem(
                        "internal: key rotation by a non-admin",
                        grant,
                        internal("POST", "/internal/v1/admin/keys/rotate", service)
                                .header("Grantwire-Acting-User", user.toString())));
        out.add(
                problem(
                        "internal: app deletion by a non-admin",
                        grant,
                        internal("DELETE", "/internal/v1/admin/apps/" + other.clientId(), service)
                                .header("Grantwire-Acting-User", user.toString())));

        // revocation-service.
        out.add(
                oauth(
                        "RFC 7009 revoke of another app's token",
                        revocation,
                        form("/oauth2/revoke", app.basic())
                                .form("token", otherTokens.access())
                                .form("token_type_hint", "access_token")));
        out.add(
                oauth(
                        "RFC 7009 revoke, wrong secret",
                        revocation,
                        form("/oauth2/revoke", wrongSecret).form("token", tokens.access())));
        out.add(
                problem(
                        "internal: user revoke without ownership",
                        revocation,
                        json(
                                        "POST",
                                        "/internal/v1/users/"
                                                + user
                                                + "/grants/"
                                                + tokens.grantId()
                                                + "/revocations",
                                        service,
                                        Draft.object())
                                .header("Grantwire-Ownership", "not-an-assertion")));
        out.add(
                problem(
                        "internal: admin revoke without assertion",
                        revocation,
                        json(
                                        "POST",
                                        "/internal/v1/admin/revocations",
                                        service,
                                        Draft.object()
                                                .put("kind", "client")
                                                .put("subject", app.clientId()))
                                .header("Grantwire-Acting-User", user.toString())
                                .header("Grantwire-Admin", "forged")));
        out.add(
                problem(
                        "internal: command of an unknown kind",
                        revocation,
                        json(
                                "POST",
                                "/internal/v1/revocations/commands",
                                service,
                                Draft.object()
                                        .put("commandId", UUID.randomUUID().toString())
                                        .put("kind", "no-such-kind")
                                        .put("subject", tokens.grantId().toString()))));
        out.add(
                problem(
                        "internal: newest revocations",
                        revocation,
                        internal("GET", "/internal/v1/revocations/newest", service)
                                .query("limit", "5")));
        out.add(
                problem(
                        "internal: ledger",
                        revocation,
                        internal("GET", "/internal/v1/revocations", service)
                                .query("since", "0")
                                .query("limit", "5")));

        // consent-service's pages.
        out.add(
                page(
                        "authorize: unknown client",
                        consent,
                        new Draft("GET", "/oauth2/authorize")
                                .query("response_type", "code")
                                .query("client_id", "no-such-app")
                                .query("redirect_uri", Grantwire.REDIRECT_URI)
                                .query("scope", "work_items.read")
                                .query("state", "s")
                                .query("code_challenge", "c".repeat(43))
                                .query("code_challenge_method", "S256")));
        out.add(
                page(
                        "authorize: decision without a session",
                        consent,
                        new Draft("POST", "/oauth2/authorize/decision")
                                .header("Content-Type", "application/x-www-form-urlencoded")
                                .form("request", UUID.randomUUID().toString())
                                .form("csrf_token", "x")
                                .form("decision", "accept")));
        out.add(page("manage authorizations", consent, new Draft("GET", "/authorizations")));
        out.add(
                page(
                        "revoke confirmation",
                        consent,
                        new Draft("GET", "/authorizations/" + tokens.grantId() + "/revoke")));
        out.add(
                page(
                        "sign-in callback with a forged state",
                        consent,
                        new Draft("GET", "/authorizations")
                                .query("code", "forged-code")
                                .query("state", "forged-state")
                                .header("Cookie", oauthState)));
        out.add(page("admin", consent, new Draft("GET", "/admin/apps")));
        out.add(
                page(
                        "sign-out",
                        consent,
                        new Draft("POST", "/sign-out")
                                .header("Content-Type", "application/x-www-form-urlencoded")
                                .form("csrf_token", "x")));
        out.add(page("signed out", consent, new Draft("GET", "/signed-out")));

        String form = "application/x-www-form-urlencoded";
        out.add(
                page(
                        "signed in: manage authorizations",
                        consent,
                        new Draft("GET", "/authorizations").header("Cookie", session)));
        out.add(
                page(
                        "signed in: account",
                        consent,
                        new Draft("GET", "/account").header("Cookie", session)));
        out.add(
                page(
                        "signed in: continue an unknown request",
                        consent,
                        new Draft("GET", "/oauth2/authorize/continue")
                                .query("request", UUID.randomUUID().toString())
                                .header("Cookie", session)));
        out.add(
                page(
                        "signed in: decision on an unknown request",
                        consent,
                        new Draft("POST", "/oauth2/authorize/decision")
                                .header("Cookie", session)
                                .header("Content-Type", form)
                                .form("request", UUID.randomUUID().toString())
                                .form("csrf_token", "x")
                                .form("decision", "accept")));
        out.add(
                page(
                        "signed in: another user's revoke",
                        consent,
                        new Draft("GET", "/authorizations/" + tokens.grantId() + "/revoke")
                                .header("Cookie", session)));
        out.add(
                page(
                        "signed in: revoke with an unknown confirmation",
                        consent,
                        new Draft("POST", "/authorizations/revoke")
                                .header("Cookie", session)
                                .header("Content-Type", form)
                                .form("confirmation", UUID.randomUUID().toString())
                                .form("csrf_token", "x")));
        out.add(
                page(
                        "signed in: admin audit as a user",
                        consent,
                        new Draft("GET", "/admin/audit").header("Cookie", session)));
        out.add(
                page(
                        "signed in: admin confirmation as a user",
                        consent,
                        new Draft("POST", "/admin/confirm")
                                .header("Cookie", session)
                                .header("Content-Type", form)
                                .form("confirmation", UUID.randomUUID().toString())
                                .form("csrf_token", "x")));
        out.add(
                page(
                        "signed in: sign-out with a wrong token",
                        consent,
                        new Draft("POST", "/sign-out")
                                .header("Cookie", session)
                                .header("Content-Type", form)
                                .form("csrf_token", "x")));

        // The example API behind grantwire-guard.
        out.add(
                new HostileEndpoint(
                        "guard: work items",
                        api,
                        Shape.BEARER,
                        ForgeryCheck.SERVED,
                        new Draft("GET", "/api/work-items").header("Authorization", bearer)));
        out.add(
                new HostileEndpoint(
                        "guard: new work item without a title",
                        api,
                        Shape.BEARER,
                        ForgeryCheck.NONE,
                        json("POST", "/api/work-items", bearer, Draft.object().put("title", ""))));
        out.add(
                new HostileEndpoint(
                        "guard: me",
                        api,
                        Shape.BEARER,
                        ForgeryCheck.SERVED,
                        new Draft("GET", "/api/me").header("Authorization", bearer)));
        out.add(
                new HostileEndpoint(
                        "guard: builds",
                        api,
                        Shape.BEARER,
                        ForgeryCheck.SERVED,
                        new Draft("GET", "/api/builds").header("Authorization", bearer)));

        out.add(
                new HostileEndpoint(
                        "guard: code repositories",
                        api,
                        Shape.BEARER,
                        ForgeryCheck.SERVED,
                        new Draft("GET", "/api/code/repositories")
                                .header("Authorization", bearer)));

        // The demo app.
        out.add(demo("demo: home", demo, new Draft("GET", "/")));
        out.add(
                demo(
                        "demo: connect without a session",
                        demo,
                        new Draft("POST", "/connect")
                                .header("Content-Type", "application/x-www-form-urlencoded")
                                .form("csrf_token", "x")));
        out.add(
                demo(
                        "demo: callback with an unknown state",
                        demo,
                        new Draft("GET", "/callback")
                                .query("code", "c")
                                .query("state", "unknown")
                                .query("iss", "https://evil.example")));
        out.add(
                demo(
                        "demo: new work item without a session",
                        demo,
                        new Draft("POST", "/work-items")
                                .header("Content-Type", "application/x-www-form-urlencoded")
                                .form("csrf_token", "x")
                                .form("title", "t")));
        return out;
    }

    private static HostileEndpoint oauth(String name, int port, Draft base) {
        return new HostileEndpoint(name, port, Shape.OAUTH, ForgeryCheck.NONE, base);
    }

    private static HostileEndpoint problem(String name, int port, Draft base) {
        return new HostileEndpoint(name, port, Shape.PROBLEM, ForgeryCheck.SERVED, base);
    }

    private static HostileEndpoint page(String name, int port, Draft base) {
        return new HostileEndpoint(name, port, Shape.GRANTWIRE_PAGE, ForgeryCheck.NONE, base);
    }

    private static HostileEndpoint demo(String name, int port, Draft base) {
        return new HostileEndpoint(name, port, Shape.DEMO_PAGE, ForgeryCheck.NONE, base);
    }

    /** A call to an internal API with the service token. */
    private static Draft internal(String method, String path, String service) {
        return new Draft(method, path).header("Authorization", service);
    }

    private static Draft form(String path, String authorization) {
        return new Draft("POST", path)
                .header("Authorization", authorization)
                .header("Content-Type", "application/x-www-form-urlencoded");
    }

    private static Draft json(String method, String path, String authorization, ObjectNode body) {
        return new Draft(method, path)
                .header("Authorization", authorization)
                .header("Content-Type", "application/json")
                .json(body);
    }

    /**
     * The state cookie quarkus-oidc sets when it sends a browser to sign in, with a forged value.
     */
    private static String oidcStateCookie(int consent) {
        RawHttp.Answer answer = get(consent, "/authorizations");
        for (Map.Entry<String, String> header : answer.headers()) {
            if (header.getKey().equalsIgnoreCase("Set-Cookie")
                    && header.getValue().startsWith("q_auth")) {
                String name = header.getValue().substring(0, header.getValue().indexOf('='));
                return name + "=" + "forged-state|/authorizations";
            }
        }
        throw new AssertionError(
                "consent-service set no sign-in state cookie: " + answer.headers());
    }

    private static RawHttp.Answer get(int port, String path) {
        Draft draft = new Draft("GET", path);
        return RawHttp.exchange(port, draft.render(port), false, Duration.ofSeconds(10));
    }

    private static Map<String, Set<String>> quiet(Stack stack) throws Exception {
        Map<String, Set<String>> previous = stores(stack);
        int topic = revocationsOnTopic(stack);
        for (int attempt = 0; attempt < 30; attempt++) {
            Thread.sleep(1_000);
            Map<String, Set<String>> now = stores(stack);
            int topicNow = revocationsOnTopic(stack);
            if (now.equals(previous) && topicNow == topic) {
                return now;
            }
            previous = now;
            topic = topicNow;
        }
        throw new AssertionError("the stack never settled before the hostile run");
    }

    private static Map<String, Set<String>> stores(Stack stack) throws Exception {
        Map<String, String> urls = new LinkedHashMap<>();
        for (Service service : Service.values()) {
            urls.put(service.database(), stack.postgres().jdbcUrl(service.database()));
        }
        return StoreDigest.of(urls, stack.postgres().user(), stack.postgres().password(), MOVING);
    }

    private static int revocationsOnTopic(Stack stack) {
        try (FeedProbe probe = new FeedProbe(stack.kafka().access(KafkaUser.ADMIN))) {
            return probe.revocationsOnTopic(Duration.ofSeconds(10)).size();
        }
    }
}
