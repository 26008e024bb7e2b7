package dev.grantwire.system;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.htmlunit.WebClient;
import org.htmlunit.WebRequest;
import org.htmlunit.WebResponse;
import org.htmlunit.util.WebConnectionWrapper;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.htmlunit.HtmlUnitDriver;

/**
 * A real browser for the system tests: Debian's headless Chromium where it is installed, HtmlUnit
 * (pure Java) where it is not. With {@code REQUIRE_CHROMIUM=1} (as CI sets it) a missing or broken
 * Chromium fails the test instead of falling back.
 */
final class Browser {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    private Browser() {}

    static WebDriver open(Path workDir) {
        return open(workDir, null);
    }

    /**
     * A browser that resolves {@code appHost} to 127.0.0.1 and accepts that host's self-signed
     * certificate: a stand-in for a third-party app's https site (see {@link CallbackServer}).
     */
    static WebDriver open(Path workDir, String appHost) {
        boolean required = "1".equals(System.getenv("REQUIRE_CHROMIUM"));
        if (Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER)) {
            try {
                return chromium(workDir, appHost);
            } catch (RuntimeException e) {
                if (required) {
                    throw new IllegalStateException("Chromium is required but did not start", e);
                }
                System.err.println("Chromium did not start, using HtmlUnit: " + e);
            }
        } else if (required) {
            throw new IllegalStateException(
                    "REQUIRE_CHROMIUM=1 but " + CHROMIUM + " or " + CHROMEDRIVER + " is missing");
        }
        HtmlUnitDriver htmlUnit = appHost == null ? new HtmlUnitDriver(true) : htmlUnit(appHost);
        htmlUnit.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
        return htmlUnit;
    }

    private static WebDriver chromium(Path workDir, String appHost) {
        try {
            Path profile = Files.createTempDirectory(mkdirs(workDir), "chromium-");
            ChromeOptions options = new ChromeOptions();
            options.setBinary(CHROMIUM.toFile());
            options.addArguments(
                    "--headless=new",
                    "--no-sandbox",
                    "--disable-gpu",
                    "--disable-dev-shm-usage",
                    "--disable-quic",
                    "--no-first-run",
                    "--disable-background-networking",
                    "--disable-component-update",
                    "--disable-sync",
                    "--window-size=1280,900",
                    "--user-data-dir=" + profile);
            if (appHost != null) {
                options.addArguments("--host-resolver-rules=MAP " + appHost + " 127.0.0.1");
                options.setAcceptInsecureCerts(true);
            }
            ChromeDriverService service =
                    new ChromeDriverService.Builder()
                            .usingDriverExecutable(CHROMEDRIVER.toFile())
                            .usingAnyFreePort()
                            .withLogFile(workDir.resolve("chromedriver.log").toFile())
                            .build();
            ChromeDriver driver = new ChromeDriver(service, options);
            driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
            return driver;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** HtmlUnit sending {@code appHost}'s requests to 127.0.0.1, its certificate unchecked. */
    private static HtmlUnitDriver htmlUnit(String appHost) {
        return new HtmlUnitDriver(true) {
            @Override
            protected WebClient modifyWebClient(WebClient client) {
                client.getOptions().setUseInsecureSSL(true);
                new WebConnectionWrapper(client) {
                    @Override
                    public WebResponse getResponse(WebRequest request) throws IOException {
                        URL url = request.getUrl();
                        if (appHost.equalsIgnoreCase(url.getHost())) {
                            request.setUrl(
                                    new URL(
                                            url.getProtocol(),
                                            "127.0.0.1",
                                            url.getPort(),
                                            url.getFile()));
                        }
                        return super.getResponse(request);
                    }
                };
                return client;
            }
        };
    }

    /**
     * Posts a form the page did not offer, from this browser with its cookies: what a forged or
     * tampered form does.
     */
    static void submitForm(WebDriver driver, String action, Map<String, String> fields) {
        ((JavascriptExecutor) driver)
                .executeScript(
                        "const form = document.createElement('form');"
                                + "form.method = 'post'; form.action = arguments[0];"
                                + "for (const [name, value] of Object.entries(arguments[1])) {"
                                + "  const input = document.createElement('input');"
                                + "  input.type = 'hidden'; input.name = name; input.value = value;"
                                + "  form.appendChild(input);"
                                + "}"
                                + "document.body.appendChild(form); form.submit();",
                        action,
                        fields);
    }

    /** Saves a screenshot where the browser can take one (HtmlUnit cannot). */
    static void screenshot(WebDriver driver, Path file) {
        if (driver instanceof TakesScreenshot camera) {
            try {
                Files.createDirectories(file.getParent());
                Files.write(file, camera.getScreenshotAs(OutputType.BYTES));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private static Path mkdirs(Path dir) throws IOException {
        return Files.createDirectories(dir);
    }
}
