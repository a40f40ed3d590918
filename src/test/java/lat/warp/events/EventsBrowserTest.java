package lat.warp.events;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import com.microsoft.playwright.options.FilePayload;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;
import lat.warp.registry.Organisation;
import lat.warp.registry.internal.AttributionIndexHolder;
import lat.warp.shared.Role;
import lat.warp.testing.BrowserSupport;
import lat.warp.testing.Fixtures;
import lat.warp.testing.WarpIntegrationTest;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The events pages in a browser: an analyst uploads a Shadowserver report with a row in each of two
 * members' networks and watches its job finish without reloading; then each member, logged in through
 * the browser, sees the event on its own network and not the other's.
 */
@WarpIntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EventsBrowserTest {

    @RegisterExtension
    static final BrowserSupport browser = new BrowserSupport();

    @Autowired Fixtures fixtures;
    @Autowired JdbcClient jdbc;
    @Autowired AttributionIndexHolder index;

    private Organisation memberA;
    private Organisation memberB;
    private String netA;
    private String netB;

    @BeforeAll
    void setUp() {
        memberA = fixtures.member();
        memberB = fixtures.member();
        String[] nets = EventPagesIntegrationTest.freshNets(jdbc);
        netA = nets[0];
        netB = nets[1];
        EventPagesIntegrationTest.hold(jdbc, netA + "0/24", memberA);
        EventPagesIntegrationTest.hold(jdbc, netB + "0/24", memberB);
        index.rebuildNow();
    }

    @Test
    @Order(1)
    void anAnalystUploadsAReportAndWatchesTheJobSucceed(Page page) {
        browser.logIn(fixtures.user(Role.ANALYST));
        eventsNavigation(page).getByRole(AriaRole.LINK, new Locator.GetByRoleOptions().setName("Feeds")).click();
        page.waitForURL("/feeds");

        page.getByLabel("Format").selectOption("shadowserver");
        page.getByLabel("Shadowserver report type").selectOption("scan_rdp");
        page.getByLabel("File", new Page.GetByLabelOptions().setExact(true)).setInputFiles(new FilePayload(
                "browser-test.csv", "text/csv", EventPagesIntegrationTest.report(netA, netB).getBytes(StandardCharsets.UTF_8)));
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Upload")).click();

        page.waitForURL(Pattern.compile(".*/feeds/jobs/[0-9a-f-]{36}$"));
        String jobUrl = page.url();
        assertThat(page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setLevel(1))).hasText("Ingest of browser-test.csv");
        // Marks this document: a reload would lose the mark.
        page.evaluate("() => { window.warpTestMark = 'still here'; }");

        assertThat(page.locator("#job-state-name")).hasText("Succeeded",
                new com.microsoft.playwright.assertions.LocatorAssertions.HasTextOptions().setTimeout(60_000));
        assertThat(page.locator("#job-accepted")).hasText("2");
        assertThat(page.locator("#job-rows")).hasText("2");
        assertThat(page.locator("#job-rejected")).hasText("0");
        assertThat(page.locator("#job-duplicates")).hasText("0");
        assertThat(page.locator("#job-rate")).hasText(Pattern.compile("\\d[\\d,.]* rows/s"));
        assertThat(page.locator("#job-refresh")).hasCount(0);
        assertThat(page.locator("#job-progress")).not().hasAttribute("hx-trigger", Pattern.compile(".*"));
        Assertions.assertThat(page.evaluate("() => window.warpTestMark")).as("no reload").isEqualTo("still here");
        Assertions.assertThat(page.url()).isEqualTo(jobUrl);

        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("All feed jobs")).click();
        assertThat(page.locator("#feed-jobs")).containsText("browser-test.csv");

        // The worker may finish a small file before the page is shown: a job held running shows the polling at work.
        java.util.UUID held = java.util.UUID.randomUUID();
        jdbc.sql("insert into feed_jobs (id, state, format, source_name, stored_path, size_bytes, created_by) "
                + "values (?, 'FAILED', 'shadowserver', 'held.csv', '/nonexistent', 0, 'test')").param(held).update();
        jdbc.sql("update feed_jobs set state = 'RUNNING', started_at = now(), heartbeat = now() + interval '1 hour' "
                + "where id = ?").param(held).update();
        page.navigate("/feeds/jobs/" + held);
        assertThat(page.locator("#job-state-name")).hasText("Running");
        // A large job is one transaction (ADR 0018): the page says when its events show.
        assertThat(page.locator("#job-state")).containsText("events appear in the events list all at once, when its job ends");
        assertThat(page.locator("#job-refresh")).isVisible();
        page.evaluate("() => { window.warpTestMark = 'still here'; }");
        jdbc.sql("update feed_jobs set rows_read = 7, accepted = 5, rejected = 2 where id = ?").param(held).update();
        assertThat(page.locator("#job-rows")).hasText("7");
        jdbc.sql("update feed_jobs set state = 'SUCCEEDED', finished_at = now() where id = ?").param(held).update();
        assertThat(page.locator("#job-state-name")).hasText("Succeeded");
        assertThat(page.locator("#job-accepted")).hasText("5");
        assertThat(page.locator("#job-refresh")).hasCount(0);
        Assertions.assertThat(page.evaluate("() => window.warpTestMark")).as("no reload").isEqualTo("still here");
    }

    @Test
    @Order(2)
    void memberASeesItsEventAndNotMemberBs(Page page) {
        seesOnlyItsOwn(page, memberA, netA + "10:3389", netB + "20");
    }

    @Test
    @Order(3)
    void memberBSeesItsEventAndNotMemberAs(Page page) {
        seesOnlyItsOwn(page, memberB, netB + "20:3390", netA + "10");
    }

    private void seesOnlyItsOwn(Page page, Organisation member, String own, String others) {
        browser.logIn(fixtures.user(member, Role.MEMBER));
        Locator nav = eventsNavigation(page);
        assertThat(nav.getByRole(AriaRole.LINK, new Locator.GetByRoleOptions().setName("Feeds"))).hasCount(0);
        nav.getByRole(AriaRole.LINK, new Locator.GetByRoleOptions().setName("Events")).click();
        page.waitForURL("/events");

        Locator table = page.locator("#events-table");
        assertThat(table.locator("tr", new Locator.LocatorOptions().setHasText(own))).containsText("vulnerable-system");
        assertThat(table).not().containsText(others);

        // Narrowed to both networks, still only its own.
        page.getByLabel("Address or prefix").fill(netA.substring(0, netA.length() - 1) + ".0/23");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Show events")).click();
        assertThat(page.locator("#events-table tr.event-row")).hasCount(1);
        assertThat(page.locator("#events-table")).containsText(own);
        assertThat(page.locator("#events-table")).not().containsText(others);
    }

    private static Locator eventsNavigation(Page page) {
        return page.getByRole(AriaRole.NAVIGATION, new Page.GetByRoleOptions().setName("Security events"));
    }
}
