package lat.warp.notification;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import java.util.List;
import java.util.UUID;
import lat.warp.events.Tlp;
import lat.warp.registry.Contact;
import lat.warp.registry.Contacts;
import lat.warp.registry.Organisation;
import lat.warp.reporting.Severity;
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
import org.springframework.jdbc.core.simple.JdbcClient;

/** The notification pages as people use them: a member administrator's policy and log, the analysts' log, the key. */
@WarpIntegrationTest
class NotificationBrowserTest {

    @RegisterExtension
    static final BrowserSupport browser = new BrowserSupport();

    @Autowired
    Fixtures fixtures;
    @Autowired
    Contacts contacts;
    @Autowired
    Notifications notifications;
    @Autowired
    NotificationPolicies policies;
    @Autowired
    JdbcClient jdbc;

    @Test
    void aMemberAdminEditsThePolicyAndSeesItsDeliveryLog(Page page) {
        Organisation own = fixtures.member();
        String email = "abuse-" + UUID.randomUUID().toString().substring(0, 8) + "@test.example";
        Actors.runAsSystem("test", () -> contacts.add(own.id(), Contact.Role.ABUSE, email, null, "es", null));
        TestUser admin = fixtures.user(own, Role.MEMBER_ADMIN);
        browser.logIn(admin);

        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Notification policy")).click();
        page.waitForURL("/notifications/policy/" + own.id());
        assertThat(page.getByText("No policy has been saved yet")).isVisible();
        // The defaults for an Argentinian member: a daily digest, in Spanish.
        assertThat(page.getByLabel("When")).hasValue("DAILY");
        assertThat(page.getByLabel("Language of the messages")).hasValue("es");

        page.getByLabel("When").selectOption("IMMEDIATE");
        page.getByLabel("Language of the messages").selectOption("pt");
        page.getByLabel("Events attached as").selectOption("JSON");
        page.getByLabel("Time zone").fill("America/Sao_Paulo");
        page.getByLabel("Muted incident types (RSIT types, separated by commas)").fill("scanner, spam");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Save the policy")).click();

        assertThat(page.getByRole(AriaRole.STATUS)).hasText("The notification policy was saved.");
        assertThat(page.getByLabel("When")).hasValue("IMMEDIATE");
        assertThat(page.getByLabel("Language of the messages")).hasValue("pt");
        assertThat(page.getByLabel("Events attached as")).hasValue("JSON");
        assertThat(page.getByText("No policy has been saved yet")).hasCount(0);

        // A bad time zone is a clear error, nothing saved.
        page.getByLabel("Time zone").fill("Mars/Olympus");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Save the policy")).click();
        assertThat(page.getByRole(AriaRole.ALERT)).containsText("time zone");
        assertThat(page.getByLabel("Time zone")).hasValue("America/Sao_Paulo");

        Actors.runAsSystem("test", () -> notifications.notify(new Notice("browser:" + own.id(), own.id(),
                Notice.Kind.WARNING, "WARP-2026-004242", Tlp.AMBER, Severity.HIGH, "Exposed service", "", null, null,
                List.of(), false)));
        page.reload();
        Locator row = page.locator("#deliveries tr", new Page.LocatorOptions().setHasText(email));
        assertThat(row).containsText("[WARP-2026-004242] [TLP:AMBER] Exposed service");
        assertThat(row).containsText("E-mail");
    }

    @Test
    void anAnalystSeesAParkedDeliveryWithItsErrorAndRetriesIt(Page page) {
        Organisation member = fixtures.member();
        UUID id = UUID.randomUUID();
        jdbc.sql("""
                insert into notification_deliveries (id, organisation_id, dedup_key, channel, recipient, kind, reference,
                    subject, language, attachment_format, payload, max_attempts, state, attempts, last_error)
                values (?, ?, ?, 'EMAIL', 'parked@test.example', 'WARNING', 'WARP-2026-007777', '[WARP-2026-007777] parked',
                    'en', 'CSV', '{}', 3, 'PARKED', 3, 'The contact''s OpenPGP key ABC is revoked.')""")
                .params(id, member.id().value(), "browser:" + id).update();
        browser.logIn(fixtures.user(Role.ANALYST));

        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Notification deliveries")).click();
        page.waitForURL("/admin/notifications");
        page.getByLabel("Show").selectOption("PARKED");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Show")).click();
        Locator row = page.locator("#deliveries tr", new Page.LocatorOptions().setHasText("WARP-2026-007777"));
        assertThat(row).containsText("Parked");
        assertThat(row).containsText("is revoked");
        row.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Retry")).click();
        assertThat(page.getByRole(AriaRole.STATUS)).hasText("The delivery will be sent again.");
        Assertions.assertThat(jdbc.sql("select state from notification_deliveries where id = ?").param(id)
                .query(String.class).single()).isEqualTo("PENDING");
    }

    @Test
    void anyoneFindsTheWarpKeyFromTheFooter(Page page) {
        page.navigate(browser.url("/"));
        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("WARP OpenPGP key")).click();
        page.waitForURL("/pgp-key");
        assertThat(page.locator("#fingerprint")).hasText(java.util.regex.Pattern.compile("^[0-9A-F]{40}$"));
        assertThat(page.locator("#public-key")).containsText("-----BEGIN PGP PUBLIC KEY BLOCK-----");
        assertThat(page.locator("#download")).hasAttribute("href", "/pgp-key.asc");
    }
}
