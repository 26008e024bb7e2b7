package dev.grantwire.system;

import static org.assertj.core.api.Assertions.assertThat;

import dev.grantwire.testsupport.keycloak.GrantwireRealm;
import dev.grantwire.testsupport.stack.Stack;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * Revoke on "Manage authorizations", in a real browser, then every way the app could still use its
 * tokens: a refresh at grant-service, introspection, and the example API at every instance through
 * grantwire-guard.
 */
@ExtendWith(StackExtension.class)
class ManageRevokeIT {

    private static final Path WORK = Path.of("target/system/browser");
    private static final String SCOPES = "work_items.read offline_access";
    private static final Duration DEADLINE = Duration.ofSeconds(10);

    @Test
    void revokeWhenAliceConfirmsThenTheAppsRefreshAndAccessTokensAreRefusedEverywhere(Stack stack) {
        Grantwire grantwire = new Grantwire(stack);
        List<String> instances = Instances.of(stack);
        try (CallbackServer callback = CallbackServer.start(WORK);
                BrowserUser alice = BrowserUser.open(stack, GrantwireRealm.ALICE, WORK)) {
            WebApp app = WebApp.register(grantwire, callback, SCOPES, false);
            Grantwire.Tokens tokens = app.connect(alice, SCOPES);
            Instances.awaitStatus(grantwire, instances, tokens.access(), 200, DEADLINE);
            assertThat(
                            grantwire
                                    .introspect(app.registration, tokens.access())
                                    .path("active")
                                    .asBoolean())
                    .isTrue();

            String grantId = alice.authorizations().get(app.clientId());
            assertThat(grantId).isEqualTo(tokens.grantId().toString());
            alice.browser
                    .findElement(
                            By.cssSelector(
                                    "li.authorization[data-grant='" + grantId + "'] a.revoke"))
                    .click();
            alice.await()
                    .until(
                            ExpectedConditions.textToBePresentInElementLocated(
                                    By.id("title"), "Revoke access of"));
            alice.browser.findElement(By.cssSelector("form button.danger")).click();
            alice.await().until(driver -> !driver.findElements(By.id("revoked")).isEmpty());
            // Gone at once on her page, though grant-service hears of it a moment later.
            assertThat(
                            alice.browser.findElements(
                                    By.cssSelector(
                                            "li.authorization[data-grant='" + grantId + "']")))
                    .isEmpty();

            Instances.awaitStatus(grantwire, instances, tokens.access(), 401, DEADLINE);
            awaitInactive(grantwire, app, tokens.access());
            assertThat(
                            grantwire
                                    .introspect(app.registration, tokens.refresh())
                                    .path("active")
                                    .asBoolean())
                    .isFalse();
            Grantwire.Answer refresh = grantwire.refresh(app.registration, tokens.refresh());
            assertThat(refresh.status()).isEqualTo(400);
            assertThat(refresh.json().path("error").asText()).isEqualTo("invalid_grant");
            assertThat(alice.authorizations()).doesNotContainKey(app.clientId());
        }
    }

    /** Introspection answers from grant-service's view, which hears of the revoke over Kafka. */
    private static void awaitInactive(Grantwire grantwire, WebApp app, String token) {
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        while (grantwire.introspect(app.registration, token).path("active").asBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("introspection still says active after " + DEADLINE);
            }
            LockSupport.parkNanos(Duration.ofMillis(10).toNanos());
        }
    }
}
