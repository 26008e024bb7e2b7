package dev.grantwire.system;

import static org.assertj.core.api.Assertions.assertThat;

import dev.grantwire.testsupport.keycloak.GrantwireRealm;
import dev.grantwire.testsupport.stack.Stack;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;

/**
 * The admin pages in a real browser, signed in as Keycloak's admin user: every user's authorization
 * of an app is listed, and revoking them all takes the app off every user's "Manage authorizations"
 * and every token it holds off the example API.
 */
@ExtendWith(StackExtension.class)
class AdminPagesIT {

    private static final Path WORK = Path.of("target/system/browser");
    private static final String SCOPES = "work_items.read offline_access";
    private static final Duration DEADLINE = Duration.ofSeconds(10);

    @Test
    void revokeAppGrantsWhenAdminConfirmsThenGoneFromEveryUsersPageAndTokensRefused(Stack stack) {
        Grantwire grantwire = new Grantwire(stack);
        List<String> instances = Instances.of(stack);
        try (CallbackServer callback = CallbackServer.start(WORK);
                BrowserUser alice = BrowserUser.open(stack, GrantwireRealm.ALICE, WORK);
                BrowserUser bob = BrowserUser.open(stack, GrantwireRealm.BOB, WORK)) {
            WebApp app = WebApp.register(grantwire, callback, SCOPES, false);
            WebApp other = WebApp.register(grantwire, callback, SCOPES, false);
            Grantwire.Tokens hers = app.connect(alice, SCOPES);
            Grantwire.Tokens his = app.connect(bob, SCOPES);
            Grantwire.Tokens untouched = other.connect(alice, SCOPES);
            String herGrant = alice.authorizations().get(app.clientId());
            String hisGrant = bob.authorizations().get(app.clientId());

            try (BrowserUser admin = BrowserUser.open(stack, GrantwireRealm.ADMIN, WORK)) {
                admin.page("/admin/authorizations?clientId=" + app.clientId());
                assertThat(admin.title()).isEqualTo("All authorizations");
                assertThat(grantsListed(admin)).containsExactlyInAnyOrder(herGrant, hisGrant);
                assertThat(admin.browser.findElement(By.id("authorizations")).getText())
                        .contains("Alice Example (alice@example.test)")
                        .contains("Bob Example (bob@example.test)");
                Browser.screenshot(admin.browser, WORK.resolve("admin-authorizations.png"));

                admin.page("/admin/apps");
                admin.browser
                        .findElement(
                                By.cssSelector(
                                        "a[href='/admin/confirm?action=REVOKE_APP_GRANTS&subject="
                                                + app.clientId()
                                                + "']"))
                        .click();
                admin.awaitTitle("Revoke every authorization of this app?");
                assertThat(admin.browser.findElement(By.id("subject")).getText())
                        .isEqualTo(app.clientId());
                admin.browser.findElement(By.cssSelector("form button.danger")).click();
                admin.awaitTitle("Done");

                admin.page("/admin/audit");
                assertThat(admin.browser.findElement(By.tagName("main")).getText())
                        .contains(app.clientId());
            }

            alice.awaitGone(app.clientId());
            bob.awaitGone(app.clientId());
            assertThat(alice.authorizations()).containsKey(other.clientId());
            Instances.awaitStatus(grantwire, instances, hers.access(), 401, DEADLINE);
            Instances.awaitStatus(grantwire, instances, his.access(), 401, DEADLINE);
            Instances.awaitStatus(grantwire, instances, untouched.access(), 200, DEADLINE);
            assertThat(
                            grantwire
                                    .refresh(app.registration, his.refresh())
                                    .json()
                                    .path("error")
                                    .asText())
                    .isEqualTo("invalid_grant");
        }
    }

    private static List<String> grantsListed(BrowserUser admin) {
        return admin.browser.findElements(By.cssSelector("#authorizations tbody tr")).stream()
                .map(row -> row.getAttribute("data-grant"))
                .toList();
    }
}
