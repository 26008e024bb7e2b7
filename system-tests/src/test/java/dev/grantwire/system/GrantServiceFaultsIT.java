package dev.grantwire.system;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.grantwire.testsupport.keycloak.GrantwireRealm;
import dev.grantwire.testsupport.service.ServiceProcess;
import dev.grantwire.testsupport.stack.Stack;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * A revoke goes through while grant-service is down. A user and an admin open their confirmation
 * pages, grant-service is killed with -9, and then the user revokes an authorization and the admin
 * revokes an app (every authorization of it) and a user. Each revoke is answered and refused at
 * every example API instance at once: the assertions grant-service signed when the pages were shown
 * are all revocation-service needs. Once grant-service is back it has applied every one of them.
 */
@ExtendWith(StackExtension.class)
class GrantServiceFaultsIT {

    private static final Path WORK = Path.of("target/system/browser");
    private static final String SCOPES = "work_items.read offline_access";
    private static final Duration DEADLINE = Duration.ofSeconds(10);

    @Test
    void revokeWhenGrantServiceKilledThenUserAndAdminRevokesAnsweredAndRefusedEverywhere(
            Stack stack) throws Exception {
        Grantwire grantwire = new Grantwire(stack);
        List<String> instances = Instances.of(stack);
        ServiceProcess grantService = stack.service(Stack.Service.GRANT);
        try (CallbackServer callback = CallbackServer.start(WORK);
                BrowserUser alice = BrowserUser.open(stack, GrantwireRealm.ALICE, WORK);
                BrowserUser bob = BrowserUser.open(stack, GrantwireRealm.BOB, WORK);
                BrowserUser admin = BrowserUser.open(stack, GrantwireRealm.ADMIN, WORK);
                BrowserUser secondAdminTab = BrowserUser.open(stack, GrantwireRealm.ADMIN, WORK)) {
            WebApp tracker = WebApp.register(grantwire, callback, SCOPES, false);
            WebApp compromised = WebApp.register(grantwire, callback, SCOPES, false);
            WebApp other = WebApp.register(grantwire, callback, SCOPES, false);
            Grantwire.Tokens hersOfTracker = tracker.connect(alice, SCOPES);
            Grantwire.Tokens hersOfCompromised = compromised.connect(alice, SCOPES);
            Grantwire.Tokens his = other.connect(bob, SCOPES);
            String bobUserId = subject(his.access());
            for (Grantwire.Tokens tokens : List.of(hersOfTracker, hersOfCompromised, his)) {
                Instances.awaitStatus(grantwire, instances, tokens.access(), 200, DEADLINE);
            }

            // Every confirmation page is shown while grant-service runs.
            String herGrant = alice.authorizations().get(tracker.clientId());
            alice.page("/authorizations/" + herGrant + "/revoke");
            alice.await()
                    .until(
                            ExpectedConditions.textToBePresentInElementLocated(
                                    By.id("title"), "Revoke access of"));
            admin.page("/admin/confirm?action=REVOKE_APP_GRANTS&subject=" + compromised.clientId());
            admin.awaitTitle("Revoke every authorization of this app?");
            secondAdminTab.page("/admin/confirm?action=REVOKE_USER&subject=" + bobUserId);
            secondAdminTab.awaitTitle("Revoke everything this user authorized?");

            grantService.kill();
            long killed = System.nanoTime();
            try {
                alice.browser.findElement(By.cssSelector("form button.danger")).click();
                alice.awaitTitle("Access was revoked");
                admin.browser.findElement(By.cssSelector("form button.danger")).click();
                admin.awaitTitle("Done");
                secondAdminTab.browser.findElement(By.cssSelector("form button.danger")).click();
                secondAdminTab.awaitTitle("Done");
                Browser.screenshot(
                        alice.browser, WORK.resolve("revoked-while-grant-service-down.png"));

                for (Grantwire.Tokens tokens : List.of(hersOfTracker, hersOfCompromised, his)) {
                    Instances.awaitStatus(grantwire, instances, tokens.access(), 401, DEADLINE);
                }
                System.out.printf(
                        "grant-service killed: a user's revoke and two admin revokes answered and"
                                + " refused at each of %d instances %d ms after the kill%n",
                        instances.size(), (System.nanoTime() - killed) / 1_000_000);
            } finally {
                grantService.restart().awaitReady(Duration.ofMinutes(2));
            }

            // grant-service caught up from the topic before it reported ready.
            assertRefreshRefused(grantwire, tracker, hersOfTracker);
            assertRefreshRefused(grantwire, compromised, hersOfCompromised);
            assertRefreshRefused(grantwire, other, his);
            assertThat(alice.authorizations())
                    .doesNotContainKeys(tracker.clientId(), compromised.clientId());
            assertThat(bob.authorizations()).doesNotContainKey(other.clientId());
        }
    }

    private static void assertRefreshRefused(
            Grantwire grantwire, WebApp app, Grantwire.Tokens tokens) {
        assertThat(
                        grantwire
                                .introspect(app.registration, tokens.access())
                                .path("active")
                                .asBoolean())
                .isFalse();
        assertThat(
                        grantwire
                                .introspect(app.registration, tokens.refresh())
                                .path("active")
                                .asBoolean())
                .isFalse();
        Grantwire.Answer refresh = grantwire.refresh(app.registration, tokens.refresh());
        assertThat(refresh.status()).isEqualTo(400);
        assertThat(refresh.json().path("error").asText()).isEqualTo("invalid_grant");
    }

    /** The Grantwire user id an access token was issued for (its {@code sub}). */
    private static String subject(String jwt) throws Exception {
        byte[] payload = Base64.getUrlDecoder().decode(jwt.split("\\.")[1]);
        return new ObjectMapper()
                .readTree(new String(payload, StandardCharsets.UTF_8))
                .path("sub")
                .asText();
    }
}
