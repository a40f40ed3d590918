package lat.warp.reporting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import lat.warp.events.Tlp;
import lat.warp.identity.Language;
import lat.warp.registry.Organisation;
import lat.warp.shared.Actor;
import lat.warp.shared.Actors;
import lat.warp.shared.InvalidInputException;
import lat.warp.shared.NotFoundException;
import lat.warp.shared.Role;
import lat.warp.shared.TokenScope;
import lat.warp.testing.AuditProbe;
import lat.warp.testing.Fixtures;
import lat.warp.testing.WarpIntegrationTest;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.event.ApplicationEvents;
import org.springframework.test.context.event.RecordApplicationEvents;

/** Reporting end to end against the real database: intake, triage, incidents, tracking, over services and HTTP. */
@WarpIntegrationTest
@RecordApplicationEvents
class ReportingIntegrationTest {

    @Autowired
    Fixtures fixtures;
    @Autowired
    lat.warp.registry.internal.AttributionIndexHolder attributionIndex;
    ReportingScene scene;
    @Autowired
    ReportIntake intake;
    @Autowired
    ReportQueue queue;
    @Autowired
    Incidents incidents;
    @Autowired
    ReportTracking tracking;
    @Autowired
    AuditProbe auditProbe;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    ApplicationEvents events;
    @LocalServerPort
    int port;


    @org.junit.jupiter.api.BeforeEach
    void buildTheScene() {
        scene = new ReportingScene(jdbc, attributionIndex, fixtures, intake, queue, incidents);
    }

    private final HttpClient http = HttpClient.newHttpClient();

    // ---- numbering and the state machine

    @Test
    void incidentsAreNumberedPerYearUniquelyAndInOrder() {
        Organisation member = fixtures.member();
        String net = scene.give(member);
        Incident first = scene.incident(member, net + "10", IncidentState.TRIAGED, Tlp.AMBER);
        Organisation other = fixtures.member();
        Incident second = scene.incident(other, scene.give(other) + "10", IncidentState.TRIAGED, Tlp.AMBER);

        int year = Instant.now().atZone(ZoneOffset.UTC).getYear();
        assertThat(first.number()).matches("WARP-" + year + "-\\d{6}");
        assertThat(second.number()).matches("WARP-" + year + "-\\d{6}").isNotEqualTo(first.number());
        assertThat(second.number()).isGreaterThan(first.number());
        assertThat(jdbc.sql("select count(*) from incidents where number = ?").param(first.number())
                .query(Long.class).single()).isEqualTo(1);
    }

    @Test
    void theServiceFollowsTheStateMachineAndRefusesEveryOtherMove() {
        Organisation member = fixtures.member();
        Incident incident = scene.incident(member, scene.give(member) + "11", IncidentState.TRIAGED, Tlp.AMBER);
        Actor analyst = scene.analyst();

        // Every state reached on the happy path, then the way back through reopening.
        fixtures.as(analyst, () -> {
            assertThat(incidents.notifyMember(incident.id(), "Please take the site down.").state())
                    .isEqualTo(IncidentState.NOTIFIED);
            assertThat(incidents.changeState(incident.id(), IncidentState.ACKNOWLEDGED, null).state())
                    .isEqualTo(IncidentState.ACKNOWLEDGED);
            assertThat(incidents.changeState(incident.id(), IncidentState.RESOLVED, null).state())
                    .isEqualTo(IncidentState.RESOLVED);
            assertThat(incidents.changeState(incident.id(), IncidentState.CLOSED, null).state())
                    .isEqualTo(IncidentState.CLOSED);
            assertThatThrownBy(() -> incidents.changeState(incident.id(), IncidentState.ACKNOWLEDGED, null))
                    .isInstanceOf(IllegalTransitionException.class).hasMessageContaining("CLOSED");
            assertThat(incidents.changeState(incident.id(), IncidentState.REOPENED, "It is back.").state())
                    .isEqualTo(IncidentState.REOPENED);
            assertThat(incidents.triage(incident.id(), new TriageDecision("phishing", Tlp.AMBER, Severity.CRITICAL,
                    null, null)).state()).isEqualTo(IncidentState.TRIAGED);
        });

        IncidentDetail detail = fixtures.as(analyst, () -> incidents.get(incident.id()));
        assertThat(detail.timeline()).extracting(TimelineEntry::kind).containsSubsequence("OPENED", "TRIAGED",
                "NOTIFIED", "ACKNOWLEDGED", "RESOLVED", "CLOSED", "REOPENED", "CLASSIFIED", "TRIAGED");
        assertThat(detail.incident().severity()).isEqualTo(Severity.CRITICAL);
    }

    @Test
    void aForbiddenMoveOverTheApiIsAConflictProblem() throws Exception {
        Organisation member = fixtures.member();
        Incident incident = scene.incident(member, scene.give(member) + "12", IncidentState.TRIAGED, Tlp.AMBER);
        String token = fixtures.token(fixtures.warp(), Role.ANALYST, Instant.now().plus(Duration.ofDays(1)),
                TokenScope.INCIDENTS);

        HttpResponse<String> response = post("/api/v1/incidents/" + incident.id() + "/state",
                "{\"state\": \"RESOLVED\"}", "application/json", token);

        assertThat(response.statusCode()).isEqualTo(409);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                t -> assertThat(t).startsWith("application/problem+json"));
        assertThat(response.body()).contains("TRIAGED").contains("RESOLVED");
    }

    @Test
    void everyChangeNotificationNeedsIsPublishedAsIncidentChanged() {
        Organisation member = fixtures.member();
        Organisation csirt = fixtures.csirt();
        Incident incident = scene.incident(member, scene.give(member) + "13", IncidentState.TRIAGED, Tlp.AMBER);
        Actor analyst = scene.analyst();
        events.clear();

        fixtures.as(analyst, () -> {
            incidents.notifyMember(incident.id(), "Please look.");
            incidents.messageMember(incident.id(), "Any news?");
            incidents.changeState(incident.id(), IncidentState.ACKNOWLEDGED, null);
            incidents.forwardToCsirt(incident.id(), csirt.id(), "Your constituency.");
        });

        List<IncidentChanged> published = events.stream(IncidentChanged.class)
                .filter(e -> e.incident().equals(incident.id())).toList();
        assertThat(published).extracting(IncidentChanged::kind).containsExactly(IncidentChanged.Kind.MEMBER_NOTIFIED,
                IncidentChanged.Kind.MESSAGE_TO_MEMBER, IncidentChanged.Kind.STATE_CHANGED,
                IncidentChanged.Kind.FORWARDED_TO_CSIRT);
        assertThat(published.get(0).organisation()).isEqualTo(member.id());
        assertThat(published.get(0).number()).isEqualTo(incident.number());
        assertThat(published.get(1).message()).isEqualTo("Any news?");
        assertThat(published.get(3).organisation()).isEqualTo(csirt.id());
    }

    // ---- triage

    @Test
    void addressesAreAttributedAndAReportIsQueuedForTheAnalysts() {
        Organisation member = fixtures.member();
        String net = scene.give(member);

        ReportId id = scene.report("Scanning from " + net + "20", "We see scans from " + net
                + "20 and from evil.example.org, see http://evil.example.org/x.", "scanner");

        Report report = Actors.runAsSystem("test", () -> queue.get(id));
        assertThat(report.status()).isEqualTo(ReportStatus.QUEUED);
        assertThat(report.attributedOrganisation()).isEqualTo(member.id().toString());
        assertThat(report.indicators()).anySatisfy(i -> {
            assertThat(i.kind()).isEqualTo("IP");
            assertThat(i.value()).isEqualTo(net + "20");
            assertThat(i.inRegion()).isTrue();
            assertThat(i.registry()).isEqualTo("lacnic");
            assertThat(i.holderId()).isEqualTo(member.id().toString());
        });
        assertThat(report.indicators()).anySatisfy(i -> assertThat(i.kind()).isEqualTo("URL"));
        assertThat(Actors.runAsSystem("test", () -> queue.queue(1000))).extracting(Report::id).contains(id);
    }

    @Test
    void reportsAboutTheSameMemberAndClassificationWithinTheWindowJoinOneOpenIncident() {
        Organisation member = fixtures.member();
        String net = scene.give(member);
        Incident open = scene.incident(member, net + "30", IncidentState.TRIAGED, Tlp.AMBER);

        ReportId sameClass = scene.report("More phishing", "Another phishing page on " + net + "31.", "phishing");
        ReportId otherClass = scene.report("A scanner", "Scans from " + net + "32.", "scanner");

        assertThat(Actors.runAsSystem("test", () -> queue.get(sameClass)))
                .satisfies(r -> assertThat(r.status()).isEqualTo(ReportStatus.ATTACHED))
                .satisfies(r -> assertThat(r.incident()).isEqualTo(open.id()));
        assertThat(Actors.runAsSystem("test", () -> queue.get(otherClass)).status()).isEqualTo(ReportStatus.QUEUED);

        // Past the 24-hour window a new report no longer joins.
        scene.age(open.id(), Duration.ofHours(25));
        ReportId late = scene.report("Phishing again", "Phishing on " + net + "33.", "phishing");
        assertThat(Actors.runAsSystem("test", () -> queue.get(late)).status()).isEqualTo(ReportStatus.QUEUED);
    }

    @Test
    void analystsLinkMergeAndRejectReports() {
        Organisation member = fixtures.member();
        String net = scene.give(member);
        Actor analyst = scene.analyst();
        Incident first = scene.incident(member, net + "40", IncidentState.TRIAGED, Tlp.AMBER);
        ReportId scan = scene.report("Scanner", "Scans from " + net + "41.", "scanner");
        ReportId spam = scene.report("Buy now", "Cheap watches, " + net + "42", "scanner");

        Incident second = fixtures.as(analyst, () -> queue.openIncident(scan,
                new TriageDecision("scanner", Tlp.GREEN, Severity.LOW, null, "Scanning")));
        assertThat(second.organisation()).isEqualTo(member.id().toString());
        assertThat(second.state()).isEqualTo(IncidentState.TRIAGED);

        Incident merged = fixtures.as(analyst, () -> incidents.merge(second.id(), first.id()));
        assertThat(merged.id()).isEqualTo(first.id());
        assertThat(fixtures.as(analyst, () -> incidents.get(second.id())).incident())
                .satisfies(i -> assertThat(i.mergedInto()).isEqualTo(first.id()))
                .satisfies(i -> assertThat(i.state()).isEqualTo(IncidentState.CLOSED));
        assertThat(fixtures.as(analyst, () -> incidents.get(first.id())).reports()).extracting(Report::id)
                .contains(scan);

        Report rejected = fixtures.as(analyst, () -> queue.reject(spam, RejectReason.SPAM, "advertising"));
        assertThat(rejected.status()).isEqualTo(ReportStatus.REJECTED);
        assertThat(rejected.rejectedReason()).startsWith("SPAM");
        assertThat(rejected.incident()).isNull();
        assertThatThrownBy(() -> fixtures.as(analyst, () -> queue.openIncident(spam,
                new TriageDecision("scanner", Tlp.GREEN, Severity.LOW, null, "Scanning"))))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("closed as rejected");
    }

    // ---- out of region and CSIRTs

    @Test
    void aReportWhoseAddressesAreAllOutsideTheRegionIsAnsweredWithTheRirAndGetsNoIncident() {
        String reporter = ScenePublic.confirmedReport(this, "Phishing on 8.8.8.8",
                "Please take down the phishing page on 8.8.8.8", Language.PT);
        ReportId id = lastReportOf(reporter);

        Report report = Actors.runAsSystem("test", () -> queue.get(id));
        assertThat(report.status()).isEqualTo(ReportStatus.OUT_OF_REGION);
        assertThat(report.incident()).isNull();
        assertThat(report.outOfRegionRegistries()).isEqualTo("arin");
        List<String[]> mail = scene.mailTo(reporter);
        assertThat(mail).hasSize(2);
        assertThat(mail.get(1)[0]).contains("fora da nossa região");
        assertThat(mail.get(1)[1]).contains("ARIN").contains("Obrigado");
    }

    @Test
    void aReportCanBeForwardedToTheCsirtOfItsCountryWhichSeesItInItsQueue() {
        Organisation member = fixtures.member();
        String net = scene.give(member);
        Organisation csirt = fixtures.csirt();
        Fixtures.TestUser csirtUser = fixtures.user(csirt, Role.CSIRT);
        ReportId id = scene.report("Malware", "Malware hosted at " + net + "50.", "malware-distribution");
        Actor analyst = scene.analyst();

        assertThat(fixtures.as(analyst, () -> queue.csirtsFor(id))).extracting(Organisation::id).contains(csirt.id());
        Incident incident = fixtures.as(analyst, () -> queue.forwardToCsirt(id, csirt.id(),
                new TriageDecision("malware-distribution", Tlp.AMBER, Severity.HIGH, null, null), "For you."));

        assertThat(incident.forwardedTo()).isEqualTo(csirt.id().toString());
        assertThat(Actors.runAsSystem("test", () -> queue.get(id)).status()).isEqualTo(ReportStatus.FORWARDED);
        IncidentPage seen = fixtures.as(csirtUser.actor(), () -> incidents.list(IncidentFilter.all()));
        assertThat(seen.items()).extracting(Incident::id).contains(incident.id());
        IncidentDetail detail = fixtures.as(csirtUser.actor(), () -> incidents.get(incident.id()));
        assertThat(detail.timeline()).extracting(TimelineEntry::kind).contains("FORWARDED");
        assertThat(detail.reports()).isEmpty();
        assertThat(jdbc.sql("select count(*) from incident_forwards where incident_id = ? and csirt_id = ?")
                .params(incident.id().value(), csirt.id().value()).query(Long.class).single()).isEqualTo(1);
        // The CSIRT acts on it as its own.
        fixtures.as(csirtUser.actor(), () -> incidents.acknowledge(incident.id(), "On it."));
    }

    // ---- the member's side, and other organisations

    @Test
    void aMemberSeesItsIncidentOnceNotifiedAndActsOnIt() {
        Organisation member = fixtures.member();
        Fixtures.TestUser user = fixtures.user(member, Role.MEMBER);
        Incident incident = scene.incident(member, scene.give(member) + "60", IncidentState.TRIAGED, Tlp.AMBER);
        Actor analyst = scene.analyst();
        fixtures.as(analyst, () -> incidents.addNote(incident.id(), "Internal: the reporter is a known researcher."));

        assertThat(fixtures.as(user.actor(), () -> incidents.list(IncidentFilter.all())).items()).isEmpty();
        assertThatThrownBy(() -> fixtures.as(user.actor(), () -> incidents.get(incident.id())))
                .isInstanceOf(NotFoundException.class);

        fixtures.as(analyst, () -> incidents.notifyMember(incident.id(), "Please take the site down."));
        fixtures.as(user.actor(), () -> {
            assertThat(incidents.list(IncidentFilter.all()).items()).extracting(Incident::id).containsExactly(incident.id());
            IncidentDetail detail = incidents.get(incident.number());
            assertThat(detail.messages()).extracting(IncidentMessage::body).contains("Please take the site down.")
                    .doesNotContain("Internal: the reporter is a known researcher.");
            assertThat(detail.reports()).isEmpty();
            assertThat(incidents.acknowledge(incident.id(), "Looking into it.").state())
                    .isEqualTo(IncidentState.ACKNOWLEDGED);
            incidents.reply(incident.id(), "We found the account.");
            assertThat(incidents.askAdvice(incident.id(), "How do we clean the CMS?").adviceRequested()).isTrue();
            assertThat(incidents.resolve(incident.id(), "Removed.").state()).isEqualTo(IncidentState.RESOLVED);
        });
        assertThat(fixtures.as(analyst, () -> incidents.get(incident.id())).messages())
                .extracting(IncidentMessage::body).contains("We found the account.", "How do we clean the CMS?");
    }

    @Test
    void anotherOrganisationCannotSeeOrActOnAnIncidentAndLearnsNotEvenThatItExists() throws Exception {
        Organisation a = fixtures.member();
        Organisation b = fixtures.member();
        Incident incident = scene.incident(a, scene.give(a) + "70", IncidentState.NOTIFIED, Tlp.AMBER);
        Instant expiry = Instant.now().plus(Duration.ofDays(1));
        String tokenOfB = fixtures.token(b, Role.MEMBER_ADMIN, expiry, TokenScope.INCIDENTS);
        String tokenOfA = fixtures.token(a, Role.MEMBER, expiry, TokenScope.INCIDENTS);
        long before = auditProbe.lastSeq();

        for (String path : List.of("/api/v1/incidents/" + incident.id(), "/api/v1/incidents/" + incident.number(),
                "/api/v1/incidents/" + incident.id() + "/iodef")) {
            assertThat(get(path, tokenOfB).statusCode()).as(path).isEqualTo(404);
        }
        for (String action : List.of("acknowledge", "resolve")) {
            assertThat(post("/api/v1/incidents/" + incident.id() + "/" + action, "{}", "application/json", tokenOfB)
                    .statusCode()).as(action).isEqualTo(404);
        }
        assertThat(post("/api/v1/incidents/" + incident.id() + "/reply", "{\"text\": \"hi\"}", "application/json",
                tokenOfB).statusCode()).isEqualTo(404);
        assertThat(get("/api/v1/incidents", tokenOfB).body()).doesNotContain(incident.id().toString());
        assertThat(auditProbe.since(before, "ACCESS_DENIED")).hasSizeGreaterThanOrEqualTo(6);
        assertThat(fixtures.as(scene.analyst(), () -> incidents.get(incident.id())).incident().state())
                .isEqualTo(IncidentState.NOTIFIED);

        // Its own organisation reads it, by id and by number.
        HttpResponse<String> own = get("/api/v1/incidents/" + incident.number(), tokenOfA);
        assertThat(own.statusCode()).isEqualTo(200);
        assertThat(own.body()).contains(incident.number());
        assertThat(get("/api/v1/incidents?state=NOTIFIED", tokenOfA).body()).contains(incident.id().toString());
    }

    @Test
    void readingAConfidentialIncidentIsAudited() {
        Organisation member = fixtures.member();
        Incident incident = scene.incident(member, scene.give(member) + "71", IncidentState.TRIAGED, Tlp.RED);
        long before = auditProbe.lastSeq();

        fixtures.as(scene.analyst(), () -> incidents.get(incident.id()));

        assertThat(auditProbe.since(before, "CONFIDENTIAL_READ")).anySatisfy(e -> {
            assertThat(e.objectType()).isEqualTo("incident");
            assertThat(e.objectId()).isEqualTo(incident.id().toString());
        });
    }

    // ---- the reporter's side

    @Test
    void theTrackingViewHidesTheMemberUnderAmberAndShowsItUnderGreen() {
        Organisation member = fixtures.member();
        String net = scene.give(member);
        SubmittedReport submitted = Actors.runAsSystem("test", () -> intake.submitAsMember(new MemberReport(
                "Defacement", "Our page at " + net + "80 was defaced.", "defacement", List.of())));
        Actor analyst = scene.analyst();
        Incident incident = fixtures.as(analyst, () -> queue.openIncident(submitted.reportId(),
                new TriageDecision("defacement", Tlp.AMBER, Severity.MEDIUM, null, null)));
        fixtures.as(analyst, () -> {
            incidents.notifyMember(incident.id(), "Fix it.");
            incidents.addNote(incident.id(), "secret note");
            incidents.messageReporter(incident.id(), "Thank you, the holder was told.");
        });

        TrackingView amber = tracking.view(submitted.trackingToken());
        assertThat(amber.incidentNumber()).isEqualTo(incident.number());
        assertThat(amber.incidentState()).isEqualTo(IncidentState.NOTIFIED);
        assertThat(amber.memberName()).isNull();
        assertThat(amber.steps()).extracting(TimelineEntry::kind).contains("OPENED", "NOTIFIED")
                .doesNotContain("NOTE", "MESSAGE_TO_MEMBER");
        assertThat(amber.steps()).allSatisfy(s -> assertThat(s.actorLabel()).isEqualTo("WARP"));
        assertThat(amber.steps()).allSatisfy(s -> assertThat(String.valueOf(s.detail())).doesNotContain(member.name()));
        assertThat(amber.messages()).extracting(IncidentMessage::body).containsExactly("Thank you, the holder was told.");

        fixtures.as(analyst, () -> incidents.triage(incident.id(), new TriageDecision("defacement", Tlp.GREEN,
                Severity.MEDIUM, null, null)));
        assertThat(tracking.view(submitted.trackingToken()).memberName()).isEqualTo(member.name());

        assertThatThrownBy(() -> tracking.view("not-a-token")).isInstanceOf(NotFoundException.class);
        assertThat(jdbc.sql("select count(*) from reports where tracking_hash = ?")
                .param(submitted.trackingToken().getBytes(StandardCharsets.UTF_8)).query(Long.class).single()).isZero();
    }

    @Test
    void thePublicFormConfirmsTheAddressFirstCatchesRobotsAndLimitsEachAddress() {
        String address = "203.0.113." + (1 + (int) (Math.random() * 250));
        String reporter = ScenePublic.uniqueEmail();
        SubmittedReport submitted = intake.submitPublic(new PublicReport(reporter, "Ana", Language.ES, "Phishing",
                "Phishing at 8.8.4.4", null, address, List.of()));
        assertThat(Actors.runAsSystem("test", () -> queue.get(submitted.reportId())).status())
                .isEqualTo(ReportStatus.UNCONFIRMED);
        assertThat(scene.mailTo(reporter)).singleElement().satisfies(m -> assertThat(m[1]).contains("/reports/confirm/"));

        SubmittedReport robot = intake.submitPublic(new PublicReport(ScenePublic.uniqueEmail(), null, Language.EN,
                "Hi", "Buy", "http://spam.example", address, List.of()));
        assertThat(Actors.runAsSystem("test", () -> queue.get(robot.reportId())))
                .satisfies(r -> assertThat(r.status()).isEqualTo(ReportStatus.REJECTED));

        for (int i = 0; i < 3; i++) {
            intake.submitPublic(new PublicReport(ScenePublic.uniqueEmail(), null, Language.EN, "Report " + i,
                    "About 8.8.8.8", null, address, List.of()));
        }
        assertThatThrownBy(() -> intake.submitPublic(new PublicReport(ScenePublic.uniqueEmail(), null, Language.EN,
                "One too many", "About 8.8.8.8", null, address, List.of())))
                .isInstanceOf(ReportRateLimitedException.class);
    }

    // ---- attachments

    @Test
    void attachmentsAreTypedByTheirBytesLimitedInSizeAndServedInert() throws Exception {
        Organisation member = fixtures.member();
        Incident incident = scene.incident(member, scene.give(member) + "90", IncidentState.TRIAGED, Tlp.AMBER);
        Actor analyst = scene.analyst();
        byte[] pdf = "%PDF-1.7\n1 0 obj <<>> endobj\n".getBytes(StandardCharsets.ISO_8859_1);

        AttachmentInfo info = fixtures.as(analyst, () -> incidents.addAttachment(incident.id(),
                new Upload("screenshot.png", pdf), false));
        assertThat(info.sniffedType()).isEqualTo("application/pdf");
        assertThat(info.size()).isEqualTo(pdf.length);
        assertThatThrownBy(() -> fixtures.as(analyst, () -> incidents.addAttachment(incident.id(),
                new Upload("big.bin", new byte[10 * 1024 * 1024 + 1]), false)))
                .isInstanceOf(ReportTooLargeException.class);

        String token = fixtures.token(fixtures.warp(), Role.ANALYST, Instant.now().plus(Duration.ofDays(1)),
                TokenScope.INCIDENTS);
        HttpResponse<String> download = get("/api/v1/incidents/" + incident.id() + "/attachments/" + info.id(), token);
        assertThat(download.statusCode()).isEqualTo(200);
        assertThat(download.headers().firstValue("Content-Type")).hasValue("application/octet-stream");
        assertThat(download.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(download.headers().firstValue("Content-Disposition")).hasValueSatisfying(
                d -> assertThat(d).startsWith("attachment"));

        HttpResponse<String> html = post("/api/v1/incidents/" + incident.id() + "/attachments?filename=x.pdf",
                "<html><script>alert(1)</script></html>", "application/pdf", token);
        assertThat(html.statusCode()).isEqualTo(201);
        assertThat(html.body()).contains("\"sniffedType\":\"text/html\"");
    }

    // ---- the API

    @Test
    void theApiTakesJsonMailAndIodefAndAnswers201WithATrackingUrl() throws Exception {
        Organisation member = fixtures.member();
        String net = scene.give(member);
        String token = fixtures.token(member, Role.MEMBER, Instant.now().plus(Duration.ofDays(1)), TokenScope.REPORTS);

        HttpResponse<String> json = post("/api/v1/reports", """
                {"subject": "Brute force", "description": "SSH brute force from %s1", "classification": "brute-force",
                 "reporterEmail": "soc@example.org"}""".formatted(net), "application/json", token);
        HttpResponse<String> mail = post("/api/v1/reports", """
                From: SOC <soc@example.org>
                To: abuse@warp.example
                Subject: Scanner at %s2
                Message-ID: <%s@example.org>
                Content-Type: text/plain; charset=utf-8

                We see scanning from %s2 since yesterday.
                """.formatted(net, java.util.UUID.randomUUID(), net).replace("\n", "\r\n"), "message/rfc822", token);
        HttpResponse<String> iodef = post("/api/v1/reports", """
                <?xml version="1.0" encoding="UTF-8"?>
                <IODEF-Document version="2.00" xmlns="urn:ietf:params:xml:ns:iodef-2.0">
                  <Incident purpose="reporting">
                    <IncidentID name="csirt.example">42</IncidentID>
                    <GenerationTime>2026-11-23T10:00:00Z</GenerationTime>
                    <Description>Phishing site</Description>
                    <Contact role="creator" type="organization"><Email><EmailTo>csirt@example.org</EmailTo></Email></Contact>
                    <EventData><Flow><System category="source"><Node>
                      <Address category="ipv4-addr">%s3</Address>
                    </Node></System></Flow></EventData>
                  </Incident>
                </IODEF-Document>""".formatted(net), "application/xml", token);

        for (HttpResponse<String> response : List.of(json, mail, iodef)) {
            assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
            assertThat(response.body()).contains("\"reportId\"").contains("\"trackingUrl\"")
                    .contains("/reports/track/");
            assertThat(response.headers().firstValue("Location")).isPresent();
        }
        ReportId fromMail = ReportId.of(field(mail.body(), "reportId"));
        Report report = Actors.runAsSystem("test", () -> queue.get(fromMail));
        assertThat(report.format()).isEqualTo("EMAIL_TEXT");
        assertThat(report.indicators()).extracting(ReportIndicator::value).contains(net + "2");
        Report fromIodef = Actors.runAsSystem("test", () -> queue.get(ReportId.of(field(iodef.body(), "reportId"))));
        assertThat(fromIodef.format()).isEqualTo("IODEF");
        assertThat(fromIodef.indicators()).extracting(ReportIndicator::value).contains(net + "3");
        assertThat(fromIodef.attributedOrganisation()).isEqualTo(member.id().toString());
        AttachmentContent raw = Actors.runAsSystem("test", () -> queue.raw(fromMail));
        assertThat(new String(raw.content(), StandardCharsets.UTF_8)).contains("Message-ID:");

        // An anonymous caller is asked to authenticate; a broken body is still a report, kept raw for triage.
        assertThat(post("/api/v1/reports", "{}", "application/json", null).statusCode()).isEqualTo(401);
        HttpResponse<String> broken = post("/api/v1/reports", "<IODEF-Document><Incident>", "application/xml", token);
        assertThat(broken.statusCode()).isEqualTo(201);
        Report brokenReport = Actors.runAsSystem("test", () -> queue.get(ReportId.of(field(broken.body(), "reportId"))));
        assertThat(brokenReport.status()).isEqualTo(ReportStatus.QUEUED);
        assertThat(brokenReport.problems()).isNotEmpty();
    }

    @Test
    void anIncidentIsExportedAsIodefAndOpenedFromFeedEvents() throws Exception {
        Organisation member = fixtures.member();
        String net = scene.give(member);
        Actor analyst = scene.analyst();
        Instant seen = Instant.parse("2026-11-20T08:00:00Z");
        Incident incident = fixtures.as(analyst, () -> incidents.openFromEvents(List.of(
                new EventRef(seen, net + "100", "scanner", "shadowserver-scan_rdp"),
                new EventRef(seen.plusSeconds(60), net + "101", "scanner", null)),
                new TriageDecision("scanner", Tlp.GREEN, Severity.LOW, member.id().toString(), null)));

        assertThat(incident.state()).isEqualTo(IncidentState.TRIAGED);
        assertThat(incident.organisation()).isEqualTo(member.id().toString());
        assertThat(fixtures.as(analyst, () -> incidents.addEvidence(incident.id(),
                List.of(new EventRef(seen, net + "100", "scanner", null))))).isZero();
        assertThat(fixtures.as(analyst, () -> incidents.get(incident.id())).evidence()).hasSize(2);

        String token = fixtures.token(fixtures.warp(), Role.ANALYST, Instant.now().plus(Duration.ofDays(1)),
                TokenScope.INCIDENTS);
        HttpResponse<String> iodef = get("/api/v1/incidents/" + incident.id() + "/iodef", token);
        assertThat(iodef.statusCode()).isEqualTo(200);
        assertThat(iodef.body()).contains("IODEF-Document").contains(incident.number());
    }

    @Test
    void theSlaClocksMarkALateIncidentOverdue() {
        Organisation member = fixtures.member();
        Incident incident = scene.incident(member, scene.give(member) + "110", IncidentState.TRIAGED, Tlp.AMBER);
        Actor analyst = scene.analyst();
        assertThat(incident.sla().notifyDue()).isNotNull();
        assertThat(incident.overdue()).isFalse();

        scene.age(incident.id(), Duration.ofHours(30));

        Incident late = fixtures.as(analyst, () -> incidents.get(incident.id())).incident();
        assertThat(late.overdue()).isTrue();
        assertThat(fixtures.as(analyst, () -> incidents.list(new IncidentFilter(null, true, 0, 200))).items())
                .extracting(Incident::id).contains(incident.id());
        Incident notified = fixtures.as(analyst, () -> incidents.notifyMember(incident.id(), "Late, sorry."));
        assertThat(notified.sla().notifyDue()).isNull();
        assertThat(notified.sla().acknowledgeDue()).isNotNull();
        assertThat(notified.overdue()).isFalse();
    }

    @Test
    void thePublicLinksWorkWithoutAnAccountAndTheEndpointsAreDocumented() throws Exception {
        String reporter = ScenePublic.uniqueEmail();
        SubmittedReport submitted = intake.submitPublic(new PublicReport(reporter, null, Language.ES, "Phishing",
                "Phishing en 8.8.8.8", null, "192.0.2." + (1 + (int) (Math.random() * 250)), List.of()));
        Matcher m = Pattern.compile("/reports/confirm/([A-Za-z0-9_-]+)").matcher(scene.mailTo(reporter).getFirst()[1]);
        assertThat(m.find()).isTrue();

        HttpResponse<String> confirmed = post("/api/v1/reports/confirm/" + m.group(1), "", "application/json", null);
        assertThat(confirmed.statusCode()).isEqualTo(200);
        assertThat(confirmed.body()).contains(submitted.reportId().toString());
        assertThat(post("/api/v1/reports/confirm/" + m.group(1), "", "application/json", null).statusCode())
                .isEqualTo(404);

        // The tracking secret is made at confirmation, answered once and e-mailed to the confirmed address.
        Matcher tracking = Pattern.compile("/reports/track/([A-Za-z0-9_-]+)").matcher(confirmed.body());
        assertThat(tracking.find()).isTrue();
        assertThat(scene.mailTo(reporter)).anySatisfy(mail -> assertThat(mail[1]).contains(tracking.group()));
        HttpResponse<String> tracked = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port
                + "/api/v1/reports/track/" + tracking.group(1))).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(tracked.statusCode()).isEqualTo(200);
        assertThat(tracked.body()).contains("\"status\":\"OUT_OF_REGION\"").contains("arin");
        assertThat(http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port
                + "/api/v1/reports/track/" + submitted.trackingToken())).GET().build(),
                HttpResponse.BodyHandlers.ofString()).statusCode()).as("the never-shown submission secret").isEqualTo(404);

        HttpResponse<String> docs = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port
                + "/v3/api-docs")).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(docs.body()).contains("/api/v1/reports").contains("/api/v1/incidents/{id}/acknowledge")
                .contains("/api/v1/incidents/{id}/state").contains("/api/v1/incidents/from-events");
    }

    // ---------------------------------------------------------------------------------------------

    /** The public form's confirmation round trip. */
    static final class ScenePublic {
        static String uniqueEmail() {
            return ReportingScene.uniqueEmail("public");
        }

        static String confirmedReport(ReportingIntegrationTest test, String subject, String description,
                Language language) {
            String reporter = uniqueEmail();
            test.intake.submitPublic(new PublicReport(reporter, "Reporter", language, subject, description, null,
                    "192.0.2." + (1 + (int) (Math.random() * 250)), List.of()));
            String body = test.scene.mailTo(reporter).getFirst()[1];
            Matcher m = Pattern.compile("/reports/confirm/([A-Za-z0-9_-]+)").matcher(body);
            assertThat(m.find()).as(body).isTrue();
            test.intake.confirmReporterEmail(m.group(1));
            return reporter;
        }
    }

    private ReportId lastReportOf(String reporter) {
        return new ReportId(jdbc.sql("select id from reports where reporter_email = ? order by received_at desc limit 1")
                .param(reporter).query(java.util.UUID.class).single());
    }

    private static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\"\\s*:\\s*\"([^\"]+)\"").matcher(json);
        assertThat(m.find()).as(json).isTrue();
        return m.group(1);
    }

    private HttpResponse<String> get(String path, String token) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Authorization", "Bearer " + token).header("Accept", "application/json, */*;q=0.5").GET()
                .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, String body, String contentType, @Nullable String token)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Content-Type", contentType).header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
