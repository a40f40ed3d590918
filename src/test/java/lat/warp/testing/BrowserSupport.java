package lat.warp.testing;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.springframework.test.context.junit.jupiter.SpringExtension;

/**
 * Browser tests with Playwright and the system's Chromium against the server that
 * {@link WarpIntegrationTest} starts on a random port. Register it in a browser test class:
 *
 * <pre>{@code
 * @WarpIntegrationTest
 * class SomethingBrowserTest {
 *     @RegisterExtension
 *     static final BrowserSupport browser = new BrowserSupport();
 *
 *     @Test
 *     void somethingHappens(Page page) {   // or browser.page()
 *         page.navigate("/login");          // relative to the test server
 *     }
 * }
 * }</pre>
 *
 * <p>One Playwright and one Chromium per test class; a fresh {@link BrowserContext} (no cookies, no
 * session, English) per test. When a test fails, a full-page screenshot and the page's HTML are written
 * to {@code target/browser-screenshots/<class>/<test>.png|.html}.
 *
 * <p>There is deliberately no fallback when Chromium is missing: the tests fail and say how to install
 * it, because a skipped browser test in CI would look like a passing one. The binary is
 * {@code /usr/bin/chromium} (Debian's package) unless the system property {@code warp.browser.chromium}
 * or the environment variable {@code WARP_CHROMIUM} names another.
 */
public final class BrowserSupport implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback,
        AfterTestExecutionCallback, AfterEachCallback, ParameterResolver {

    /** How long a Playwright action or auto-waiting assertion may take before the test fails. */
    public static final double TIMEOUT_MILLIS = 10_000;

    private static final Path SCREENSHOTS = Paths.get("target", "browser-screenshots");
    private static final List<String> CHROMIUM_ARGS = List.of("--no-sandbox", "--disable-gpu",
            "--disable-dev-shm-usage", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--no-first-run", "--disable-quic");

    private Playwright playwright;
    private Browser browser;
    private BrowserContext context;
    private Page page;
    private String baseUrl;

    @Override
    public void beforeAll(ExtensionContext extension) {
        Path chromium = chromium();
        if (!Files.isExecutable(chromium)) {
            throw new IllegalStateException("Browser tests need Chromium at " + chromium
                    + ", which is missing or not executable. Install it with 'apt-get install -y chromium' (CI does),"
                    + " or name another binary with -Dwarp.browser.chromium=... or WARP_CHROMIUM.");
        }
        playwright = Playwright.create(new Playwright.CreateOptions()
                .setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
        browser = playwright.chromium().launch(new BrowserType.LaunchOptions()
                .setExecutablePath(chromium)
                .setHeadless(true)
                .setArgs(CHROMIUM_ARGS));
    }

    @Override
    public void beforeEach(ExtensionContext extension) {
        Integer port = SpringExtension.getApplicationContext(extension).getEnvironment()
                .getProperty("local.server.port", Integer.class);
        if (port == null) {
            throw new IllegalStateException("BrowserSupport needs a server on a port: annotate the class with @WarpIntegrationTest.");
        }
        baseUrl = "http://localhost:" + port;
        context = browser.newContext(new Browser.NewContextOptions()
                .setBaseURL(baseUrl)
                .setLocale("en-GB")
                .setTimezoneId("UTC")
                .setViewportSize(1280, 900));
        context.setDefaultTimeout(TIMEOUT_MILLIS);
        context.setDefaultNavigationTimeout(TIMEOUT_MILLIS);
        page = context.newPage();
        forgetEvidence(extension);
    }

    @Override
    public void afterTestExecution(ExtensionContext extension) {
        if (extension.getExecutionException().isPresent() && page != null && !page.isClosed()) {
            keepEvidence(extension);
        }
    }

    @Override
    public void afterEach(ExtensionContext extension) {
        if (context != null) {
            context.close();
        }
        context = null;
        page = null;
    }

    @Override
    public void afterAll(ExtensionContext extension) {
        if (browser != null) {
            browser.close();
        }
        if (playwright != null) {
            playwright.close();
        }
        browser = null;
        playwright = null;
    }

    /** The current test's page, in its own fresh browser context. */
    public Page page() {
        if (page == null) {
            throw new IllegalStateException("No page outside a test: use it from a @Test or @BeforeEach method.");
        }
        return page;
    }

    /** The current test's browser context (cookies, a second tab). */
    public BrowserContext context() {
        page();
        return context;
    }

    /** The test server's address, such as {@code http://localhost:43123}, without a trailing slash. */
    public String baseUrl() {
        page();
        return baseUrl;
    }

    /** The absolute address of a path on the test server, for clients other than the browser. */
    public String url(String path) {
        return baseUrl() + path;
    }

    /**
     * Logs the user in through the login pages, with the current TOTP code when the user has a
     * secret, and waits until the login is complete. A user can log in only once per 30-second TOTP
     * step this way: a second login in the same step is refused as a replayed code.
     */
    public Page logIn(Fixtures.TestUser user) {
        Page p = page();
        p.navigate("/login");
        p.locator("#email").fill(user.email());
        p.locator("#password").fill(user.password());
        p.locator("main form button[type=submit]").click();
        if (user.totpSecret().length > 0) {
            p.waitForURL(Pattern.compile(".*/login/two-factor$"));
            p.locator("#code").fill(user.totp(Instant.now()));
            p.locator("main form button[type=submit]").click();
        }
        p.waitForURL(url -> !url.contains("/login"));
        return p;
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext extension) {
        Class<?> type = parameter.getParameter().getType();
        return type == Page.class || type == BrowserContext.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext extension) {
        return parameter.getParameter().getType() == Page.class ? page() : context();
    }

    /** Removes a previous run's screenshot of this test, so that what is there always belongs to the last run. */
    private static void forgetEvidence(ExtensionContext extension) {
        Path dir = SCREENSHOTS.resolve(extension.getRequiredTestClass().getSimpleName());
        String name = extension.getRequiredTestMethod().getName();
        try {
            Files.deleteIfExists(dir.resolve(name + ".png"));
            Files.deleteIfExists(dir.resolve(name + ".html"));
        } catch (IOException e) {
            System.err.println("Could not remove the old screenshot of " + name + ": " + e);
        }
    }

    private void keepEvidence(ExtensionContext extension) {
        String name = extension.getRequiredTestMethod().getName();
        Path dir = SCREENSHOTS.resolve(extension.getRequiredTestClass().getSimpleName());
        try {
            Files.createDirectories(dir);
            page.screenshot(new Page.ScreenshotOptions().setPath(dir.resolve(name + ".png")).setFullPage(true)
                    .setTimeout(5_000));
            Files.writeString(dir.resolve(name + ".html"), "<!-- " + page.url() + " -->\n" + page.content(),
                    StandardCharsets.UTF_8);
            System.err.println("Browser test failed on " + page.url() + "; screenshot and HTML in "
                    + dir.toAbsolutePath().resolve(name) + ".{png,html}");
        } catch (IOException | RuntimeException e) {
            System.err.println("Could not keep a screenshot of the failed browser test " + name + ": " + e);
        }
    }

    private static Path chromium() {
        String configured = System.getProperty("warp.browser.chromium", System.getenv("WARP_CHROMIUM"));
        return Paths.get(configured == null || configured.isBlank() ? "/usr/bin/chromium" : configured);
    }
}
