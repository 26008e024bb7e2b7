package dev.grantwire.system;

import static org.assertj.core.api.Assertions.assertThat;

import dev.grantwire.testsupport.keycloak.GrantwireRealm;
import dev.grantwire.testsupport.stack.Stack;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * What a person at another browser, or a page posting on the user's behalf, can do to consent-
 * service's pages: nothing. Forged and tampered form posts, someone else's authorization, a request
 * that was never stored, framing; and signing out ends the session at the provider too.
 */
@ExtendWith(StackExtension.class)
class PageSecurityIT {

    private static final Path WORK = Path.of("target/system/browser");
    private static final String SCOPES = "work_items.read";

    private CallbackServer callback;
    private BrowserUser alice;

    @BeforeEach
    void open(Stack stack) {
        callback = CallbackServer.start(WORK);
        alice = BrowserUser.open(stack, GrantwireRealm.ALICE, WORK);
    }

    @AfterEach
    void close() {
        alice.close();
        callback.close();
    }

    @Test
    void bobWhenHeOpensOrForgesAlicesRevokeThenRefusedAndHerAuthorizationStays(Stack stack) {
        WebApp app = WebApp.register(new Grantwire(stack), callback, SCOPES, false);
        app.connect(alice, SCOPES);
        String grantId = alice.authorizations().get(app.clientId());
        alice.page("/authorizations/" + grantId + "/revoke");
        assertThat(alice.title()).startsWith("Revoke access of");
        Map<String, String> herConfirmation =
                Map.of(
                        "confirmation", alice.field("confirmation"),
                        "csrf_token", alice.field("csrf_token"));

        try (BrowserUser bob = BrowserUser.open(stack, GrantwireRealm.BOB, WORK)) {
            assertThat(bob.authorizations()).doesNotContainKey(app.clientId());
            assertThat(bob.browser.getPageSource()).doesNotContain(grantId);

            bob.page("/authorizations/" + grantId + "/revoke");
            assertThat(bob.title()).isEqualTo("Nothing to revoke");
            assertThat(bob.browser.findElements(By.cssSelector("input[name=confirmation]")))
                    .isEmpty();

            // Even with her confirmation and its token in hand, his post revokes nothing.
            bob.submitForm("/authorizations/revoke", herConfirmation);
            bob.awaitTitle("Nothing was revoked");
        }
        assertThat(alice.authorizations()).containsEntry(app.clientId(), grantId);

        // Her own confirmation still works: his attempt did not use it up.
        alice.submitForm("/authorizations/revoke", herConfirmation);
        alice.await().until(ExpectedConditions.presenceOfElementLocated(By.id("revoked")));
        assertThat(alice.authorizations()).doesNotContainKey(app.clientId());
    }

    @Test
    void postWhenCsrfTokenMissingOrRequestNeverStoredThenRefusedAndNothingChanges(Stack stack) {
        WebApp app = WebApp.register(new Grantwire(stack), callback, SCOPES, false);
        app.connect(alice, SCOPES);
        String grantId = alice.authorizations().get(app.clientId());

        alice.page("/authorizations/" + grantId + "/revoke");
        String confirmation = alice.field("confirmation");
        alice.submitForm("/authorizations/revoke", Map.of("confirmation", confirmation));
        alice.awaitTitle("Nothing was revoked");
        alice.page("/authorizations/" + grantId + "/revoke");
        alice.submitForm(
                "/authorizations/revoke",
                Map.of(
                        "confirmation",
                        alice.field("confirmation"),
                        "csrf_token",
                        "forged-" + UUID.randomUUID()));
        alice.awaitTitle("Nothing was revoked");
        assertThat(alice.authorizations()).containsEntry(app.clientId(), grantId);

        // An Accept for a request consent-service never stored: a plain page, no redirect, no code.
        alice.submitForm(
                "/oauth2/authorize/decision",
                Map.of(
                        "request",
                        UUID.randomUUID().toString(),
                        "csrf_token",
                        "forged-" + UUID.randomUUID(),
                        "decision",
                        "accept"));
        alice.await()
                .until(
                        ExpectedConditions.textToBePresentInElementLocated(
                                By.tagName("body"), "expired or does not exist"));
        assertThat(alice.browser.getCurrentUrl()).startsWith(alice.consentUrl());
        assertThat(callback.hasPending()).isFalse();
    }

    @Test
    void approvalPageWhenLoadedThenItForbidsFraming(Stack stack) {
        Grantwire grantwire = new Grantwire(stack);
        WebApp app = WebApp.register(grantwire, callback, SCOPES, false);
        alice.go(app.request(SCOPES).url());
        alice.awaitApproval();

        // The same page with her session cookie, to read the headers the browser got.
        Grantwire.Answer page =
                grantwire.send(
                        HttpRequest.newBuilder(URI.create(alice.browser.getCurrentUrl()))
                                .header("Cookie", alice.cookieHeader())
                                .timeout(Duration.ofSeconds(10))
                                .GET());
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("id=\"app-name\"");
        assertThat(page.header("X-Frame-Options")).isEqualTo("DENY");
        assertThat(page.header("Content-Security-Policy")).contains("frame-ancestors 'none'");
    }

    @Test
    void signOutWhenAliceSignsOutThenTheProvidersSessionEndsToo(Stack stack) {
        alice.page("/account");
        alice.await().until(ExpectedConditions.presenceOfElementLocated(By.id("signed-in-as")));
        // Outside review 4: someone copies her session cookie before she signs out.
        Grantwire grantwire = new Grantwire(stack);
        String copied = alice.cookieHeader();
        assertThat(accountWith(grantwire, copied).body()).contains("signed-in-as");

        alice.browser.findElement(By.cssSelector("form[action='/sign-out'] button")).click();
        alice.awaitTitle("You signed out");
        assertThat(alice.browser.getCurrentUrl()).startsWith(alice.consentUrl() + "/signed-out");

        // The copied cookie is refused by consent-service (any replica: the record is in
        // PostgreSQL), though it would decrypt until its ID token expires.
        Grantwire.Answer replayed = accountWith(grantwire, copied);
        assertThat(replayed.status()).isNotEqualTo(200);
        assertThat(replayed.body()).doesNotContain("signed-in-as");

        // Had only consent-service's session ended, Keycloak would sign her straight back in.
        alice.browser.get(alice.consentUrl() + "/account");
        alice.await().until(ExpectedConditions.presenceOfElementLocated(By.id("kc-login")));
        assertThat(alice.browser.getCurrentUrl()).startsWith(stack.keycloak().issuer());
    }

    private Grantwire.Answer accountWith(Grantwire grantwire, String cookie) {
        return grantwire.send(
                HttpRequest.newBuilder(URI.create(alice.consentUrl() + "/account"))
                        .header("Cookie", cookie)
                        .timeout(Duration.ofSeconds(10))
                        .GET());
    }
}
