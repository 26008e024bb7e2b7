package dev.grantwire.system;

import static org.assertj.core.api.Assertions.assertThat;

import dev.grantwire.testsupport.keycloak.GrantwireRealm;
import dev.grantwire.testsupport.stack.Stack;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Remembered consent in a real browser: a confidential web app asking again for what the user
 * already allowed goes straight back with a code; one asking for more shows the page with the new
 * permission apart; a public app, whose client id anyone can claim, gets the page every time.
 */
@ExtendWith(StackExtension.class)
class RememberedConsentIT {

    private static final Path WORK = Path.of("target/system/browser");

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
    void authorizeAgainWhenConfidentialAppHasEveryScopeThenSkippedAndNewScopeShownAsNew(
            Stack stack) {
        Grantwire grantwire = new Grantwire(stack);
        WebApp app =
                WebApp.register(
                        grantwire, callback, "work_items.read code.read offline_access", false);

        Grantwire.AuthorizeRequest first = app.request("work_items.read");
        alice.go(first.url());
        alice.awaitApproval();
        assertThat(alice.section("requested")).contains("Read your work items");
        assertThat(alice.section("already-granted")).isEmpty();
        alice.accept();
        Grantwire.Tokens granted = app.redeem(first, "work_items.read");

        Grantwire.AuthorizeRequest again = app.request("work_items.read");
        alice.go(again.url());
        // No page in between: the browser went from /oauth2/authorize straight back to the app.
        Grantwire.Tokens remembered = app.redeem(again, "work_items.read");
        assertThat(remembered.grantId()).isEqualTo(granted.grantId());

        Grantwire.AuthorizeRequest more = app.request("work_items.read code.read");
        alice.go(more.url());
        alice.awaitApproval();
        assertThat(alice.section("requested"))
                .contains("Read your code repositories")
                .doesNotContain("Read your work items");
        assertThat(alice.section("already-granted"))
                .contains("Read your work items")
                .doesNotContain("Read your code repositories");
        assertThat(callback.hasPending()).isFalse();
        Browser.screenshot(alice.browser, WORK.resolve("consent-approval-new-permission.png"));
        alice.accept();
        Grantwire.Tokens widened = app.redeem(more, "work_items.read code.read");
        assertThat(widened.grantId()).isEqualTo(granted.grantId());
    }

    @Test
    void authorizeAgainWhenPublicAppHasEveryScopeThenApprovalPageEveryTime(Stack stack) {
        Grantwire grantwire = new Grantwire(stack);
        WebApp app = WebApp.register(grantwire, callback, "work_items.read", true);

        Grantwire.AuthorizeRequest first = app.request("work_items.read");
        alice.go(first.url());
        alice.awaitApproval();
        alice.accept();
        Map<String, String> accepted = callback.next(BrowserUser.WAIT);
        assertThat(accepted).containsEntry("state", first.state()).containsKey("code");

        Grantwire.AuthorizeRequest again = app.request("work_items.read");
        alice.go(again.url());
        alice.awaitApproval();
        assertThat(alice.section("already-granted")).contains("Read your work items");
        assertThat(callback.hasPending()).isFalse();
        alice.cancel();
        assertThat(callback.next(BrowserUser.WAIT))
                .containsEntry("error", "access_denied")
                .containsEntry("state", again.state())
                .doesNotContainKey("code");
    }
}
