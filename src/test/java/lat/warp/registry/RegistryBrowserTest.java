package lat.warp.registry;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import java.util.UUID;
import java.util.regex.Pattern;
import lat.warp.registry.internal.AttributionIndexHolder;
import lat.warp.shared.Role;
import lat.warp.testing.BrowserSupport;
import lat.warp.testing.Fixtures;
import lat.warp.testing.Fixtures.TestUser;
import lat.warp.testing.WarpIntegrationTest;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The registry pages as people in a browser use them: a bulk lookup, and a member managing its contacts. */
@WarpIntegrationTest
class RegistryBrowserTest {

    @RegisterExtension
    static final BrowserSupport browser = new BrowserSupport();

    @Autowired
    Fixtures fixtures;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    AttributionIndexHolder index;

    @Test
    void anAnalystPastesAddressesAndSeesHoldersRegistriesAndTheInvalidEntry(Page page) {
        Organisation holder = fixtures.member();
        TestNetworks.Holding holding = new TestNetworks(jdbc, index).give(holder);
        TestUser analyst = fixtures.user(Role.ANALYST);
        browser.logIn(analyst);

        registryNavigation(page).getByRole(AriaRole.LINK, new Locator.GetByRoleOptions().setName("Lookup")).click();
        page.waitForURL("/registry/lookup");
        // Marks this document: if the results came with a full page load, the mark would be gone.
        page.evaluate("() => { window.warpTestMark = 'still here'; }");

        page.getByLabel("Addresses", new Page.GetByLabelOptions().setExact(true)).fill(holding.host(77) + "\n8.8.8.8\nnot-an-ip\n");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Look up")).click();

        Locator table = page.locator("#lookup-table");
        assertThat(table).isVisible();
        Locator ours = table.locator("tr", new Locator.LocatorOptions().setHasText(holding.host(77)));
        assertThat(ours.getByRole(AriaRole.LINK, new Locator.GetByRoleOptions().setName(holder.name())))
                .hasAttribute("href", "/registry/organisations/" + holder.id());
        assertThat(ours).containsText(holding.prefix());
        Locator google = table.locator("tr", new Locator.LocatorOptions().setHasText("8.8.8.8"));
        assertThat(google).containsText("arin");
        assertThat(page.getByRole(AriaRole.ALERT)).containsText("Line 3: “not-an-ip” is not an IPv4 or IPv6 address.");
        Assertions.assertThat(page.evaluate("() => window.warpTestMark")).as("htmx swapped the results in place")
                .isEqualTo("still here");
        Assertions.assertThat(page.url()).endsWith("/registry/lookup");
        assertThat(page.getByLabel("Addresses", new Page.GetByLabelOptions().setExact(true))).hasValue(Pattern.compile("not-an-ip"));
    }

    @Test
    void aMemberAdminAddsAnAbuseContactToItsNetworksAndRemovesIt(Page page) {
        Organisation own = fixtures.member();
        TestNetworks.Holding holding = new TestNetworks(jdbc, index).give(own);
        TestUser memberAdmin = fixtures.user(own, Role.MEMBER_ADMIN);
        String email = "abuse-" + UUID.randomUUID().toString().substring(0, 8) + "@test.example";
        browser.logIn(memberAdmin);

        registryNavigation(page).getByRole(AriaRole.LINK, new Locator.GetByRoleOptions().setName("My networks")).click();
        page.waitForURL("/registry/organisations/" + own.id());
        assertThat(page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setLevel(1))).hasText(own.name());
        assertThat(page.locator("#prefixes")).containsText(holding.prefix());
        assertThat(page.getByText("No contacts yet.")).isVisible();

        page.getByText("Add a contact", new Page.GetByTextOptions().setExact(true)).click();
        page.getByLabel("Role").selectOption("ABUSE");
        page.getByLabel("E-mail address").fill(email);
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Add the contact")).click();

        assertThat(page.getByRole(AriaRole.STATUS)).hasText("The contact has been added.");
        Locator row = page.locator("#contacts-table tr", new Page.LocatorOptions().setHasText(email));
        assertThat(row).containsText("Abuse");

        row.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Remove the contact " + email)).click();

        assertThat(page.getByRole(AriaRole.STATUS)).hasText("The contact has been removed.");
        assertThat(page.locator("#contacts-table")).hasCount(0);
        assertThat(page.getByText("No contacts yet.")).isVisible();
        Assertions.assertThat(page.content()).doesNotContain(email);
    }

    private static Locator registryNavigation(Page page) {
        return page.getByRole(AriaRole.NAVIGATION, new Page.GetByRoleOptions().setName("Registry"));
    }
}
