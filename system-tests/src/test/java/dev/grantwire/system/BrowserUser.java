package dev.grantwire.system;

import dev.grantwire.testsupport.keycloak.GrantwireRealm;
import dev.grantwire.testsupport.stack.Stack;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * One person at their own browser (own profile, own cookies), who signs in at the organization's
 * Keycloak when asked and uses consent-service's pages the way a person does.
 */
final class BrowserUser implements AutoCloseable {

    static final Duration WAIT = Duration.ofSeconds(30);

    final WebDriver browser;
    private final Stack stack;
    private final String user;
    private final String consent;

    private BrowserUser(WebDriver browser, Stack stack, String user) {
        this.browser = browser;
        this.stack = stack;
        this.user = user;
        this.consent = stack.url(Stack.Service.CONSENT);
    }

    /** A fresh browser for {@code user} (a Keycloak user of the test realm), not signed in yet. */
    static BrowserUser open(Stack stack, String user, Path workDir) {
        return new BrowserUser(Browser.open(workDir, CallbackServer.HOST), stack, user);
    }

    /** Opens {@code url}; when it leads to the provider's sign-in form, signs in there. */
    void go(String url) {
        browser.get(url);
        if (!browser.findElements(By.id("kc-login")).isEmpty()) {
            signInAtProvider();
        }
    }

    /** Opens a consent-service page by path, signing in when asked. */
    void page(String path) {
        go(consent + path);
    }

    void signInAtProvider() {
        await().until(ExpectedConditions.presenceOfElementLocated(By.id("username")));
        browser.findElement(By.id("username")).sendKeys(user);
        browser.findElement(By.id("password")).sendKeys(GrantwireRealm.passwordOf(user));
        browser.findElement(By.id("kc-login")).click();
        await().until(
                        ExpectedConditions.not(
                                ExpectedConditions.urlContains("/protocol/openid-connect/")));
    }

    /**
     * Waits for the approval page and returns the app name it shows; when it does not come, fails
     * with the page the browser shows instead.
     */
    String awaitApproval() {
        try {
            return await().until(ExpectedConditions.presenceOfElementLocated(By.id("app-name")))
                    .getText()
                    .strip();
        } catch (org.openqa.selenium.TimeoutException e) {
            String text = browser.findElement(By.tagName("body")).getText();
            throw new AssertionError(
                    "no approval page at "
                            + browser.getCurrentUrl()
                            + ", the browser shows: "
                            + text.substring(0, Math.min(text.length(), 600)),
                    e);
        }
    }

    void accept() {
        browser.findElement(By.cssSelector("button[name=decision][value=accept]")).click();
    }

    void cancel() {
        browser.findElement(By.cssSelector("button[name=decision][value=cancel]")).click();
    }

    /**
     * The section's text, or "" when the page does not have it: {@code requested} (asked for now)
     * or {@code already-granted}.
     */
    String section(String id) {
        List<WebElement> found = browser.findElements(By.id(id));
        return found.isEmpty() ? "" : found.get(0).getText();
    }

    /** "Manage authorizations" as the user sees it: each listed app's client id and grant id. */
    Map<String, String> authorizations() {
        page("/authorizations");
        await().until(ExpectedConditions.presenceOfElementLocated(By.id("title")));
        Map<String, String> listed = new LinkedHashMap<>();
        for (WebElement entry : browser.findElements(By.cssSelector("li.authorization"))) {
            listed.put(entry.getAttribute("data-client"), entry.getAttribute("data-grant"));
        }
        return listed;
    }

    /** Waits until "Manage authorizations" no longer lists the app (reloading the page). */
    void awaitGone(String clientId) {
        await().until(driver -> !authorizations().containsKey(clientId));
    }

    /** The value of the current page's hidden form field. */
    String field(String name) {
        return browser.findElement(By.cssSelector("input[name='" + name + "']"))
                .getAttribute("value");
    }

    /**
     * Posts a form the page did not offer, from this browser with its cookies: what a forged or
     * tampered form does.
     */
    void submitForm(String action, Map<String, String> fields) {
        Browser.submitForm(browser, action, fields);
    }

    /** The text of the page's main heading, once a page with one has loaded. */
    String title() {
        return await().until(ExpectedConditions.presenceOfElementLocated(By.id("title")))
                .getText()
                .strip();
    }

    /** Waits until the page's main heading reads {@code expected}: a form post's answer. */
    void awaitTitle(String expected) {
        await().until(ExpectedConditions.textToBe(By.id("title"), expected));
    }

    /** The browser's consent-service cookies as a Cookie header, for a look at raw headers. */
    String cookieHeader() {
        StringBuilder header = new StringBuilder();
        for (Cookie cookie : browser.manage().getCookies()) {
            if (header.length() > 0) {
                header.append("; ");
            }
            header.append(cookie.getName()).append('=').append(cookie.getValue());
        }
        return header.toString();
    }

    String consentUrl() {
        return consent;
    }

    WebDriverWait await() {
        return new WebDriverWait(browser, WAIT);
    }

    @Override
    public void close() {
        browser.quit();
    }
}
