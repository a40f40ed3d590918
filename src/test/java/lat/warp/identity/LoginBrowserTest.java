package lat.warp.identity;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Response;
import com.microsoft.playwright.options.AriaRole;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import lat.warp.identity.internal.Base32;
import lat.warp.identity.internal.Totp;
import lat.warp.shared.Actors;
import lat.warp.shared.Role;
import lat.warp.testing.BrowserSupport;
import lat.warp.testing.Fixtures;
import lat.warp.testing.Fixtures.TestUser;
import lat.warp.testing.WarpIntegrationTest;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/** Logging in and out, two-factor, the language switch and access refusals, as a person in a browser sees them. */
@WarpIntegrationTest
class LoginBrowserTest {

    @RegisterExtension
    static final BrowserSupport browser = new BrowserSupport();

    @Autowired
    Fixtures fixtures;

    @Autowired
    Users users;

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping handlerMappings;

    @Test
    void adminLogsInWithPasswordAndTotpSwitchesToPortugueseAndBack(Page page) {
        TestUser admin = fixtures.user(Role.ADMIN);

        page.navigate("/login");
        assertLanguage(page, "en");
        String englishSubmit = submitButton(page).innerText();
        languageLink(page, "pt").click();
        assertLanguage(page, "pt");
        Assertions.assertThat(submitButton(page).innerText()).as("the login button in Portuguese")
                .isNotBlank().isNotEqualTo(englishSubmit);
        languageLink(page, "en").click();
        assertLanguage(page, "en");
        assertThat(submitButton(page)).hasText(englishSubmit);

        page.locator("#email").fill(admin.email());
        page.locator("#password").fill(admin.password());
        submitButton(page).click();
        page.waitForURL("/login/two-factor");
        page.locator("#code").fill(admin.totp(Instant.now()));
        submitButton(page).click();
        page.waitForURL("/");

        assertThat(page.locator("header .account a")).hasText(admin.email());
        Locator adminNavigation = page.getByRole(AriaRole.NAVIGATION,
                new Page.GetByRoleOptions().setName("Administration"));
        assertThat(adminNavigation.getByRole(AriaRole.LINK, new Locator.GetByRoleOptions().setName("Users")))
                .hasAttribute("href", "/admin/users");
        assertThat(adminNavigation.getByRole(AriaRole.LINK, new Locator.GetByRoleOptions().setName("Audit trail")))
                .hasAttribute("href", "/admin/audit");

        languageLink(page, "pt").click();
        page.waitForURL("/");
        assertLanguage(page, "pt");
        assertThat(page.locator("header .account a")).hasText(admin.email());

        languageLink(page, "en").click();
        page.waitForURL("/");
        assertLanguage(page, "en");
        assertThat(page.locator("header .account a")).hasText(admin.email());
    }

    @Test
    void memberCannotOpenAnAdminPage(Page page) {
        TestUser member = fixtures.user(Role.MEMBER);
        browser.logIn(member);
        assertThat(page.locator("header .account a")).hasText(member.email());
        assertNoAdministration(page);

        Response users = page.navigate("/admin/users");
        Assertions.assertThat(users.status()).as("GET /admin/users as a member").isEqualTo(403);
        assertFriendlyError(page, 403);
        assertNoAdministration(page);

        // The audit page is built on another branch; until it is merged the path is unknown here (404).
        int auditStatus = pageExists("/admin/audit") ? 403 : 404;
        Response audit = page.navigate("/admin/audit");
        Assertions.assertThat(audit.status()).as("GET /admin/audit as a member").isEqualTo(auditStatus);
        assertFriendlyError(page, auditStatus);
        assertNoAdministration(page);
    }

    @Test
    void wrongPasswordShowsAReadableErrorAndNoSession(Page page) {
        TestUser member = fixtures.user(Role.MEMBER);
        page.navigate("/login");
        page.locator("#email").fill(member.email());
        page.locator("#password").fill("not the password at all");
        submitButton(page).click();

        Locator error = page.getByRole(AriaRole.ALERT);
        assertThat(error).isVisible();
        assertThat(error).hasText(Pattern.compile("e-mail address or password is wrong"));
        Assertions.assertThat(page.url()).endsWith("/login");
        assertThat(page.locator("#email")).hasValue(member.email());
        assertThat(page.locator("#email")).hasAttribute("aria-describedby", error.getAttribute("id"));
        assertThat(page.locator("header .account")).hasCount(0);

        page.navigate("/account");
        page.waitForURL("/login");
        assertThat(page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName("Log in"))).isVisible();
    }

    @Test
    void replayedTotpCodeIsRefused(Page page) {
        TestUser analyst = fixtures.user(Role.ANALYST);
        String code = analyst.totp(Instant.now());

        logInWithCode(page, analyst, code);
        page.waitForURL("/");
        assertThat(page.locator("header .account a")).hasText(analyst.email());

        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Log out")).click();
        page.waitForURL("/login?logout");
        assertThat(page.getByRole(AriaRole.STATUS)).hasText("You have logged out.");
        assertThat(page.locator("header .account")).hasCount(0);

        logInWithCode(page, analyst, code);
        Locator error = page.getByRole(AriaRole.ALERT);
        assertThat(error).hasText(Pattern.compile("already been used"));
        Assertions.assertThat(page.url()).endsWith("/login/two-factor");
        assertThat(page.locator("header .account")).hasCount(0);
    }

    @Test
    void staffWithoutTotpMustEnrolBeforeEnteringTheSite(Page page) {
        String email = "officer-" + UUID.randomUUID().toString().substring(0, 8) + "@test.example";
        var warp = fixtures.warp();
        Actors.runAsSystem("test", () -> users.create(
                new UserDraft(email, "Officer without TOTP", Language.EN, warp.id(), Set.of(Role.OFFICER)),
                Fixtures.PASSWORD));

        page.navigate("/login");
        page.locator("#email").fill(email);
        page.locator("#password").fill(Fixtures.PASSWORD);
        submitButton(page).click();
        page.waitForURL("/login/two-factor/enrol");

        assertThat(page.locator(".qr svg")).isVisible();
        String key = page.locator("#totp-secret").innerText().strip();
        Assertions.assertThat(key).matches("[A-Z2-7]{16,}");
        assertThat(page.locator("header .account")).hasCount(0);

        page.locator("#code").fill(Totp.code(Base32.decode(key), Totp.stepAt(Instant.now())));
        submitButton(page).click();
        page.waitForURL("/");
        assertThat(page.locator("header .account a")).hasText(email);
    }

    @Test
    void memberAdminCreatesAnApiTokenAndSeesItOnce(Page page) throws IOException, InterruptedException {
        TestUser memberAdmin = fixtures.user(Role.MEMBER_ADMIN);
        String organisationId = memberAdmin.user().organisation().toString();
        browser.logIn(memberAdmin);

        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("My organisation")).click();
        page.waitForURL("/organisations/" + organisationId);

        page.getByText("Create a token", new Page.GetByTextOptions().setExact(true)).click();
        page.locator("#token-name").fill("CI pipeline");
        page.getByRole(AriaRole.CHECKBOX, new Page.GetByRoleOptions().setName("registry").setExact(true)).check();
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Create the token")).click();
        page.waitForURL("/organisations/" + organisationId);

        Locator secretLocator = page.locator("#new-token");
        assertThat(secretLocator).isVisible();
        String secret = secretLocator.innerText().strip();
        Assertions.assertThat(secret).startsWith("warp_");
        assertThat(page.getByRole(AriaRole.CELL, new Page.GetByRoleOptions().setName("CI pipeline"))).isVisible();

        page.reload();
        assertThat(page.getByRole(AriaRole.CELL, new Page.GetByRoleOptions().setName("CI pipeline"))).isVisible();
        assertThat(page.locator("#new-token")).hasCount(0);
        Assertions.assertThat(page.content()).doesNotContain(secret);

        HttpResponse<String> me;
        try (HttpClient http = HttpClient.newHttpClient()) {
            me = http.send(HttpRequest.newBuilder(URI.create(browser.url("/api/v1/me")))
                    .header("Authorization", "Bearer " + secret).header("Accept", "application/json").GET().build(),
                    HttpResponse.BodyHandlers.ofString());
        }
        Assertions.assertThat(me.statusCode()).as("GET /api/v1/me with the new token: %s", me.body()).isEqualTo(200);
        Assertions.assertThat(me.body()).contains("\"organisation\":\"" + organisationId + "\"");
    }

    @Test
    void loginPageIsAccessibleByKeyboardAndLabels(Page page) {
        page.navigate("/login");

        Locator inputs = page.locator("input:not([type=hidden]), select, textarea");
        Assertions.assertThat(inputs.count()).isGreaterThanOrEqualTo(2);
        for (Locator input : inputs.all()) {
            String id = input.getAttribute("id");
            Assertions.assertThat(id).as("id of %s", input.evaluate("e => e.outerHTML")).isNotBlank();
            assertThat(page.locator("label[for='" + id + "']")).hasCount(1);
        }
        assertThat(page.getByLabel("E-mail address")).hasAttribute("id", "email");
        assertThat(page.getByLabel("Password")).hasAttribute("id", "password");

        // The form's autofocus put the caret in the e-mail field; put it back at the top of the document, where
        // it is on any page without autofocus (a focused <body> is the start of the sequential focus order).
        assertThat(page.locator("#email")).isFocused();
        page.evaluate("() => { document.body.tabIndex = -1; document.body.focus(); }");
        page.keyboard().press("Tab");
        Locator skipLink = page.locator("a.skip-link");
        assertThat(skipLink).isFocused();
        assertThat(skipLink).isInViewport();
        assertThat(skipLink).hasAttribute("href", "#main");
        page.keyboard().press("Enter");
        page.waitForURL("/login#main");
    }

    private static void logInWithCode(Page page, TestUser user, String code) {
        page.navigate("/login");
        page.locator("#email").fill(user.email());
        page.locator("#password").fill(user.password());
        submitButton(page).click();
        page.waitForURL("/login/two-factor");
        page.locator("#code").fill(code);
        submitButton(page).click();
    }

    private static Locator submitButton(Page page) {
        return page.locator("main form button[type=submit]");
    }

    private static Locator languageLink(Page page, String language) {
        return page.locator("header nav a[hreflang=" + language + "]");
    }

    private static void assertLanguage(Page page, String language) {
        assertThat(page.locator("html")).hasAttribute("lang", language);
        assertThat(languageLink(page, language)).hasAttribute("aria-current", "true");
        for (String other : new String[] {"es", "pt", "en"}) {
            if (!other.equals(language)) {
                assertThat(languageLink(page, other)).not().hasAttribute("aria-current", "true");
            }
        }
    }

    private static void assertFriendlyError(Page page, int status) {
        assertThat(page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setLevel(1)))
                .hasText(Pattern.compile("\\b" + status + "\\b"));
        assertThat(page.getByRole(AriaRole.ALERT)).isVisible();
        assertThat(page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Back to the home page")))
                .isVisible();
        Assertions.assertThat(page.content()).doesNotContain("Exception").doesNotContain("Whitelabel");
    }

    private static void assertNoAdministration(Page page) {
        assertThat(page.locator("header a[href^='/admin'], header a[href^='/organisation']")).hasCount(0);
        assertThat(page.getByRole(AriaRole.NAVIGATION, new Page.GetByRoleOptions().setName("Administration")))
                .hasCount(0);
    }

    private boolean pageExists(String path) {
        return handlerMappings.getHandlerMethods().keySet().stream()
                .anyMatch(mapping -> mapping.getPatternValues().contains(path));
    }
}
