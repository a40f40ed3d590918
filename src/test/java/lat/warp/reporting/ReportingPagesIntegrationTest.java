package lat.warp.reporting;

import static lat.warp.reporting.ReportingTestData.location;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import lat.warp.registry.Organisation;
import lat.warp.registry.internal.AttributionIndexHolder;
import lat.warp.shared.Role;
import lat.warp.testing.Fixtures;
import lat.warp.testing.HttpTestClient;
import lat.warp.testing.WarpIntegrationTest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The reporting pages over HTTP as people use them: the public form (confirmation by the e-mailed link,
 * honeypot, rate limit, refusals explained), the members' form, the triage queue and the incident pages
 * for the analyst, the member concerned and another member, and the reporter's tracking page; each page
 * tried anonymously, as a member, as another member and as an analyst.
 */
@WarpIntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReportingPagesIntegrationTest {

    private static final Pattern INCIDENT_PATH = Pattern.compile("/incidents/([0-9a-f-]{36})$");
    private static final Pattern TRACK_PATH = Pattern.compile("/reports/track/([A-Za-z0-9_-]+)$");

    @LocalServerPort int port;
    @Autowired Fixtures fixtures;
    @Autowired JdbcClient jdbc;
    @Autowired AttributionIndexHolder index;

    private Organisation memberA;
    private String netA;
    private HttpTestClient analyst;
    private HttpTestClient memberAClient;
    private HttpTestClient memberBClient;
    private String subject;
    private String reportId;
    private String incidentId;
    private String trackingPath;

    @BeforeAll
    void setUp() {
        memberA = fixtures.member();
        Organisation memberB = fixtures.member();
        netA = ReportingTestData.freshNet(jdbc);
        ReportingTestData.hold(jdbc, netA, memberA);
        ReportingTestData.hold(jdbc, ReportingTestData.freshNet(jdbc), memberB);
        index.rebuildNow();
        analyst = ReportingTestData.logIn(port, fixtures.user(Role.ANALYST));
        memberAClient = ReportingTestData.logIn(port, fixtures.user(memberA, Role.MEMBER));
        memberBClient = ReportingTestData.logIn(port, fixtures.user(memberB, Role.MEMBER));
        subject = "Phishing site " + UUID.randomUUID().toString().substring(0, 8);
    }

    private static HttpTestClient anonymous(int port) {
        HttpTestClient client = new HttpTestClient(port);
        client.get("/report?lang=en");
        return client;
    }

    private Map<String, String> publicFields(String email) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("email", email);
        fields.put("name", "A. Reporter");
        fields.put("language", "en");
        fields.put("subject", subject);
        fields.put("text", "A phishing page imitating a bank.");
        fields.put("occurredAt", "2026-11-20T10:30");
        fields.put("indicators", netA + "7\nhttp://" + netA + "7/login");
        fields.put("website", "");
        return fields;
    }

    @Test
    @Order(1)
    void thePublicFormHasLabelsCsrfAndAHoneypotHiddenByCss() {
        HttpResponse<String> form = anonymous(port).get("/report");
        assertThat(form.statusCode()).isEqualTo(200);
        assertThat(form.body()).contains("name=\"_csrf\"", "enctype=\"multipart/form-data\"", "<div class=\"hp\" aria-hidden=\"true\">",
                "<label for=\"report-website\">Leave this field empty</label>", "<label for=\"report-email\">",
                "<label for=\"report-attachment\">", "<label for=\"report-when\">", "<label for=\"report-indicators\">")
                .doesNotContain("style=", "<script>");
        assertThat(anonymous(port).get("/report?lang=es").body()).contains("Reportar un incidente de seguridad");
        assertThat(anonymous(port).get("/report?lang=pt").body()).contains("Seu endereço de e-mail");
    }

    @Test
    @Order(2)
    void aPublicReportIsConfirmedByTheEmailedLinkAndThenTracked() {
        HttpTestClient reporter = anonymous(port);
        String email = "reporter-" + UUID.randomUUID().toString().substring(0, 8) + "@example.org";
        HttpResponse<String> sent = reporter.postMultipart("/report", publicFields(email), "attachment", "headers.txt",
                "Received: from evil.example".getBytes(StandardCharsets.UTF_8), "/report");
        assertThat(sent.statusCode()).as(sent.body()).isEqualTo(302);
        assertThat(location(sent)).endsWith("/report/sent");
        assertThat(reporter.get("/report/sent").body()).contains("Check your e-mail", "Open the link in it");

        String token = ReportingTestData.queuedConfirmToken(jdbc, email);
        HttpResponse<String> confirmPage = reporter.get("/reports/confirm/" + token);
        assertThat(confirmPage.statusCode()).isEqualTo(200);
        assertThat(confirmPage.body()).contains("Confirm the report");
        assertThat(confirmPage.headers().firstValue("Cache-Control").orElseThrow()).contains("no-store");

        HttpResponse<String> confirmed = reporter.postForm("/reports/confirm/" + token, Map.of(),
                "/reports/confirm/" + token, true);
        assertThat(confirmed.statusCode()).as(confirmed.body()).isEqualTo(302);
        Matcher track = TRACK_PATH.matcher(location(confirmed));
        assertThat(track.find()).as(location(confirmed)).isTrue();
        trackingPath = track.group();
        HttpResponse<String> tracking = reporter.get(trackingPath);
        assertThat(tracking.statusCode()).isEqualTo(200);
        assertThat(tracking.body()).contains(subject, "Your report is confirmed", "Confirmed: waiting for an analyst.");
        assertThat(new HttpTestClient(port).get(trackingPath + "?lang=en").body()).contains(subject)
                .doesNotContain("Your report is confirmed");

        // The link works once.
        HttpResponse<String> again = reporter.postForm("/reports/confirm/" + token, Map.of(), "/reports/confirm/" + token, true);
        assertThat(again.statusCode()).isEqualTo(404);
        assertThat(again.body()).contains("not valid any more");
        assertThat(reporter.get("/reports/track/not-a-token").body()).contains("This tracking link is not valid.");

        reportId = jdbc.sql("select id::text from reports where reporter_email = ?").param(email).query(String.class).single();
    }

    @Test
    @Order(3)
    void aFilledHoneypotSendsNoMailAndARefusalKeepsWhatWasTyped() {
        HttpTestClient robot = anonymous(port);
        String email = "robot-" + UUID.randomUUID().toString().substring(0, 8) + "@example.org";
        Map<String, String> fields = publicFields(email);
        fields.put("website", "http://spam.example");
        HttpResponse<String> sent = robot.postForm("/report", fields, "/report", true);
        assertThat(location(sent)).endsWith("/report/sent");
        assertThat(jdbc.sql("select count(*) from outbound_mail where recipient = ?").param(email).query(Long.class).single())
                .isZero();

        HttpTestClient person = anonymous(port);
        Map<String, String> bad = publicFields("not an address");
        HttpResponse<String> refused = person.postForm("/report", bad, "/report", true);
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.body()).contains("role=\"alert\"", "Enter an e-mail address we can write to.",
                "value=\"not an address\"", "A phishing page imitating a bank.").doesNotContain("Exception");
        bad = publicFields("someone@example.org");
        bad.put("occurredAt", "yesterday");
        assertThat(person.postForm("/report", bad, "/report", true).body()).contains("“yesterday” is not a date and time.");
        // Without the CSRF token: refused.
        assertThat(person.postForm("/report", publicFields("someone@example.org"), "/report", false).statusCode())
                .isEqualTo(403);
    }

    @Test
    @Order(4)
    void tooManyReportsFromOneAddressAreRefusedWithAReadableMessage() {
        HttpTestClient busy = anonymous(port);
        HttpResponse<String> last = null;
        for (int i = 0; i < 7; i++) {
            last = busy.postForm("/report", publicFields("busy-" + i + "-" + UUID.randomUUID().toString().substring(0, 6)
                    + "@example.org"), "/report", true);
            if (last.statusCode() == 429) {
                break;
            }
            assertThat(last.statusCode()).isEqualTo(302);
        }
        assertThat(last.statusCode()).isEqualTo(429);
        assertThat(last.body()).contains("Too many reports came from your address");
    }

    @Test
    @Order(5)
    void onlyAnalystsOpenTheTriageQueue() {
        HttpTestClient nobody = anonymous(port);
        assertThat(location(nobody.get("/triage"))).endsWith("/login");
        assertThat(location(nobody.get("/incidents"))).endsWith("/login");
        assertThat(location(nobody.get("/reports/new"))).endsWith("/login");
        assertThat(memberAClient.get("/triage").statusCode()).isEqualTo(403);
        assertThat(memberAClient.get("/triage/reports/" + reportId).statusCode()).isEqualTo(403);
        assertThat(memberAClient.get("/triage").body()).doesNotContain(subject);

        HttpResponse<String> queue = analyst.get("/triage");
        assertThat(queue.statusCode()).isEqualTo(200);
        assertThat(queue.body()).contains(subject, netA + "7", memberA.name(), "/triage/reports/" + reportId);
        HttpResponse<String> report = analyst.get("/triage/reports/" + reportId);
        assertThat(report.body()).contains(subject, "A phishing page imitating a bank.", memberA.name(), "headers.txt",
                "Open the incident", "Add to the incident", "Reject the report", "<label for=\"triage-type\">");
        // Navigation by permission.
        assertThat(queue.body()).contains("href=\"/triage\"", "href=\"/incidents\"");
        assertThat(memberAClient.get("/account").body()).contains("href=\"/incidents\"", "Our incidents")
                .doesNotContain("href=\"/triage\"");
    }

    @Test
    @Order(6)
    void theAnalystOpensAnIncidentAndNotifiesTheMember() {
        HttpResponse<String> opened = analyst.postForm("/triage/reports/" + reportId + "/decide",
                Map.of("action", "open", "type", "phishing", "tlp", "AMBER", "severity", "HIGH", "title", subject,
                        "organisation", ""), "/triage/reports/" + reportId, true);
        Matcher m = INCIDENT_PATH.matcher(location(opened));
        assertThat(m.find()).as(location(opened)).isTrue();
        incidentId = m.group(1);
        String page = analyst.get("/incidents/" + incidentId).body();
        assertThat(page).contains("The incident was opened.", "Triaged", "TLP:AMBER", "fraud / phishing", memberA.name(),
                "Notify the member", "Time to triage", "Move to “Closed”");

        // Before the notification the member does not see it.
        assertThat(memberAClient.get("/incidents/" + incidentId).statusCode()).isEqualTo(404);

        analyst.postForm("/incidents/" + incidentId + "/messages", Map.of("audience", "INTERNAL", "body", "Looks real; secret note."),
                "/incidents/" + incidentId, true);
        HttpResponse<String> notified = analyst.postForm("/incidents/" + incidentId + "/notify",
                Map.of("message", "Please take the page down."), "/incidents/" + incidentId, true);
        assertThat(location(notified)).endsWith("/incidents/" + incidentId);
        page = analyst.get("/incidents/" + incidentId).body();
        assertThat(page).contains("The member will be told.", "id=\"incident-state\">Notified<",
                "Internal note (analysts only)", "Looks real; secret note.", "Message to the member");
        analyst.postForm("/incidents/" + incidentId + "/messages", Map.of("audience", "REPORTER", "body", "Thank you, we told them."),
                "/incidents/" + incidentId, true);

        // A transition the state machine forbids is explained, not thrown.
        HttpResponse<String> refused = analyst.postForm("/incidents/" + incidentId + "/state", Map.of("to", "NEW"),
                "/incidents/" + incidentId, true);
        assertThat(analyst.get(location(refused)).body()).contains("That change of state is not allowed from here.");
        assertThat(analyst.get("/incidents").body()).contains(subject, "/incidents/" + incidentId);
    }

    @Test
    @Order(7)
    void theMemberSeesAcknowledgesAndResolvesItAndAnotherMemberNeverSeesIt() {
        HttpResponse<String> list = memberAClient.get("/incidents");
        assertThat(list.statusCode()).isEqualTo(200);
        assertThat(list.body()).contains(subject, "/incidents/" + incidentId);
        String page = memberAClient.get("/incidents/" + incidentId).body();
        assertThat(page).contains(subject, "Please take the page down.", "Acknowledge", "Ask for advice")
                .doesNotContain("secret note", "Internal note", "Notify the member", "A. Reporter");

        assertThat(memberBClient.get("/incidents").body()).doesNotContain(subject);
        assertThat(memberBClient.get("/incidents/" + incidentId).statusCode()).isEqualTo(404);
        assertThat(memberBClient.postForm("/incidents/" + incidentId + "/acknowledge", Map.of(), "/incidents", true)
                .statusCode()).isEqualTo(404);
        assertThat(memberAClient.postForm("/incidents/" + incidentId + "/notify", Map.of("message", "x"), "/incidents", true)
                .statusCode()).isEqualTo(403);

        HttpResponse<String> ack = memberAClient.postForm("/incidents/" + incidentId + "/acknowledge", Map.of(),
                "/incidents/" + incidentId, true);
        assertThat(memberAClient.get(location(ack)).body()).contains("the incident is acknowledged",
                "id=\"incident-state\">Acknowledged<");
        memberAClient.postForm("/incidents/" + incidentId + "/reply", Map.of("body", "We are on it."),
                "/incidents/" + incidentId, true);
        HttpResponse<String> resolved = memberAClient.postForm("/incidents/" + incidentId + "/resolve", Map.of(),
                "/incidents/" + incidentId, true);
        assertThat(memberAClient.get(location(resolved)).body()).contains("id=\"incident-state\">Resolved<", "We are on it.");
        assertThat(analyst.get("/incidents/" + incidentId).body()).contains("We are on it.", "Resolved");
    }

    @Test
    @Order(8)
    void theTrackingPageShowsEachStepAndTheReporterMessagesOnly() {
        String page = new HttpTestClient(port).get(trackingPath + "?lang=en").body();
        assertThat(page).contains("Being handled as an incident.", "Incident opened", "Triaged by an analyst",
                "The organisation concerned was notified", "The organisation acknowledged it",
                "The organisation reports it resolved", "Thank you, we told them.", "Not shown: the incident is confidential.")
                .doesNotContain(memberA.name(), "secret note", "Please take the page down.", "We are on it.");
    }

    @Test
    @Order(9)
    void aMemberReportsThroughItsFormAndGetsItsTrackingLink() {
        HttpResponse<String> form = memberAClient.get("/reports/new");
        assertThat(form.statusCode()).isEqualTo(200);
        assertThat(form.body()).contains("<label for=\"report-type\">", "<label for=\"report-subject\">")
                .doesNotContain("name=\"website\"", "name=\"email\"");
        String own = "Scanner " + UUID.randomUUID().toString().substring(0, 8);
        HttpResponse<String> sent = memberAClient.postForm("/reports/new", Map.of("subject", own, "text",
                "Scans from " + netA + "99", "type", "scanner", "occurredAt", "", "indicators", ""), "/reports/new", true);
        assertThat(location(sent)).endsWith("/reports/sent");
        HttpResponse<String> receipt = memberAClient.get("/reports/sent");
        Matcher link = Pattern.compile("href=\"(/reports/track/[A-Za-z0-9_-]+)\" id=\"tracking-link\"|id=\"tracking-link\" href=\"(/reports/track/[A-Za-z0-9_-]+)\"")
                .matcher(receipt.body());
        assertThat(link.find()).as(receipt.body()).isTrue();
        String path = link.group(1) != null ? link.group(1) : link.group(2);
        assertThat(new HttpTestClient(port).get(path + "?lang=en").body()).contains(own);
        // The link is shown once.
        assertThat(memberAClient.get("/reports/sent").statusCode()).isEqualTo(302);
        HttpResponse<String> empty = memberAClient.postForm("/reports/new", Map.of("subject", "", "text", ""), "/reports/new", true);
        assertThat(empty.statusCode()).isEqualTo(400);
        assertThat(empty.body()).contains("Please fill in");
    }

    @Test
    @Order(10)
    void anAnalystRejectsASpamReport() {
        HttpTestClient reporter = anonymous(port);
        String email = "spam-" + UUID.randomUUID().toString().substring(0, 8) + "@example.org";
        Map<String, String> fields = publicFields(email);
        fields.put("subject", "Buy cheap watches " + email);
        reporter.postForm("/report", fields, "/report", true);
        String token = ReportingTestData.queuedConfirmToken(jdbc, email);
        reporter.postForm("/reports/confirm/" + token, Map.of(), "/reports/confirm/" + token, true);
        String id = jdbc.sql("select id::text from reports where reporter_email = ?").param(email).query(String.class).single();
        HttpResponse<String> rejected = analyst.postForm("/triage/reports/" + id + "/reject", Map.of("reason", "SPAM"),
                "/triage/reports/" + id, true);
        assertThat(location(rejected)).endsWith("/triage");
        assertThat(analyst.get("/triage").body()).contains("The report was rejected.").doesNotContain("Buy cheap watches " + email);
        // The report stays readable, without the decision forms.
        assertThat(analyst.get("/triage/reports/" + id).body()).contains("Closed without action")
                .doesNotContain("id=\"decision-form\"");
    }

    @Test
    @Order(11)
    void anAnalystOpensAnIncidentFromEventsSelectedOnTheEventsPage() throws Exception {
        String time = java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(java.time.ZoneOffset.UTC)
                .format(java.time.Instant.now().minus(java.time.Duration.ofHours(1)));
        String csv = "timestamp,severity,ip,protocol,port,hostname,tag,asn,geo,region,city,naics,hostname_source,sector,"
                + "handshake,rdp_protocol\n" + time + ",high," + netA + "44,tcp,3389,,,28000,UY,,,,,,,\n";
        HttpResponse<String> upload = analyst.postMultipart("/feeds", Map.of("format", "shadowserver", "report", "scan_rdp"),
                "file", "reporting-pages.csv", csv.getBytes(StandardCharsets.UTF_8), "/feeds");
        String job = location(upload);
        java.time.Instant deadline = java.time.Instant.now().plusSeconds(60);
        while (analyst.get(job + "/progress").body().contains("hx-trigger")) {
            assertThat(java.time.Instant.now()).as("feed job still running").isBefore(deadline);
            Thread.sleep(200);
        }

        String events = analyst.get("/events?address=" + netA + "0/24").body();
        Matcher box = Pattern.compile("type=\"checkbox\" name=\"event\" form=\"events-incident-form\"\\s+value=\"([^\"]+)\"")
                .matcher(events);
        assertThat(box.find()).as(events).isTrue();
        String ref = box.group(1).replace("&amp;", "&");
        assertThat(ref).contains("|" + netA + "44|vulnerable-system|" + memberA.id() + "|");
        assertThat(events).contains("id=\"events-incident-form\"", "Open an incident from the selected events");
        assertThat(memberAClient.get("/events").body()).doesNotContain("events-incident-form", "name=\"event\"");

        HttpResponse<String> none = analyst.postForm("/incidents/from-events", Map.of(), "/events", true);
        assertThat(none.statusCode()).isEqualTo(400);
        assertThat(none.body()).contains("Select at least one event.");
        assertThat(memberAClient.postForm("/incidents/from-events", Map.of("event", ref), "/events", true).statusCode())
                .isEqualTo(403);

        HttpResponse<String> form = analyst.postForm("/incidents/from-events", Map.of("event", ref), "/events", true);
        assertThat(form.statusCode()).isEqualTo(200);
        assertThat(form.body()).contains("Events selected: 1", netA + "44", "value=\"" + memberA.id() + "\"",
                "<option value=\"vulnerable-system\" selected=\"selected\">");
        HttpResponse<String> opened = analyst.postForm("/incidents/from-events/open", Map.of("event", ref,
                "type", "vulnerable-system", "tlp", "AMBER", "severity", "MEDIUM", "title", "Exposed RDP",
                "organisation", memberA.id().toString()), "/events", true);
        Matcher m = INCIDENT_PATH.matcher(location(opened));
        assertThat(m.find()).as(location(opened)).isTrue();
        String page = analyst.get(location(opened)).body();
        assertThat(page).contains("Exposed RDP", "id=\"incident-events\"", netA + "44", memberA.name(), "Triaged");
    }
}
