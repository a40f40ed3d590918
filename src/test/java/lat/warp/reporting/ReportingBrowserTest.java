package lat.warp.reporting;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import jakarta.mail.Message;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.util.Arrays;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import lat.warp.registry.Organisation;
import lat.warp.registry.internal.AttributionIndexHolder;
import lat.warp.shared.Role;
import lat.warp.testing.BrowserSupport;
import lat.warp.testing.Fixtures;
import lat.warp.testing.WarpIntegrationTest;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

/**
 * Incident reporting end to end in a browser, as issue 5 asks: a member of the public reports a phishing
 * page on an address a member holds, confirms the report through the link e-mailed to it (delivered over
 * SMTP to GreenMail), and keeps the tracking link; the analyst triages the report into an incident and
 * notifies the member; the member logs in, sees it, acknowledges and resolves it; the reporter's tracking
 * page shows each step. Another member never sees the incident.
 *
 * <p>Its own Spring context (the shared one has no SMTP server), hence its own data directory: two contexts
 * must never share one embedded PostgreSQL. GreenMail listens on a free port chosen when the class loads.
 */
@WarpIntegrationTest
@TestPropertySource(properties = "warp.data-dir=target/test-data/${warp.test.run:ide}/reporting-mail")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReportingBrowserTest {

    /** The relay sends every 200 ms in tests, but starts 5 s after the context. */
    private static final long MAIL_TIMEOUT_MILLIS = 20_000;
    private static final Pattern CONFIRM_LINK = Pattern.compile("http://localhost[^\\s/]*(/reports/confirm/[A-Za-z0-9_-]+)");

    static final GreenMail mailServer = new GreenMail(ServerSetupTest.SMTP.dynamicPort());

    static {
        mailServer.start();
    }

    @DynamicPropertySource
    static void smtp(DynamicPropertyRegistry registry) {
        registry.add("WARP_SMTP_HOST", () -> "localhost");
        registry.add("WARP_SMTP_PORT", () -> mailServer.getSmtp().getPort());
    }

    @RegisterExtension
    static final BrowserSupport browser = new BrowserSupport();

    @Autowired Fixtures fixtures;
    @Autowired JdbcClient jdbc;
    @Autowired AttributionIndexHolder index;

    private Organisation memberA;
    private Organisation memberB;
    private String address;
    private String subject;
    private String trackingPath;
    private String incidentNumber;
    private String incidentPath;

    @BeforeAll
    void setUp() {
        memberA = fixtures.member();
        memberB = fixtures.member();
        String netA = ReportingTestData.freshNet(jdbc);
        ReportingTestData.hold(jdbc, netA, memberA);
        ReportingTestData.hold(jdbc, ReportingTestData.freshNet(jdbc), memberB);
        index.rebuildNow();
        address = netA + "23";
        subject = "Phishing page " + UUID.randomUUID().toString().substring(0, 8);
    }

    @AfterAll
    void stopMail() {
        mailServer.stop();
    }

    @Test
    @Order(1)
    void aMemberOfThePublicReportsAndConfirmsThroughTheEmailedLink(Page page) throws Exception {
        String email = "reporter-" + UUID.randomUUID().toString().substring(0, 8) + "@example.org";
        page.navigate("/");
        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Report an incident")).click();
        page.waitForURL("/report");
        page.getByLabel("Your e-mail address").fill(email);
        page.getByLabel("Your name or organisation (optional)").fill("Ana Reporter");
        page.getByLabel("Language of our replies").selectOption("en");
        page.getByLabel("Subject").fill(subject);
        page.getByLabel("What happened?").fill("A page imitating our bank's login collects passwords.");
        page.getByLabel("Addresses, URLs and host names involved").fill("http://" + address + "/bank/login.php");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Send the report")).click();

        page.waitForURL("/report/sent");
        assertThat(page.getByRole(AriaRole.STATUS)).containsText("Open the link in it to confirm your report");

        page.navigate(confirmationPathMailedTo(email));
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Confirm the report")).click();
        page.waitForURL(Pattern.compile(".*/reports/track/[A-Za-z0-9_-]+$"));
        trackingPath = page.url().replaceFirst("^https?://[^/]+", "");
        assertThat(page.getByRole(AriaRole.STATUS)).containsText("Your report is confirmed");
        assertThat(page.locator("#track-status")).hasText("Confirmed: waiting for an analyst.");
        assertThat(page.locator("main")).containsText(subject);
    }

    @Test
    @Order(2)
    void theAnalystTriagesItIntoAnIncidentAndNotifiesTheMember(Page page) {
        browser.logIn(fixtures.user(Role.ANALYST));
        reportingNavigation(page).getByRole(AriaRole.LINK, new Locator.GetByRoleOptions().setName("Triage")).click();
        page.waitForURL("/triage");
        Locator row = page.locator("#triage-queue tr", new Page.LocatorOptions().setHasText(subject));
        assertThat(row).containsText(address);
        assertThat(row).containsText(memberA.name());
        row.getByRole(AriaRole.LINK, new Locator.GetByRoleOptions().setName(subject)).click();

        page.waitForURL(Pattern.compile(".*/triage/reports/[0-9a-f-]{36}$"));
        assertThat(page.locator("#report-attributed")).hasText(memberA.name());
        page.getByLabel("Classification (RSIT type)").selectOption("phishing");
        page.getByLabel("Severity").selectOption("HIGH");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Open the incident")).click();

        page.waitForURL(Pattern.compile(".*/incidents/[0-9a-f-]{36}$"));
        incidentPath = page.url().replaceFirst("^https?://[^/]+", "");
        incidentNumber = page.locator("#incident-number").textContent().strip();
        assertThat(page.locator("#incident-state")).hasText("Triaged");
        assertThat(page.locator("#incident-organisation")).hasText(memberA.name());

        page.getByLabel("Message to the member (optional)").fill("Please take the phishing page down.");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Notify the member")).click();
        assertThat(page.locator("#incident-notice")).hasText("The member will be told.");
        assertThat(page.locator("#incident-state")).hasText("Notified");
        assertThat(page.locator("#incident-messages")).containsText("Please take the phishing page down.");

        Page tracker = reporterPage();
        assertThat(tracker.locator("#track-status")).hasText("Being handled as an incident.");
        assertThat(tracker.locator("#track-incident")).hasText(incidentNumber);
        assertThat(tracker.locator("#track-incident-state")).hasText("Notified");
        assertThat(tracker.locator("#track-steps")).containsText("Triaged by an analyst");
        assertThat(tracker.locator("#track-steps")).containsText("The organisation concerned was notified");
        assertThat(tracker.locator("#track-organisation")).hasText("Not shown: the incident is confidential.");
        assertThat(tracker.locator("main")).not().containsText(memberA.name());
    }

    @Test
    @Order(3)
    void theMemberSeesItAcknowledgesAndResolvesIt(Page page) {
        browser.logIn(fixtures.user(memberA, Role.MEMBER));
        reportingNavigation(page).getByRole(AriaRole.LINK, new Locator.GetByRoleOptions().setName("Our incidents")).click();
        page.waitForURL("/incidents");
        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName(incidentNumber)).click();
        page.waitForURL(incidentPath);
        assertThat(page.locator("#incident-state")).hasText("Notified");
        assertThat(page.locator("#incident-messages")).containsText("Please take the phishing page down.");
        assertThat(page.locator("main")).not().containsText("Ana Reporter");

        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Acknowledge")).click();
        assertThat(page.locator("#incident-notice")).hasText("Thank you: the incident is acknowledged.");
        assertThat(page.locator("#incident-state")).hasText("Acknowledged");
        assertThat(reporterPage().locator("#track-steps")).containsText("The organisation acknowledged it");

        page.getByLabel("Your message").fill("The page is gone; we are checking how it got there.");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Send the reply")).click();
        assertThat(page.locator("#incident-messages")).containsText("The page is gone");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Mark as resolved")).click();
        assertThat(page.locator("#incident-state")).hasText("Resolved");

        Page tracker = reporterPage();
        assertThat(tracker.locator("#track-incident-state")).hasText("Resolved");
        Locator steps = tracker.locator("#track-steps li");
        Assertions.assertThat(steps.allTextContents()).anyMatch(s -> s.contains("Incident opened"))
                .anyMatch(s -> s.contains("Triaged by an analyst"))
                .anyMatch(s -> s.contains("The organisation concerned was notified"))
                .anyMatch(s -> s.contains("The organisation acknowledged it"))
                .anyMatch(s -> s.contains("The organisation reports it resolved"));
        assertThat(tracker.locator("main")).not().containsText("The page is gone");
    }

    @Test
    @Order(4)
    void anotherMemberDoesNotSeeTheIncident(Page page) {
        browser.logIn(fixtures.user(memberB, Role.MEMBER));
        reportingNavigation(page).getByRole(AriaRole.LINK, new Locator.GetByRoleOptions().setName("Our incidents")).click();
        page.waitForURL("/incidents");
        assertThat(page.locator("main")).not().containsText(subject);
        assertThat(page.locator("main")).not().containsText(incidentNumber);

        page.navigate(incidentPath);
        assertThat(page.getByRole(AriaRole.ALERT)).hasText("There is nothing at this address.");
        assertThat(page.locator("main")).not().containsText(subject);
    }

    /** The reporter's tracking page, in a browser context of its own (no login, no cookies). */
    private Page reporterPage() {
        Browser chromium = browser.context().browser();
        BrowserContext reporter = chromium.newContext(new Browser.NewContextOptions().setBaseURL(browser.baseUrl())
                .setLocale("en-GB"));
        reporter.setDefaultTimeout(BrowserSupport.TIMEOUT_MILLIS);
        browser.context().onClose(c -> reporter.close());
        Page tracker = reporter.newPage();
        tracker.navigate(trackingPath);
        return tracker;
    }

    private static Locator reportingNavigation(Page page) {
        return page.getByRole(AriaRole.NAVIGATION, new Page.GetByRoleOptions().setName("Incidents"));
    }

    /** Waits for the confirmation mail to the address and returns its link's path, to open on the test server's port. */
    private static String confirmationPathMailedTo(String email) throws Exception {
        long deadline = System.currentTimeMillis() + MAIL_TIMEOUT_MILLIS;
        while (true) {
            for (MimeMessage message : mailServer.getReceivedMessages()) {
                boolean toReporter = Arrays.stream(message.getRecipients(Message.RecipientType.TO))
                        .anyMatch(a -> ((InternetAddress) a).getAddress().equalsIgnoreCase(email));
                if (toReporter) {
                    String body = message.getContent().toString();
                    Matcher link = CONFIRM_LINK.matcher(body);
                    Assertions.assertThat(link.find()).as("a confirmation link in the mail:%n%s", body).isTrue();
                    return link.group(1);
                }
            }
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("No mail to " + email + " reached the SMTP server within "
                        + MAIL_TIMEOUT_MILLIS + " ms; received: " + mailServer.getReceivedMessages().length);
            }
            mailServer.waitForIncomingEmail(500, mailServer.getReceivedMessages().length + 1);
        }
    }
}
