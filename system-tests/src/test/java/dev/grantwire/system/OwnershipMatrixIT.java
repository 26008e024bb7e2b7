package dev.grantwire.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.grantwire.system.Grantwire.Answer;
import dev.grantwire.testsupport.keycloak.GrantwireRealm;
import dev.grantwire.testsupport.stack.Stack;
import dev.grantwire.testsupport.stack.Stack.Service;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * The ownership matrix: every user and admin API of revocation-service and grant-service, called
 * over HTTP as consent-service calls them, and consent-service's account, "Manage authorizations"
 * and admin pages with real browsers' sessions. Each is called by nobody, by another user who is
 * not an admin, and by the owner or an admin. Proves that the first two are refused and change
 * nothing (the grant's token still introspects active, no ledger row, no audit entry, the app as it
 * was), and that the third works, its effect visible. The answers observed make the table of
 * SECURITY.md's "Ownership matrix", which must show them as they are.
 */
@ExtendWith(StackExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OwnershipMatrixIT {

    private static final Path WORK = Path.of("target/system/browser");
    private static final Path GENERATED = Path.of("target", "ownership-matrix.md");
    private static final Path SECURITY_MD = Path.of("..", "SECURITY.md");
    private static final String BEGIN = "<!-- ownership-matrix:begin -->";
    private static final String END = "<!-- ownership-matrix:end -->";
    private static final String OUT_OF_DATE =
            "SECURITY.md's ownership matrix is out of date: copy"
                    + " system-tests/target/ownership-matrix.md between its markers";

    private static final String SCOPES = "work_items.read";
    private static final Duration DEADLINE = Duration.ofSeconds(10);
    private static final ObjectMapper JSON = new ObjectMapper();

    // The internal API's headers (InternalHeaders, RevocationAssertions), spelled out: the
    // system tests call the services as any HTTP client would.
    private static final String ACTING_USER = "Grantwire-Acting-User";
    private static final String OWNERSHIP = "Grantwire-Ownership";
    private static final String ADMIN_ASSERTION = "Grantwire-Admin";

    /** What the owner column says of an action this test must not take on the shared stack. */
    private static final String NOT_RUN = "not run (shared state)";

    private static final Set<String> API_ANONYMOUS = Set.of("401");
    private static final Set<String> PAGE_ANONYMOUS = Set.of("302, sign-in", "401");
    private static final Set<String> REFUSED = Set.of("403", "404");
    private static final Set<String> REFUSED_UNCHANGED = Set.of("403, unchanged", "404, unchanged");

    /** The rows observed so far, shown in the order of {@link Surface}. */
    private static final Map<Surface, Row> ROWS = new EnumMap<>(Surface.class);

    /** Every row of the matrix, in the order SECURITY.md shows them. */
    enum Surface {
        USER_REVOKE(
                "`POST /internal/v1/users/{userId}/grants/{grantId}/revocations`"
                        + " (revocation-service), no assertion"),
        USER_REVOKE_ASSERTED(
                "`POST /internal/v1/users/{userId}/grants/{grantId}/revocations`"
                        + " (revocation-service), with `Grantwire-Ownership`"),
        ADMIN_REVOKE("`POST /internal/v1/admin/revocations` (revocation-service)"),
        USER_GRANTS("`GET /internal/v1/users/{userId}/grants` (grant-service)"),
        USER_GRANT("`GET /internal/v1/users/{userId}/grants/{grantId}` (grant-service)"),
        ADMIN_GRANTS("`GET /internal/v1/admin/grants` (grant-service)"),
        ADMIN_APPS("`GET /internal/v1/admin/apps` (grant-service)"),
        ADMIN_APP("`GET /internal/v1/admin/apps/{clientId}` (grant-service)"),
        ADMIN_REGISTER("`POST /internal/v1/admin/apps` (grant-service)"),
        ADMIN_UPDATE("`PUT /internal/v1/admin/apps/{clientId}` (grant-service)"),
        ADMIN_DISABLE("`POST /internal/v1/admin/apps/{clientId}/disable` (grant-service)"),
        ADMIN_ENABLE("`POST /internal/v1/admin/apps/{clientId}/enable` (grant-service)"),
        ADMIN_ROTATE("`POST /internal/v1/admin/apps/{clientId}/secret/rotate` (grant-service)"),
        ADMIN_REGENERATE(
                "`POST /internal/v1/admin/apps/{clientId}/secret/regenerate` (grant-service)"),
        ADMIN_DELETE("`DELETE /internal/v1/admin/apps/{clientId}` (grant-service)"),
        ADMIN_AUDIT("`GET /internal/v1/admin/audit` (grant-service)"),
        ADMIN_POLICY("`GET /internal/v1/admin/policy` (grant-service)"),
        ADMIN_POLICY_UPDATE("`PUT /internal/v1/admin/policy` (grant-service)"),
        ADMIN_KEYS("`POST /internal/v1/admin/keys/rotate` (grant-service)"),
        PAGE_ACCOUNT("`GET /account` (consent-service)"),
        PAGE_LIST("`GET /authorizations` (consent-service)"),
        PAGE_CONFIRM_REVOKE("`GET /authorizations/{grantId}/revoke` (consent-service)"),
        PAGE_REVOKE("`POST /authorizations/revoke` (consent-service)"),
        PAGE_ADMIN("`GET /admin` (consent-service)"),
        PAGE_ADMIN_AUTHORIZATIONS("`GET /admin/authorizations` (consent-service)"),
        PAGE_ADMIN_APPS("`GET /admin/apps` (consent-service)"),
        PAGE_ADMIN_NEW_APP("`GET /admin/apps/new` (consent-service)"),
        PAGE_ADMIN_REGISTER("`POST /admin/apps` (consent-service)"),
        PAGE_ADMIN_POLICY("`GET /admin/policy` (consent-service)"),
        PAGE_ADMIN_AUDIT("`GET /admin/audit` (consent-service)"),
        PAGE_ADMIN_CONFIRM("`GET /admin/confirm` (consent-service)"),
        PAGE_ADMIN_CONFIRMED("`POST /admin/confirm` (consent-service)"),
        PAGE_SIGN_OUT("`POST /sign-out` (consent-service)");

        final String label;

        Surface(String label) {
            this.label = label;
        }
    }

    /** One row: what nobody, another user and the owner or an admin got, in fixed words. */
    record Row(Surface surface, String anonymous, String another, String owner) {
        String markdown() {
            return "| " + String.join(" | ", surface.label, anonymous, another, owner) + " |";
        }
    }

    private Stack stack;
    private Grantwire grantwire;

    @BeforeEach
    void connect(Stack stack) {
        this.stack = stack;
        this.grantwire = new Grantwire(stack);
    }

    @Test
    @Order(1)
    void userApisWhenAnonymousOrAnotherUserThenRefusedAndUnchangedAndTheOwnerSucceeds() {
        UUID alice = grantwire.newUser();
        UUID bob = grantwire.newUser();
        String token = grantwire.consentToken();
        Map<String, String> reason = Map.of("reason", "user revoked");

        // Without an assertion (an older consent-service): revocation-service asks grant-service
        // whose the grant is.
        Grantwire.App plain = grantwire.registerApp(SCOPES);
        Grantwire.Tokens first = grantwire.authorize(alice, plain, SCOPES, null);
        BooleanSupplier firstStays = () -> stays(plain, first);
        String nobody =
                anonymous(
                        call(
                                "POST",
                                Service.REVOCATION,
                                revocations(alice, first.grantId()),
                                null,
                                Map.of(),
                                reason),
                        firstStays);
        String his = refused(statuses(grantwire.userRevoke(bob, first.grantId())), firstStays);
        String hers =
                done(
                        grantwire.userRevoke(alice, first.grantId()),
                        () -> revoked(plain, first),
                        "revoked");
        check(
                row(Surface.USER_REVOKE, nobody, his, hers),
                API_ANONYMOUS,
                REFUSED_UNCHANGED,
                "201, revoked");

        // As consent-service revokes: with the grant's ownership assertion, which names alice, so
        // bob holding it (a leak) still cannot revoke her grant in his own name.
        Grantwire.App asserted = grantwire.registerApp(SCOPES);
        Grantwire.Tokens second = grantwire.authorize(alice, asserted, SCOPES, null);
        String ownership = ownershipOf(alice, second.grantId());
        BooleanSupplier secondStays = () -> stays(asserted, second);
        Map<String, String> withOwnership = Map.of(OWNERSHIP, ownership);
        nobody =
                anonymous(
                        call(
                                "POST",
                                Service.REVOCATION,
                                revocations(alice, second.grantId()),
                                null,
                                withOwnership,
                                reason),
                        secondStays);
        Answer bobs =
                call(
                        "POST",
                        Service.REVOCATION,
                        revocations(bob, second.grantId()),
                        token,
                        withOwnership,
                        reason);
        his = refused(statuses(bobs), secondStays);
        Answer alices =
                call(
                        "POST",
                        Service.REVOCATION,
                        revocations(alice, second.grantId()),
                        token,
                        withOwnership,
                        reason);
        hers = done(alices, () -> revoked(asserted, second), "revoked");
        check(
                row(Surface.USER_REVOKE_ASSERTED, nobody, his, hers),
                API_ANONYMOUS,
                REFUSED_UNCHANGED,
                "201, revoked");

        // The list is addressed by user: another user's id gives that user's list, never hers.
        // Bob holds a grant of the same app, so his list is a real one, not an empty refusal.
        Grantwire.App listed = grantwire.registerApp(SCOPES);
        Grantwire.Tokens third = grantwire.authorize(alice, listed, SCOPES, null);
        grantwire.authorize(bob, listed, SCOPES, null);
        String herList = "/internal/v1/users/" + alice + "/grants";
        nobody = statuses(call("GET", Service.GRANT, herList, null, Map.of(), null));
        Answer hisList = call("GET", Service.GRANT, "/internal/v1/users/" + bob + "/grants", token);
        his = listedOrNot(hisList, third.grantId());
        hers = listedOrNot(call("GET", Service.GRANT, herList, token), third.grantId());
        check(
                row(Surface.USER_GRANTS, nobody, his, hers),
                API_ANONYMOUS,
                Set.of("200, not listed"),
                "200, listed");

        String herGrant = herList + "/" + third.grantId();
        nobody = statuses(call("GET", Service.GRANT, herGrant, null, Map.of(), null));
        his =
                statuses(
                        call(
                                "GET",
                                Service.GRANT,
                                "/internal/v1/users/" + bob + "/grants/" + third.grantId(),
                                token));
        Answer one = call("GET", Service.GRANT, herGrant, token);
        hers =
                seen(
                        one,
                        one.status() == 200
                                && third.grantId()
                                        .toString()
                                        .equals(one.json().path("grantId").asText())
                                && !one.json().path("ownership").asText().isBlank(),
                        "shown");
        check(row(Surface.USER_GRANT, nobody, his, hers), API_ANONYMOUS, REFUSED, "200, shown");
    }

    @Test
    @Order(2)
    void adminApisWhenAnonymousOrNotAnAdminThenRefusedAndUnchangedAndAnAdminSucceeds() {
        UUID alice = grantwire.newUser();
        UUID bob = grantwire.newUser();
        UUID admin = grantwire.newAdmin();
        Grantwire.App app = grantwire.registerApp(SCOPES);
        Grantwire.Tokens hers = grantwire.authorize(alice, app, SCOPES, null);

        // Reads first, while her grant is still active.
        adminRead(
                Surface.ADMIN_GRANTS,
                "/internal/v1/admin/grants?clientId=" + enc(app.clientId()),
                admin,
                bob,
                search -> grantIds(search).contains(hers.grantId().toString()),
                "listed");
        String apps = "/internal/v1/admin/apps";
        adminRead(
                Surface.ADMIN_APPS,
                apps,
                admin,
                bob,
                all -> clientIds(all).contains(app.clientId()),
                "listed");
        adminRead(
                Surface.ADMIN_APP,
                apps + "/" + enc(app.clientId()),
                admin,
                bob,
                shown -> app.clientId().equals(shown.json().path("clientId").asText()),
                "shown");

        adminRevocation(alice, bob, admin, app, hers);
        Grantwire.App managed = adminChanges(bob, admin);

        // After the changes above, so that the app's trail has entries to list.
        adminRead(
                Surface.ADMIN_AUDIT,
                "/internal/v1/admin/audit?target=" + enc("client:" + managed.clientId()),
                admin,
                bob,
                trail -> trail.status() == 200 && trail.json().size() > 0,
                "listed");
        String policy = "/internal/v1/admin/policy";
        Answer current =
                adminRead(
                        Surface.ADMIN_POLICY,
                        policy,
                        admin,
                        bob,
                        shown -> shown.json().path("thirdPartyAccess").isBoolean(),
                        "shown");

        // The policy and the signing keys are every test's: only the refusals are tried. The
        // refused change asks for the policy as it is, so that even a wrongly accepted one would
        // leave it alone; its audit entry would still show.
        JsonNode before = current.json();
        int policyTrail = auditCount(admin, "policy");
        BooleanSupplier policyStays =
                () ->
                        admin("GET", policy, admin, null).json().equals(before)
                                && auditCount(admin, "policy") == policyTrail;
        check(
                row(
                        Surface.ADMIN_POLICY_UPDATE,
                        anonymous(tokenless("PUT", policy, admin, before), policyStays),
                        refused(statuses(admin("PUT", policy, bob, before)), policyStays),
                        NOT_RUN),
                API_ANONYMOUS,
                REFUSED_UNCHANGED,
                NOT_RUN);

        String rotateKeys = "/internal/v1/admin/keys/rotate";
        int keys = signingKeys();
        BooleanSupplier keysStay = () -> signingKeys() == keys;
        check(
                row(
                        Surface.ADMIN_KEYS,
                        anonymous(tokenless("POST", rotateKeys, admin, null), keysStay),
                        refused(statuses(admin("POST", rotateKeys, bob, null)), keysStay),
                        NOT_RUN),
                API_ANONYMOUS,
                REFUSED_UNCHANGED,
                NOT_RUN);
    }

    /**
     * A read of grant-service's admin API: refused to nobody and to a user who is no admin, served
     * to the admin ({@code served} says what the answer must show); returns the admin's answer.
     */
    private Answer adminRead(
            Surface surface,
            String path,
            UUID admin,
            UUID notAdmin,
            java.util.function.Predicate<Answer> served,
            String word) {
        Answer answer = admin("GET", path, admin, null);
        check(
                row(
                        surface,
                        statuses(tokenless("GET", path, admin, null)),
                        statuses(admin("GET", path, notAdmin, null)),
                        seen(answer, served.test(answer), word)),
                API_ANONYMOUS,
                REFUSED,
                "200, " + word);
        return answer;
    }

    /** revocation-service's admin API, as consent-service's admin pages call it. */
    private void adminRevocation(
            UUID alice, UUID bob, UUID admin, Grantwire.App app, Grantwire.Tokens hers) {
        String token = grantwire.consentToken();
        String path = "/internal/v1/admin/revocations";
        String adminAssertion =
                call("GET", Service.GRANT, "/internal/v1/users/" + admin + "/admin", token)
                        .json()
                        .path("assertion")
                        .asText();
        assertThat(adminAssertion).as("grant-service's admin assertion").isNotBlank();
        Map<String, Object> revocation = new LinkedHashMap<>();
        revocation.put("kind", "grant");
        revocation.put("subject", hers.grantId().toString());
        revocation.put("reason", "admin revoked");
        revocation.put("ownership", ownershipOf(alice, hers.grantId()));
        Map<String, String> asAdmin =
                Map.of(ACTING_USER, admin.toString(), ADMIN_ASSERTION, adminAssertion);
        BooleanSupplier grantStays = () -> stays(app, hers);

        String nobody =
                anonymous(
                        call("POST", Service.REVOCATION, path, null, asAdmin, revocation),
                        grantStays);
        // As consent-service would send it for bob: grant-service gives him no admin assertion,
        // so revocation-service asks it. And with the admin's assertion, which names the admin.
        Answer asked =
                call(
                        "POST",
                        Service.REVOCATION,
                        path,
                        token,
                        Map.of(ACTING_USER, bob.toString()),
                        revocation);
        Answer borrowed =
                call(
                        "POST",
                        Service.REVOCATION,
                        path,
                        token,
                        Map.of(ACTING_USER, bob.toString(), ADMIN_ASSERTION, adminAssertion),
                        revocation);
        String his = refused(statuses(asked, borrowed), grantStays);
        String admins =
                done(
                        call("POST", Service.REVOCATION, path, token, asAdmin, revocation),
                        () -> revoked(app, hers),
                        "revoked");
        check(
                row(Surface.ADMIN_REVOKE, nobody, his, admins),
                API_ANONYMOUS,
                REFUSED_UNCHANGED,
                "201, revoked");
    }

    /**
     * grant-service's admin changes, each on an app this test registers through the admin API:
     * update, disable, enable, secret rotation and regeneration, delete. A refusal must leave the
     * app as it was and add nothing to its audit trail.
     *
     * @return the app, deleted by now, whose audit trail holds the changes
     */
    private Grantwire.App adminChanges(UUID bob, UUID admin) {
        String name = "Ownership matrix app " + UUID.randomUUID();
        Map<String, Object> registration = registration(name);
        String apps = "/internal/v1/admin/apps";
        BooleanSupplier noneNamed = () -> !appNamed(admin, name);
        String nobody = anonymous(tokenless("POST", apps, admin, registration), noneNamed);
        String his = refused(statuses(admin("POST", apps, bob, registration)), noneNamed);
        Answer registered = admin("POST", apps, admin, registration);
        String admins = done(registered, () -> appNamed(admin, name), "registered");
        check(
                row(Surface.ADMIN_REGISTER, nobody, his, admins),
                API_ANONYMOUS,
                REFUSED_UNCHANGED,
                "201, registered");
        String clientId = registered.json().path("client_id").asText();
        Grantwire.App original =
                new Grantwire.App(clientId, registered.json().path("client_secret").asText());
        String path = apps + "/" + enc(clientId);

        Map<String, Object> details = new LinkedHashMap<>();
        details.put("name", "Renamed " + name);
        details.put("publisher", "Example Corp");
        details.put("description", "Renamed by an admin");
        details.put("redirectUris", List.of(Grantwire.REDIRECT_URI));
        BooleanSupplier sameName =
                unchanged(
                        admin,
                        clientId,
                        () -> name.equals(app(admin, clientId).path("name").asText()));
        check(
                row(
                        Surface.ADMIN_UPDATE,
                        anonymous(tokenless("PUT", path, admin, details), sameName),
                        refused(statuses(admin("PUT", path, bob, details)), sameName),
                        done(
                                admin("PUT", path, admin, details),
                                () ->
                                        ("Renamed " + name)
                                                .equals(app(admin, clientId).path("name").asText()),
                                "updated")),
                API_ANONYMOUS,
                REFUSED_UNCHANGED,
                "200, updated");

        BooleanSupplier stillEnabled =
                unchanged(admin, clientId, () -> app(admin, clientId).path("enabled").asBoolean());
        check(
                row(
                        Surface.ADMIN_DISABLE,
                        anonymous(tokenless("POST", path + "/disable", admin, null), stillEnabled),
                        refused(
                                statuses(admin("POST", path + "/disable", bob, null)),
                                stillEnabled),
                        done(
                                admin("POST", path + "/disable", admin, null),
                                () -> !app(admin, clientId).path("enabled").asBoolean(),
                                "disabled")),
                API_ANONYMOUS,
                REFUSED_UNCHANGED,
                "204, disabled");

        BooleanSupplier stillDisabled =
                unchanged(admin, clientId, () -> !app(admin, clientId).path("enabled").asBoolean());
        check(
                row(
                        Surface.ADMIN_ENABLE,
                        anonymous(tokenless("POST", path + "/enable", admin, null), stillDisabled),
                        refused(
                                statuses(admin("POST", path + "/enable", bob, null)),
                                stillDisabled),
                        done(
                                admin("POST", path + "/enable", admin, null),
                                () -> app(admin, clientId).path("enabled").asBoolean(),
                                "enabled")),
                API_ANONYMOUS,
                REFUSED_UNCHANGED,
                "204, enabled");

        // A rotation keeps the first secret working, so only the audit trail would show one that
        // slipped through.
        BooleanSupplier oneSecret = unchanged(admin, clientId, () -> authenticates(original));
        nobody = anonymous(tokenless("POST", path + "/secret/rotate", admin, null), oneSecret);
        his = refused(statuses(admin("POST", path + "/secret/rotate", bob, null)), oneSecret);
        Answer rotation = admin("POST", path + "/secret/rotate", admin, null);
        Grantwire.App rotated =
                new Grantwire.App(clientId, rotation.json().path("client_secret").asText());
        admins = done(rotation, () -> authenticates(rotated) && authenticates(original), "rotated");
        check(
                row(Surface.ADMIN_ROTATE, nobody, his, admins),
                API_ANONYMOUS,
                REFUSED_UNCHANGED,
                "200, rotated");

        BooleanSupplier secretsStay =
                unchanged(admin, clientId, () -> authenticates(original) && authenticates(rotated));
        nobody =
                anonymous(tokenless("POST", path + "/secret/regenerate", admin, null), secretsStay);
        his = refused(statuses(admin("POST", path + "/secret/regenerate", bob, null)), secretsStay);
        Answer regeneration = admin("POST", path + "/secret/regenerate", admin, null);
        Grantwire.App regenerated =
                new Grantwire.App(clientId, regeneration.json().path("client_secret").asText());
        admins =
                done(
                        regeneration,
                        () ->
                                authenticates(regenerated)
                                        && !authenticates(original)
                                        && !authenticates(rotated),
                        "replaced");
        check(
                row(Surface.ADMIN_REGENERATE, nobody, his, admins),
                API_ANONYMOUS,
                REFUSED_UNCHANGED,
                "200, replaced");

        BooleanSupplier stillThere =
                unchanged(admin, clientId, () -> admin("GET", path, admin, null).status() == 200);
        check(
                row(
                        Surface.ADMIN_DELETE,
                        anonymous(tokenless("DELETE", path, admin, null), stillThere),
                        refused(statuses(admin("DELETE", path, bob, null)), stillThere),
                        done(
                                admin("DELETE", path, admin, null),
                                () -> admin("GET", path, admin, null).status() == 404,
                                "deleted")),
                API_ANONYMOUS,
                REFUSED_UNCHANGED,
                "204, deleted");
        return original;
    }

    @Test
    @Order(3)
    void pagesWhenAnonymousOrAnotherUserThenRefusedAndUnchangedAndTheOwnerOrAdminServed() {
        try (CallbackServer callback = CallbackServer.start(WORK);
                BrowserUser alice = BrowserUser.open(stack, GrantwireRealm.ALICE, WORK);
                BrowserUser bob = BrowserUser.open(stack, GrantwireRealm.BOB, WORK);
                BrowserUser admin = BrowserUser.open(stack, GrantwireRealm.ADMIN, WORK)) {
            WebApp app = WebApp.register(grantwire, callback, SCOPES, false);
            Grantwire.Tokens hers = app.connect(alice, SCOPES);
            String grantId = hers.grantId().toString();

            userPages(alice, bob, grantId);
            adminPages(bob, admin, app, grantId);
            revokePage(alice, bob, app, hers);
            // Last: it ends alice's session.
            signOutPage(alice, bob);
        }
    }

    /** The account page and "Manage authorizations" with its confirmation page. */
    private void userPages(BrowserUser alice, BrowserUser bob, String grantId) {
        String hers = session(alice);
        String his = session(bob);
        Answer bobs = get(his, "/account");
        Answer alices = get(hers, "/account");
        check(
                row(
                        Surface.PAGE_ACCOUNT,
                        signIn(get(null, "/account")),
                        seen(
                                bobs,
                                bobs.body().contains(GrantwireRealm.emailOf(GrantwireRealm.BOB))
                                        && !bobs.body()
                                                .contains(
                                                        GrantwireRealm.emailOf(
                                                                GrantwireRealm.ALICE)),
                                "own only"),
                        seen(
                                alices,
                                alices.body()
                                        .contains(GrantwireRealm.emailOf(GrantwireRealm.ALICE)),
                                "shown")),
                PAGE_ANONYMOUS,
                Set.of("200, own only"),
                "200, shown");

        check(
                row(
                        Surface.PAGE_LIST,
                        signIn(get(null, "/authorizations")),
                        listedOrNot(get(his, "/authorizations"), grantId),
                        listedOrNot(get(hers, "/authorizations"), grantId)),
                PAGE_ANONYMOUS,
                Set.of("200, not listed"),
                "200, listed");

        String confirm = "/authorizations/" + grantId + "/revoke";
        Answer own = get(hers, confirm);
        check(
                row(
                        Surface.PAGE_CONFIRM_REVOKE,
                        signIn(get(null, confirm)),
                        statuses(get(his, confirm)),
                        seen(own, own.body().contains("name=\"confirmation\""), "shown")),
                PAGE_ANONYMOUS,
                REFUSED,
                "200, shown");
    }

    /** The admin pages, and their two forms: registration and a confirmed revoke. */
    private void adminPages(BrowserUser bob, BrowserUser admin, WebApp app, String grantId) {
        String his = session(bob);
        String admins = session(admin);
        Answer home = get(admins, "/admin");
        String location = home.header("Location");
        check(
                row(
                        Surface.PAGE_ADMIN,
                        signIn(get(null, "/admin")),
                        statuses(get(his, "/admin")),
                        seen(
                                home,
                                location != null && location.endsWith("/admin/authorizations"),
                                "to the list")),
                PAGE_ANONYMOUS,
                REFUSED,
                "303, to the list");

        adminPage(
                Surface.PAGE_ADMIN_AUTHORIZATIONS,
                "/admin/authorizations?clientId=" + enc(app.clientId()),
                his,
                admins,
                "data-grant=\"" + grantId + "\"",
                "listed");
        adminPage(Surface.PAGE_ADMIN_APPS, "/admin/apps", his, admins, app.clientId(), "listed");
        adminPage(
                Surface.PAGE_ADMIN_NEW_APP,
                "/admin/apps/new",
                his,
                admins,
                "id=\"title\">Register an app<",
                "shown");

        // The registration form, posted with the admin's confirmation from their own browser.
        UUID apiAdmin = grantwire.newAdmin();
        String name = "Ownership matrix page app " + UUID.randomUUID();
        admin.page("/admin/apps/new");
        Map<String, String> form = new LinkedHashMap<>();
        form.put("confirmation", admin.field("confirmation"));
        form.put("csrf_token", admin.field("csrf_token"));
        form.put("name", name);
        form.put("publisher", "Example Corp");
        form.put("redirect_uris", Grantwire.REDIRECT_URI);
        form.put("scope", SCOPES);
        BooleanSupplier noneNamed = () -> !appNamed(apiAdmin, name);
        check(
                row(
                        Surface.PAGE_ADMIN_REGISTER,
                        signIn(post(null, "/admin/apps", form), noneNamed),
                        refused(statuses(post(his, "/admin/apps", form)), noneNamed),
                        done(
                                post(admins, "/admin/apps", form),
                                () -> appNamed(apiAdmin, name),
                                "registered")),
                PAGE_ANONYMOUS,
                REFUSED_UNCHANGED,
                "200, registered");

        adminPage(
                Surface.PAGE_ADMIN_POLICY,
                "/admin/policy",
                his,
                admins,
                "id=\"title\">The organization",
                "shown");
        adminPage(
                Surface.PAGE_ADMIN_AUDIT,
                "/admin/audit",
                his,
                admins,
                "id=\"title\">Audit trail<",
                "shown");

        // A confirmed action on an app of this test's own: ending its tokens.
        Grantwire.App ended = grantwire.registerApp(SCOPES);
        String confirm = "/admin/confirm?action=REVOKE_APP_TOKENS&subject=" + enc(ended.clientId());
        adminPage(
                Surface.PAGE_ADMIN_CONFIRM, confirm, his, admins, "name=\"confirmation\"", "shown");
        admin.page(confirm);
        Map<String, String> confirmation =
                Map.of(
                        "confirmation", admin.field("confirmation"),
                        "csrf_token", admin.field("csrf_token"));
        BooleanSupplier nothingRecorded = () -> ledger(ended.clientId()).isEmpty();
        check(
                row(
                        Surface.PAGE_ADMIN_CONFIRMED,
                        signIn(post(null, "/admin/confirm", confirmation), nothingRecorded),
                        refused(
                                statuses(post(his, "/admin/confirm", confirmation)),
                                nothingRecorded),
                        done(
                                post(admins, "/admin/confirm", confirmation),
                                () -> !ledger(ended.clientId()).isEmpty(),
                                "revoked")),
                PAGE_ANONYMOUS,
                REFUSED_UNCHANGED,
                "200, revoked");
    }

    /** One admin page: nobody is sent to sign in, bob refused, the admin served. */
    private void adminPage(
            Surface surface, String path, String his, String admins, String mustShow, String word) {
        Answer page = get(admins, path);
        check(
                row(
                        surface,
                        signIn(get(null, path)),
                        statuses(get(his, path)),
                        seen(page, page.body().contains(mustShow), word)),
                PAGE_ANONYMOUS,
                REFUSED,
                "200, " + word);
    }

    /** Bob posts alice's own confirmation, token and all; then she does. */
    private void revokePage(BrowserUser alice, BrowserUser bob, WebApp app, Grantwire.Tokens hers) {
        String his = session(bob);
        String own = session(alice);
        alice.page("/authorizations/" + hers.grantId() + "/revoke");
        Map<String, String> herConfirmation =
                Map.of(
                        "confirmation", alice.field("confirmation"),
                        "csrf_token", alice.field("csrf_token"));
        BooleanSupplier hersStays =
                () ->
                        alice.authorizations().containsKey(app.clientId())
                                && stays(app.registration, hers);
        check(
                row(
                        Surface.PAGE_REVOKE,
                        signIn(post(null, "/authorizations/revoke", herConfirmation), hersStays),
                        refused(
                                statuses(post(his, "/authorizations/revoke", herConfirmation)),
                                hersStays),
                        done(
                                post(own, "/authorizations/revoke", herConfirmation),
                                () ->
                                        !alice.authorizations().containsKey(app.clientId())
                                                && revoked(app.registration, hers),
                                "revoked")),
                PAGE_ANONYMOUS,
                REFUSED_UNCHANGED,
                "303, revoked");
    }

    /** Bob posts alice's sign-out token with his session; then she signs out. */
    private void signOutPage(BrowserUser alice, BrowserUser bob) {
        String his = session(bob);
        String own = session(alice);
        Map<String, String> herToken = Map.of("csrf_token", alice.field("csrf_token"));
        BooleanSupplier stillSignedIn = () -> get(own, "/account").status() == 200;
        check(
                row(
                        Surface.PAGE_SIGN_OUT,
                        signIn(post(null, "/sign-out", herToken), stillSignedIn),
                        refused(statuses(post(his, "/sign-out", herToken)), stillSignedIn),
                        done(
                                post(own, "/sign-out", herToken),
                                () -> get(own, "/account").status() != 200,
                                "signed out")),
                PAGE_ANONYMOUS,
                REFUSED_UNCHANGED,
                "303, signed out");
    }

    @Test
    @Order(4)
    void securityMdWhenTheMatrixIsGeneratedThenItShowsWhatEveryCallerGot() throws IOException {
        String table = table();
        Files.createDirectories(GENERATED.getParent());
        Files.writeString(GENERATED, table);
        // A row missing means an earlier test stopped at a failing check: that failure is the
        // news, not an out-of-date document.
        assumeThat(new ArrayList<>(ROWS.keySet()))
                .as("every row observed (an earlier test of this class failed)")
                .containsExactly(Surface.values());

        String security = Files.readString(SECURITY_MD).replace("\r\n", "\n");
        int begin = security.indexOf(BEGIN);
        int end = security.indexOf(END);
        assertThat(begin).as("SECURITY.md has %s", BEGIN).isNotNegative();
        assertThat(end).as("SECURITY.md has %s after the begin marker", END).isGreaterThan(begin);
        assertThat(security.substring(begin + BEGIN.length(), end).trim())
                .as(OUT_OF_DATE)
                .isEqualTo(table.trim());
    }

    /** The matrix as Markdown; a row no test reached says so. */
    private static String table() {
        StringBuilder table =
                new StringBuilder("| surface | anonymous | another user | owner or admin |\n")
                        .append("|---|---|---|---|\n");
        for (Surface surface : Surface.values()) {
            Row row = ROWS.getOrDefault(surface, new Row(surface, "not run", "not run", "not run"));
            table.append(row.markdown()).append('\n');
        }
        return table.toString();
    }

    // --- rows ----------------------------------------------------------------------------------

    /** Keeps the row before checking it, so that the matrix shows a failing row as observed. */
    private static Row row(Surface surface, String anonymous, String another, String owner) {
        Row row = new Row(surface, anonymous, another, owner);
        ROWS.put(surface, row);
        return row;
    }

    /** Holds a row to what must be: each refusal among those allowed, the success exactly. */
    private static void check(
            Row row, Set<String> anonymous, Set<String> another, String ownerOrAdmin) {
        String surface = row.surface().label;
        assertThat(row.anonymous()).as("%s, called by nobody", surface).isIn(anonymous);
        assertThat(row.another()).as("%s, called by another user", surface).isIn(another);
        assertThat(row.owner())
                .as("%s, called by its owner or an admin", surface)
                .isEqualTo(ownerOrAdmin);
    }

    /** The statuses of the answers: one, or each in turn when they differ. */
    private static String statuses(Answer... answers) {
        return List.of(answers).stream()
                .map(a -> Integer.toString(a.status()))
                .distinct()
                .collect(Collectors.joining("/"));
    }

    /** A call without a token: its status, and "changed" when the state moved anyway. */
    private static String anonymous(Answer answer, BooleanSupplier unchanged) {
        return unchanged.getAsBoolean() ? statuses(answer) : statuses(answer) + ", changed";
    }

    /** Another user's call that would change something, had it been allowed. */
    private static String refused(String statuses, BooleanSupplier unchanged) {
        return statuses + (unchanged.getAsBoolean() ? ", unchanged" : ", changed");
    }

    /** The owner's or admin's change: its status, and {@code word} once its effect is seen. */
    private static String done(Answer answer, BooleanSupplier effect, String word) {
        if (answer.status() >= 400) {
            return answer.status() + ", refused";
        }
        return answer.status() + ", " + (effect.getAsBoolean() ? word : "no effect");
    }

    /** A read: its status, and {@code word} when it showed what it should. */
    private static String seen(Answer answer, boolean shown, String word) {
        return answer.status() + ", " + (shown ? word : "not " + word);
    }

    /** A list: whether it holds the grant (an API's JSON list or a page). */
    private static String listedOrNot(Answer answer, Object grantId) {
        return answer.status()
                + (answer.body().contains(grantId.toString()) ? ", listed" : ", not listed");
    }

    /** An anonymous page request: sent to sign in at the provider, or refused outright. */
    private String signIn(Answer answer) {
        String location = answer.header("Location");
        if (answer.status() == 302
                && location != null
                && location.startsWith(stack.keycloak().issuer())) {
            return "302, sign-in";
        }
        return answer.status() == 401 ? "401" : answer.status() + ", served";
    }

    /** An anonymous form post: sent to sign in, and nothing changed. */
    private String signIn(Answer answer, BooleanSupplier unchanged) {
        return signIn(answer) + (unchanged.getAsBoolean() ? "" : ", changed");
    }

    // --- the state a refusal must leave alone -----------------------------------------------

    /** Nothing recorded against the app, and the grant's access token still active. */
    private boolean stays(Grantwire.App app, Grantwire.Tokens tokens) {
        return ledger(app.clientId()).isEmpty()
                && grantwire.introspect(app, tokens.access()).path("active").asBoolean();
    }

    /**
     * Recorded in the ledger, and the token inactive at grant-service, which hears of it over Kafka
     * a moment later.
     */
    private boolean revoked(Grantwire.App app, Grantwire.Tokens tokens) {
        if (ledger(app.clientId()).isEmpty()) {
            return false;
        }
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        while (grantwire.introspect(app, tokens.access()).path("active").asBoolean()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
        }
        return true;
    }

    /** revocation-service's ledger rows of one app (its API filters by client id). */
    private List<JsonNode> ledger(String clientId) {
        Answer answer = grantwire.ledger("?since=0&limit=1000&clientId=" + enc(clientId));
        Grantwire.expect(answer, 200, "ledger");
        List<JsonNode> rows = new ArrayList<>();
        answer.json().path("revocations").forEach(rows::add);
        return rows;
    }

    /** {@code same}, and the app's audit trail as long as it is now. */
    private BooleanSupplier unchanged(UUID admin, String clientId, BooleanSupplier same) {
        int entries = auditCount(admin, "client:" + clientId);
        return () -> same.getAsBoolean() && auditCount(admin, "client:" + clientId) == entries;
    }

    private int auditCount(UUID admin, String target) {
        Answer answer =
                admin(
                        "GET",
                        "/internal/v1/admin/audit?limit=500&target=" + enc(target),
                        admin,
                        null);
        Grantwire.expect(answer, 200, "audit trail");
        return answer.json().size();
    }

    private JsonNode app(UUID admin, String clientId) {
        Answer answer = admin("GET", "/internal/v1/admin/apps/" + enc(clientId), admin, null);
        Grantwire.expect(answer, 200, "admin app");
        return answer.json();
    }

    private boolean appNamed(UUID admin, String name) {
        Answer answer = admin("GET", "/internal/v1/admin/apps", admin, null);
        Grantwire.expect(answer, 200, "admin apps");
        for (JsonNode app : answer.json()) {
            if (name.equals(app.path("name").asText())) {
                return true;
            }
        }
        return false;
    }

    /** Whether the app's secret still authenticates it (introspection of any token says). */
    private boolean authenticates(Grantwire.App app) {
        Answer answer =
                grantwire.send(
                        HttpRequest.newBuilder(
                                        URI.create(stack.url(Service.GRANT) + "/oauth2/introspect"))
                                .timeout(Duration.ofSeconds(10))
                                .header("Authorization", app.basic())
                                .header("Content-Type", "application/x-www-form-urlencoded")
                                .POST(HttpRequest.BodyPublishers.ofString("token=not-a-token")));
        return answer.status() == 200;
    }

    /** The signing keys grant-service publishes. */
    private int signingKeys() {
        Answer answer =
                grantwire.send(
                        HttpRequest.newBuilder(
                                        URI.create(stack.url(Service.GRANT) + "/oauth2/jwks"))
                                .timeout(Duration.ofSeconds(10))
                                .GET());
        Grantwire.expect(answer, 200, "JWKS");
        return answer.json().path("keys").size();
    }

    // --- calls ---------------------------------------------------------------------------------

    private static String revocations(UUID userId, UUID grantId) {
        return "/internal/v1/users/" + userId + "/grants/" + grantId + "/revocations";
    }

    /** The grant's ownership assertion, as consent-service gets it for a revoke. */
    private String ownershipOf(UUID userId, UUID grantId) {
        Answer answer =
                call(
                        "GET",
                        Service.GRANT,
                        "/internal/v1/users/" + userId + "/grants/" + grantId,
                        grantwire.consentToken());
        Grantwire.expect(answer, 200, "the user's grant");
        String ownership = answer.json().path("ownership").asText();
        assertThat(ownership).as("the grant's ownership assertion").isNotBlank();
        return ownership;
    }

    /** grant-service's admin API with consent-service's token, for the acting user. */
    private Answer admin(String method, String path, UUID acting, Object body) {
        return call(
                method,
                Service.GRANT,
                path,
                grantwire.consentToken(),
                Map.of(ACTING_USER, acting.toString()),
                body);
    }

    /** The same without a token, though it names an admin as the acting user. */
    private Answer tokenless(String method, String path, UUID admin, Object body) {
        return call(method, Service.GRANT, path, null, Map.of(ACTING_USER, admin.toString()), body);
    }

    private Answer call(String method, Service service, String path, String token) {
        return call(method, service, path, token, Map.of(), null);
    }

    /**
     * An internal API call as consent-service makes it.
     *
     * @param token consent-service's service token, or null for nobody's call
     * @param body sent as JSON, or null
     */
    private Answer call(
            String method,
            Service service,
            String path,
            String token,
            Map<String, String> headers,
            Object body) {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(URI.create(stack.url(service) + path))
                        .timeout(Duration.ofSeconds(30));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        headers.forEach(request::header);
        if (body == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(json(body)));
        }
        return grantwire.send(request);
    }

    /**
     * The browser's session for a look at raw answers: a page load first, which signs in again at
     * the provider (its session still open) should consent-service's session have ended.
     */
    private static String session(BrowserUser user) {
        user.page("/account");
        user.await().until(ExpectedConditions.presenceOfElementLocated(By.id("signed-in-as")));
        return user.cookieHeader();
    }

    /** A consent-service page with a browser's cookies, or none. */
    private Answer get(String cookies, String path) {
        HttpRequest.Builder request = page(cookies, path).GET();
        return grantwire.send(request);
    }

    /** A form post to consent-service with a browser's cookies, or none. */
    private Answer post(String cookies, String path, Map<String, String> fields) {
        String form =
                fields.entrySet().stream()
                        .map(e -> enc(e.getKey()) + "=" + enc(e.getValue()))
                        .collect(Collectors.joining("&"));
        return grantwire.send(
                page(cookies, path)
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(form)));
    }

    private HttpRequest.Builder page(String cookies, String path) {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(URI.create(stack.url(Service.CONSENT) + path))
                        .timeout(Duration.ofSeconds(30));
        if (cookies != null) {
            request.header("Cookie", cookies);
        }
        return request;
    }

    private static Map<String, Object> registration(String name) {
        Map<String, Object> registration = new LinkedHashMap<>();
        registration.put("client_name", name);
        registration.put("publisher", "Example Corp");
        registration.put("redirect_uris", List.of(Grantwire.REDIRECT_URI));
        registration.put("grant_types", List.of("authorization_code"));
        registration.put("token_endpoint_auth_method", "client_secret_basic");
        registration.put("scope", SCOPES);
        registration.put("grantwire_app_type", "standard");
        return registration;
    }

    private static Set<String> grantIds(Answer answer) {
        return ids(answer, "grantId");
    }

    private static Set<String> clientIds(Answer answer) {
        return ids(answer, "clientId");
    }

    private static Set<String> ids(Answer answer, String field) {
        if (answer.status() != 200) {
            return Set.of();
        }
        Set<String> ids = new HashSet<>();
        answer.json().forEach(item -> ids.add(item.path(field).asText()));
        return ids;
    }

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new AssertionError(e);
        }
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
