package dev.grantwire.system;

import static org.assertj.core.api.Assertions.assertThat;

import dev.grantwire.testsupport.keycloak.GrantwireRealm;
import dev.grantwire.testsupport.service.ServiceProcess;
import dev.grantwire.testsupport.stack.Stack;
import dev.grantwire.testsupport.stack.Stack.Service;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * One user's whole visit in Chromium through HAProxy's ingress, every request free to land on
 * either replica: the demo app's Connect, sign-in at Keycloak, the approval page and Accept (a
 * stored request, the provider's state and the page's CSRF token, each checked by whichever replica
 * gets the next request), a work item through the example API, and sign-out, after which a copy of
 * her cookie is refused by every consent-service replica. Each replica of consent-service and
 * grant-service served part of it. (The other flows run again on this stack as they are:
 * ConsentFlowIT, RememberedConsentIT, ManageRevokeIT, AppRevokeIT, PageSecurityIT,
 * RevocationRacesIT, AdminPagesIT.)
 */
@ExtendWith(StackExtension.class)
class BalancedFlowReplicasIT {

    private static final Path WORK = Path.of("target/system-replicas/browser");

    @Test
    void visitWhenEachRequestMayLandOnEitherReplicaThenItWorksAndSignOutHoldsEverywhere(
            Stack stack) {
        Map<String, Long> before = requests(stack);
        Grantwire grantwire = new Grantwire(stack);
        String copied;
        try (BrowserUser alice = BrowserUser.open(stack, GrantwireRealm.ALICE, WORK)) {
            alice.browser.get(stack.demoAppUrl());
            alice.await().until(ExpectedConditions.elementToBeClickable(By.id("connect"))).click();
            alice.signInAtProvider();
            assertThat(alice.awaitApproval()).isEqualTo("Work tracker demo");
            assertThat(alice.browser.getCurrentUrl()).startsWith(stack.publicUrl());
            alice.accept();
            alice.await().until(ExpectedConditions.presenceOfElementLocated(By.id("connected")));
            String title = "Balanced " + System.nanoTime();
            alice.browser.findElement(By.id("title")).sendKeys(title);
            alice.browser.findElement(By.id("create")).click();
            alice.await()
                    .until(
                            ExpectedConditions.textToBePresentInElementLocated(
                                    By.id("work-items"), title));

            alice.page("/account");
            alice.await().until(ExpectedConditions.presenceOfElementLocated(By.id("signed-in-as")));
            copied = alice.cookieHeader();
            alice.browser.findElement(By.cssSelector("form[action='/sign-out'] button")).click();
            alice.awaitTitle("You signed out");
        }

        for (ServiceProcess replica : stack.replicas(Service.CONSENT)) {
            Grantwire.Answer replayed =
                    grantwire.send(
                            HttpRequest.newBuilder(URI.create(replica.baseUrl() + "/account"))
                                    .header("Cookie", copied));
            assertThat(replayed.body()).as(replica.name()).doesNotContain("signed-in-as");
        }
        Map<String, Long> after = requests(stack);
        for (Service service : List.of(Service.CONSENT, Service.GRANT)) {
            for (ServiceProcess replica : stack.replicas(service)) {
                assertThat(after.get(replica.name()) - before.get(replica.name()))
                        .as(replica.name() + " served part of the visit")
                        .isPositive();
            }
        }
    }

    private static Map<String, Long> requests(Stack stack) {
        Map<String, Long> requests = new TreeMap<>();
        requests.putAll(stack.balancer().orElseThrow().requests(Service.CONSENT));
        requests.putAll(stack.balancer().orElseThrow().requests(Service.GRANT));
        return requests;
    }
}
