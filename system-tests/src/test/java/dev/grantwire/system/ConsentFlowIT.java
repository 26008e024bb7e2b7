package dev.grantwire.system;

import static org.assertj.core.api.Assertions.assertThat;

import dev.grantwire.testsupport.keycloak.GrantwireRealm;
import dev.grantwire.testsupport.stack.Stack;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The whole flow of the design, in a real browser through the real Keycloak: the demo third-party
 * app asks for access, alice signs in, reads the approval page and accepts; the app works with her
 * work items through the example API; she revokes it on "Manage authorizations" and the app says it
 * lost access.
 */
@ExtendWith(StackExtension.class)
class ConsentFlowIT {

    private static final Path WORK = Path.of("target/system/browser");
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String APP_NAME = "Work tracker demo";

    private WebDriver browser;

    @BeforeEach
    void openBrowser() {
        browser = Browser.open(WORK);
    }

    @AfterEach
    void closeBrowser() {
        browser.quit();
    }

    @Test
    void connectWhenAliceAcceptsThenAppUsesHerWorkItemsUntilSheRevokesIt(Stack stack) {
        String demo = stack.demoAppUrl();
        String consent = stack.url(Stack.Service.CONSENT);

        connectAndSignInAsAlice(demo, stack);

        assertThat(text(By.id("app-name"))).isEqualTo(APP_NAME);
        assertThat(text(By.id("publisher"))).isEqualTo("Example Corp");
        assertThat(text(By.id("requested")))
                .contains("Read your work items")
                .contains("Create and change your work items")
                .contains("(can make changes)")
                .contains("Keep this access when you are not signed in");
        Browser.screenshot(browser, WORK.resolve("consent-approval.png"));
        browser.findElement(By.cssSelector("button[name=decision][value=accept]")).click();

        await().until(ExpectedConditions.presenceOfElementLocated(By.id("connected")));
        assertThat(browser.getCurrentUrl()).startsWith(demo);
        String title = "Write the release notes " + System.nanoTime();
        browser.findElement(By.id("title")).sendKeys(title);
        browser.findElement(By.id("create")).click();
        await().until(
                        ExpectedConditions.textToBePresentInElementLocated(
                                By.id("work-items"), title));
        Browser.screenshot(browser, WORK.resolve("consent-demo-app-with-data.png"));
        // A post from another site (no token of this page) adds nothing.
        String forged = "Forged " + System.nanoTime();
        Browser.submitForm(browser, "/work-items", Map.of("title", forged));
        await().until(
                        ExpectedConditions.textToBePresentInElementLocated(
                                By.id("problem"), "did not come from this app's page"));
        browser.get(demo);
        assertThat(text(By.id("work-items"))).contains(title).doesNotContain(forged);

        browser.get(consent + "/authorizations");
        WebElement authorization = await().until(driver -> demoAuthorization());
        assertThat(authorization.getText())
                .contains("Example Corp")
                .contains("Read your work items");
        Browser.screenshot(browser, WORK.resolve("consent-manage-authorizations.png"));
        authorization.findElement(By.cssSelector("a.revoke")).click();
        await().until(ExpectedConditions.textToBePresentInElementLocated(By.id("title"), APP_NAME));
        browser.findElement(By.cssSelector("form button.danger")).click();
        await().until(ExpectedConditions.presenceOfElementLocated(By.id("revoked")));
        assertThat(demoAuthorization()).isNull();

        browser.get(demo);
        await().until(
                        driver -> {
                            driver.navigate().refresh();
                            return !driver.findElements(By.id("revoked")).isEmpty();
                        });
        assertThat(text(By.id("revoked")))
                .isEqualTo("Your authorization was revoked. Connect again.");
        assertThat(browser.findElements(By.id("connect"))).hasSize(1);
        assertThat(browser.findElements(By.id("work-items"))).isEmpty();
        Browser.screenshot(browser, WORK.resolve("consent-demo-app-revoked.png"));
    }

    @Test
    void connectWhenAliceCancelsThenAppShowsAccessDenied(Stack stack) {
        String demo = stack.demoAppUrl();

        connectAndSignInAsAlice(demo, stack);
        browser.findElement(By.cssSelector("button[name=decision][value=cancel]")).click();

        await().until(ExpectedConditions.presenceOfElementLocated(By.id("denied")));
        assertThat(browser.getCurrentUrl()).isEqualTo(demo + "/");
        assertThat(text(By.id("denied-error"))).isEqualTo("access_denied");
        assertThat(browser.findElements(By.id("connect"))).hasSize(1);
        Browser.screenshot(browser, WORK.resolve("consent-demo-app-denied.png"));
    }

    private void connectAndSignInAsAlice(String demo, Stack stack) {
        browser.get(demo);
        await().until(ExpectedConditions.elementToBeClickable(By.id("connect"))).click();
        await().until(ExpectedConditions.presenceOfElementLocated(By.id("username")));
        assertThat(browser.getCurrentUrl()).startsWith(stack.keycloak().issuer());
        browser.findElement(By.id("username")).sendKeys(GrantwireRealm.ALICE);
        browser.findElement(By.id("password"))
                .sendKeys(GrantwireRealm.passwordOf(GrantwireRealm.ALICE));
        browser.findElement(By.id("kc-login")).click();
        try {
            await().until(ExpectedConditions.presenceOfElementLocated(By.id("app-name")));
        } catch (org.openqa.selenium.TimeoutException e) {
            throw new AssertionError(
                    "no approval page at "
                            + browser.getCurrentUrl()
                            + ", the browser shows: "
                            + browser.findElement(By.tagName("body")).getText(),
                    e);
        }
    }

    /** The demo app's entry on "Manage authorizations", or null when it is not listed. */
    private WebElement demoAuthorization() {
        List<WebElement> entries = browser.findElements(By.cssSelector("li.authorization"));
        for (WebElement entry : entries) {
            if (entry.findElement(By.tagName("h2")).getText().equals(APP_NAME)) {
                return entry;
            }
        }
        return null;
    }

    private String text(By locator) {
        return browser.findElement(locator).getText().strip();
    }

    private WebDriverWait await() {
        return new WebDriverWait(browser, WAIT);
    }
}
