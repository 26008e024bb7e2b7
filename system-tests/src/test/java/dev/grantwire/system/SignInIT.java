package dev.grantwire.system;

import static org.assertj.core.api.Assertions.assertThat;

import dev.grantwire.testsupport.keycloak.GrantwireRealm;
import dev.grantwire.testsupport.stack.Stack;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Through the packaged consent-service and the real Keycloak, in a real browser: a user with no
 * session is sent to the organization's sign-in page, and signing in brings them back.
 */
@ExtendWith(StackExtension.class)
class SignInIT {

    private static final Path WORK = Path.of("target/system/browser");
    private static final Duration WAIT = Duration.ofSeconds(30);

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
    void accountWhenNoSessionThenKeycloakSignInAndBackAsAlice(Stack stack) {
        String consent = stack.url(Stack.Service.CONSENT);

        browser.get(consent + "/account");

        new WebDriverWait(browser, WAIT)
                .until(ExpectedConditions.presenceOfElementLocated(By.id("username")));
        assertThat(browser.getCurrentUrl())
                .startsWith(stack.keycloak().issuer() + "/protocol/openid-connect/auth")
                .contains("client_id=" + GrantwireRealm.CONSENT_CLIENT_ID)
                // Outside review 2: PKCE and a nonce, so a leaked provider code cannot be planted
                // in another browser (RFC 9700 section 2.1.1); the realm refuses a request without
                // PKCE, so the sign-in below also proves the verifier went with the code.
                .contains("code_challenge_method=S256")
                .containsPattern("[?&]code_challenge=[A-Za-z0-9_-]{43}(&|$)")
                .containsPattern("[?&]nonce=[^&]{16,}");
        Browser.screenshot(browser, WORK.resolve("keycloak-sign-in.png"));

        browser.findElement(By.id("username")).sendKeys(GrantwireRealm.ALICE);
        browser.findElement(By.id("password"))
                .sendKeys(GrantwireRealm.passwordOf(GrantwireRealm.ALICE));
        browser.findElement(By.id("kc-login")).click();

        new WebDriverWait(browser, WAIT)
                .until(ExpectedConditions.presenceOfElementLocated(By.id("signed-in-as")));
        assertThat(browser.getCurrentUrl()).isEqualTo(consent + "/account");
        assertThat(browser.findElement(By.id("signed-in-as")).getText())
                .contains("Alice Example")
                .contains("alice@example.test");
        Browser.screenshot(browser, WORK.resolve("account-signed-in.png"));
    }

    // Outside review 1: a bad request is refused before the user is sent to sign in.
    @Test
    void authorizeWhenAppUnknownThenErrorPageWithoutASignIn(Stack stack) {
        String consent = stack.url(Stack.Service.CONSENT);

        browser.get(
                consent
                        + "/oauth2/authorize?response_type=code&client_id=no-such-app"
                        + "&redirect_uri=https%3A%2F%2Fapp.example%2Fcb&scope=work_items.read"
                        + "&state=s1&code_challenge=E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"
                        + "&code_challenge_method=S256");

        new WebDriverWait(browser, WAIT)
                .until(ExpectedConditions.presenceOfElementLocated(By.id("message")));
        assertThat(browser.getCurrentUrl()).startsWith(consent + "/oauth2/authorize?");
        assertThat(browser.findElement(By.id("message")).getText())
                .contains("No app with this name is registered here");
        assertThat(browser.findElements(By.id("username"))).isEmpty();
    }

    @Test
    void signInWhenPasswordWrongThenStaysAtKeycloakWithNoSession(Stack stack) {
        String consent = stack.url(Stack.Service.CONSENT);
        browser.get(consent + "/account");
        new WebDriverWait(browser, WAIT)
                .until(ExpectedConditions.presenceOfElementLocated(By.id("username")));

        browser.findElement(By.id("username")).sendKeys(GrantwireRealm.ALICE);
        browser.findElement(By.id("password")).sendKeys("not-her-password");
        browser.findElement(By.id("kc-login")).click();

        new WebDriverWait(browser, WAIT)
                .until(
                        ExpectedConditions.textToBePresentInElementLocated(
                                By.tagName("body"), "Invalid username or password"));
        assertThat(browser.getCurrentUrl()).startsWith(stack.keycloak().baseUrl());
        browser.get(consent + "/account");
        new WebDriverWait(browser, WAIT)
                .until(ExpectedConditions.presenceOfElementLocated(By.id("username")));
        assertThat(browser.findElements(By.id("signed-in-as"))).isEmpty();
    }
}
