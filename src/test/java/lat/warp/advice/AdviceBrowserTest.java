package lat.warp.advice;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import lat.warp.testing.BrowserSupport;
import lat.warp.testing.WarpIntegrationTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A visitor, not logged in, opens the guides from the navigation, follows one and switches language. */
@WarpIntegrationTest
class AdviceBrowserTest {

    @RegisterExtension
    static final BrowserSupport browser = new BrowserSupport();

    @Test
    void aVisitorReadsAGuideAndSwitchesLanguage(Page page) {
        page.navigate(browser.url("/?lang=en"));
        page.locator("nav.advice").getByRole(AriaRole.LINK, new Locator.GetByRoleOptions().setName("Advice")).click();
        page.waitForURL("**/advice");
        assertThat(page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setLevel(1))).hasText("Remediation guides");

        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Scanner").setExact(true)).click();
        page.waitForURL("**/advice/scanner");
        assertThat(page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setLevel(1))).hasText("Scanner");
        assertThat(page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName("When to ask the WARP for help")))
                .isVisible();

        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Español")).click();
        page.waitForURL("**/advice/scanner");
        assertThat(page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setLevel(1))).hasText("Escaneo");
        assertThat(page.locator("html")).hasAttribute("lang", "es");
        assertThat(page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName("Cuándo pedir ayuda al WARP")))
                .isVisible();

        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Todas las guías")).click();
        page.waitForURL("**/advice");
        assertThat(page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setLevel(1))).hasText("Guías de remediación");
    }
}
