package lat.warp.reporting;

import static lat.warp.reporting.ReportingAccessMatrixIntegrationTest.UseCase.*;
import static lat.warp.testing.AccessMatrix.NO;
import static lat.warp.testing.AccessMatrix.YES;
import static lat.warp.testing.AccessMatrix.row;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;
import lat.warp.events.Tlp;
import lat.warp.identity.ApiTokens;
import lat.warp.identity.Language;
import lat.warp.registry.Organisation;
import lat.warp.registry.Organisations;
import lat.warp.shared.AccessDeniedException;
import lat.warp.shared.Actor;
import lat.warp.shared.Actors;
import lat.warp.shared.NotFoundException;
import lat.warp.shared.OrganisationKind;
import lat.warp.shared.Role;
import lat.warp.shared.TokenScope;
import lat.warp.testing.AccessMatrix;
import lat.warp.testing.AccessMatrix.Caller;
import lat.warp.testing.AccessMatrix.Case;
import lat.warp.testing.Fixtures;
import lat.warp.testing.WarpIntegrationTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Every role, as a logged-in user and as an API token with every scope, and the anonymous public, against
 * every reporting use case. The expected outcomes are the hand-written table below, read off DESIGN.md
 * section 2 and issue 5, never recomputed from RolePermissions. A refusal is either a 403
 * (AccessDeniedException) or, for an incident the caller may not see, a 404 (NotFoundException); both leave
 * an ACCESS_DENIED audit entry.
 */
@WarpIntegrationTest
class ReportingAccessMatrixIntegrationTest {

    /** The service methods under test; "own" incidents concern the caller's organisation, "other" another's. */
    enum UseCase {
        SUBMIT_PUBLIC_REPORT("submit a report through the public form"),
        CONFIRM_REPORTER_EMAIL("confirm a public reporter's address"),
        TRACK_REPORT("follow a report with its tracking link"),
        SUBMIT_MEMBER_REPORT("submit a report through the members' form"),
        SUBMIT_API_REPORT("submit a report through the API"),
        READ_REPORT_QUEUE("read the analysts' report queue"),
        READ_REPORT("read a report"),
        READ_RAW_REPORT("read a raw report"),
        OPEN_INCIDENT_FROM_REPORT("open an incident from a report"),
        ATTACH_REPORT_TO_INCIDENT("add a report to an incident"),
        REJECT_REPORT("reject a report"),
        FORWARD_REPORT_TO_CSIRT("forward a report to a CSIRT"),
        LIST_INCIDENTS("list the incidents it may see"),
        READ_OWN_INCIDENT("read an incident of its own organisation"),
        READ_OTHER_INCIDENT("read an incident of another organisation"),
        EXPORT_OWN_INCIDENT_IODEF("export an incident of its own organisation as IODEF"),
        ACKNOWLEDGE_OWN_INCIDENT("acknowledge an incident of its own organisation"),
        ACKNOWLEDGE_OTHER_INCIDENT("acknowledge an incident of another organisation"),
        REPLY_ON_OWN_INCIDENT("reply on an incident of its own organisation"),
        REPLY_ON_OTHER_INCIDENT("reply on an incident of another organisation"),
        RESOLVE_OWN_INCIDENT("resolve an incident of its own organisation"),
        ASK_ADVICE_ON_OWN_INCIDENT("ask for advice on an incident of its own organisation"),
        ADD_FILE_TO_OWN_INCIDENT("add a file to an incident of its own organisation"),
        TRIAGE_INCIDENT("triage an incident"),
        NOTIFY_MEMBER("notify the member of an incident"),
        CHANGE_INCIDENT_STATE("change an incident's state"),
        ASSIGN_INCIDENT("assign an incident to an analyst"),
        WRITE_INTERNAL_NOTE("write an internal note"),
        MESSAGE_MEMBER("write to the member"),
        MESSAGE_REPORTER("write to the reporter"),
        MERGE_INCIDENTS("merge two incidents"),
        FORWARD_INCIDENT_TO_CSIRT("forward an incident to a CSIRT"),
        ADD_EVIDENCE("add feed events to an incident"),
        OPEN_INCIDENT_FROM_EVENTS("open an incident from feed events");

        final String sentence;

        UseCase(String sentence) {
            this.sentence = sentence;
        }
    }

    // Issue 5: anyone reports through the public form and follows a report with its link; every logged-in
    // role but officers reports through the members' form and the API; analysts and administrators triage and
    // run every incident; members, member administrators and CSIRTs see and act on their own organisation's
    // incidents only; officers have nothing to do with incidents.
    private static final AccessMatrix.Table<UseCase> EXPECTED = AccessMatrix.table(UseCase.class, u -> u.sentence,
            //                            ADMIN ANALYST OFFICER MEMBER_ADMIN MEMBER CSIRT anonymous
            row(SUBMIT_PUBLIC_REPORT,        YES, YES,    YES,    YES,         YES,   YES,  YES),
            row(CONFIRM_REPORTER_EMAIL,      YES, YES,    YES,    YES,         YES,   YES,  YES),
            row(TRACK_REPORT,                YES, YES,    YES,    YES,         YES,   YES,  YES),
            row(SUBMIT_MEMBER_REPORT,        YES, YES,    NO,     YES,         YES,   YES,  NO),
            row(SUBMIT_API_REPORT,           YES, YES,    NO,     YES,         YES,   YES,  NO),
            row(READ_REPORT_QUEUE,           YES, YES,    NO,     NO,          NO,    NO,   NO),
            row(READ_REPORT,                 YES, YES,    NO,     NO,          NO,    NO,   NO),
            row(READ_RAW_REPORT,             YES, YES,    NO,     NO,          NO,    NO,   NO),
            row(OPEN_INCIDENT_FROM_REPORT,   YES, YES,    NO,     NO,          NO,    NO,   NO),
            row(ATTACH_REPORT_TO_INCIDENT,   YES, YES,    NO,     NO,          NO,    NO,   NO),
            row(REJECT_REPORT,               YES, YES,    NO,     NO,          NO,    NO,   NO),
            row(FORWARD_REPORT_TO_CSIRT,     YES, YES,    NO,     NO,          NO,    NO,   NO),
            row(LIST_INCIDENTS,              YES, YES,    NO,     YES,         YES,   YES,  NO),
            row(READ_OWN_INCIDENT,           YES, YES,    NO,     YES,         YES,   YES,  NO),
            row(READ_OTHER_INCIDENT,         YES, YES,    NO,     NO,          NO,    NO,   NO),
            row(EXPORT_OWN_INCIDENT_IODEF,   YES, YES,    NO,     YES,         YES,   YES,  NO),
            row(ACKNOWLEDGE_OWN_INCIDENT,    YES, YES,    NO,     YES,         YES,   YES,  NO),
            row(ACKNOWLEDGE_OTHER_INCIDENT,  YES, YES,    NO,     NO,          NO,    NO,   NO),
            row(REPLY_ON_OWN_INCIDENT,       YES, YES,    NO,     YES,         YES,   YES,  NO),
            row(REPLY_ON_OTHER_INCIDENT,     YES, YES,    NO,     NO,          NO,    NO,   NO),
            row(RESOLVE_OWN_INCIDENT,        YES, YES,    NO,     YES,         YES,   YES,  NO),
            row(ASK_ADVICE_ON_OWN_INCIDENT,  YES, YES,    NO,     YES,         YES,   YES,  NO),
            row(ADD_FILE_TO_OWN_INCIDENT,    YES, YES,    NO,     YES,         YES,   YES,  NO),
            row(TRIAGE_INCIDENT,             YES, YES,    NO,     NO,          NO,    NO,   NO),
            row(NOTIFY_MEMBER,               YES, YES,    NO,     NO,          NO,    NO,   NO),
            row(CHANGE_INCIDENT_STATE,       YES, YES,    NO,     NO,          NO,    NO,   NO),
            row(ASSIGN_INCIDENT,             YES, YES,    NO,     NO,          NO,    NO,   NO),
            row(WRITE_INTERNAL_NOTE,         YES, YES,    NO,     NO,          NO,    NO,   NO),
            row(MESSAGE_MEMBER,              YES, YES,    NO,     NO,          NO,    NO,   NO),
            row(MESSAGE_REPORTER,            YES, YES,    NO,     NO,          NO,    NO,   NO),
            row(MERGE_INCIDENTS,             YES, YES,    NO,     NO,          NO,    NO,   NO),
            row(FORWARD_INCIDENT_TO_CSIRT,   YES, YES,    NO,     NO,          NO,    NO,   NO),
            row(ADD_EVIDENCE,                YES, YES,    NO,     NO,          NO,    NO,   NO),
            row(OPEN_INCIDENT_FROM_EVENTS,   YES, YES,    NO,     NO,          NO,    NO,   NO));

    static Stream<Case<UseCase>> cases() {
        return EXPECTED.cases();
    }

    /** One caller's world, made once per caller: the actor, its organisation and its /24. */
    private record Scene(Actor actor, Organisation own, String ownNet) {
    }

    private static final Map<Caller, Scene> SCENES = new ConcurrentHashMap<>();

    @Autowired
    Fixtures fixtures;
    @Autowired
    lat.warp.registry.internal.AttributionIndexHolder attributionIndex;
    ReportingScene scene;
    @Autowired
    Organisations organisations;
    @Autowired
    ApiTokens tokens;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    ReportIntake intake;
    @Autowired
    ReportQueue queue;
    @Autowired
    Incidents incidents;
    @Autowired
    ReportTracking tracking;


    @org.junit.jupiter.api.BeforeEach
    void buildTheScene() {
        scene = new ReportingScene(jdbc, attributionIndex, fixtures, intake, queue, incidents);
    }

    @Test
    void theExpectedTableHasARowForEveryUseCaseAndAColumnForEveryRole() {
        // A new role or use case must get a deliberate row or column here, not a silent pass.
        EXPECTED.assertComplete();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void everyCallerMayDoExactlyWhatTheTableAllows(Case<UseCase> c) {
        Scene s = SCENES.computeIfAbsent(c.caller(), this::scene);
        Runnable useCase = prepare(c.useCase(), s);
        String label = s.actor().label();
        long deniedBefore = deniedEntries(label);

        if (c.allowed()) {
            assertThatCode(() -> fixtures.as(s.actor(), useCase)).doesNotThrowAnyException();
            assertThat(deniedEntries(label)).as("ACCESS_DENIED entries of %s", label).isEqualTo(deniedBefore);
        } else {
            assertThatThrownBy(() -> fixtures.as(s.actor(), useCase))
                    .isInstanceOfAny(AccessDeniedException.class, NotFoundException.class);
            assertThat(deniedEntries(label)).as("ACCESS_DENIED entries of %s", label).isGreaterThan(deniedBefore);
        }
    }

    @Test
    void aTokenWithoutTheIncidentsScopeCannotSeeItsOwnOrganisationsIncidents() {
        Organisation member = fixtures.member();
        Incident incident = scene.incident(member, scene.give(member) + "7", IncidentState.NOTIFIED, Tlp.AMBER);
        Actor token = tokenActor(member, Role.MEMBER, EnumSet.of(TokenScope.REPORTS));

        assertThatThrownBy(() -> fixtures.as(token, () -> incidents.get(incident.id())))
                .isInstanceOf(AccessDeniedException.class);
        assertThatCode(() -> fixtures.as(token, () -> intake.submit("About 8.8.8.8".getBytes(StandardCharsets.UTF_8),
                "text/plain"))).doesNotThrowAnyException();
    }

    // ---------------------------------------------------------------------------------------------

    private Scene scene(Caller caller) {
        return switch (caller.kind()) {
            case USER -> {
                Fixtures.TestUser user = fixtures.user(caller.role());
                Organisation own = organisations.findForSystem(user.user().organisation()).orElseThrow();
                yield new Scene(user.actor(), own, scene.give(own));
            }
            case TOKEN -> {
                Organisation own = fixtures.organisation(kindFor(caller.role()));
                yield new Scene(tokenActor(own, caller.role(), EnumSet.allOf(TokenScope.class)), own, scene.give(own));
            }
            default -> {
                Organisation own = fixtures.member();
                yield new Scene(Actor.anonymous(), own, scene.give(own));
            }
        };
    }

    /** Creates what the use case acts on, as the system, and returns the call itself. */
    private Runnable prepare(UseCase useCase, Scene s) {
        String host = s.ownNet() + (1 + ThreadLocalRandom.current().nextInt(250));
        return switch (useCase) {
            case SUBMIT_PUBLIC_REPORT -> () -> intake.submitPublic(new PublicReport(
                    ReportingScene.uniqueEmail("matrix"), null, Language.EN, "Phishing", "Phishing at " + host, null,
                    "100.64." + ThreadLocalRandom.current().nextInt(256) + "." + ThreadLocalRandom.current().nextInt(256),
                    List.of()));
            case CONFIRM_REPORTER_EMAIL -> {
                String reporter = ReportingScene.uniqueEmail("matrix");
                intake.submitPublic(new PublicReport(reporter, null, Language.EN, "Phishing", "Phishing at " + host,
                        null, "100.65." + ThreadLocalRandom.current().nextInt(256) + "."
                        + ThreadLocalRandom.current().nextInt(256), List.of()));
                String body = scene.mailTo(reporter).getFirst()[1];
                String token = body.replaceAll("(?s).*/reports/confirm/([A-Za-z0-9_-]+).*", "$1");
                yield () -> intake.confirmReporterEmail(token);
            }
            case TRACK_REPORT -> {
                String token = Actors.runAsSystem("test", () -> intake.submitAsMember(new MemberReport("Scan",
                        "Scanning from " + host, "scanner", List.of()))).trackingToken();
                yield () -> tracking.view(token);
            }
            case SUBMIT_MEMBER_REPORT -> () -> intake.submitAsMember(new MemberReport("Scan", "Scanning from " + host,
                    "scanner", List.of()));
            case SUBMIT_API_REPORT -> () -> intake.submit(("{\"subject\": \"Scan\", \"description\": \"Scans from "
                    + host + "\"}").getBytes(StandardCharsets.UTF_8), "application/json");
            case READ_REPORT_QUEUE -> () -> queue.queue(5);
            case READ_REPORT -> {
                ReportId report = report(host);
                yield () -> queue.get(report);
            }
            case READ_RAW_REPORT -> {
                ReportId report = report(host);
                yield () -> queue.raw(report);
            }
            case OPEN_INCIDENT_FROM_REPORT -> {
                ReportId report = report(host);
                yield () -> queue.openIncident(report, decision());
            }
            case ATTACH_REPORT_TO_INCIDENT -> {
                ReportId report = report(host);
                Incident incident = incident(s.own(), host, IncidentState.TRIAGED);
                yield () -> queue.attachToIncident(report, incident.id());
            }
            case REJECT_REPORT -> {
                ReportId report = report(host);
                yield () -> queue.reject(report, RejectReason.SPAM, null);
            }
            case FORWARD_REPORT_TO_CSIRT -> {
                ReportId report = report(host);
                Organisation csirt = fixtures.csirt();
                yield () -> queue.forwardToCsirt(report, csirt.id(), decision(), null);
            }
            case LIST_INCIDENTS -> () -> incidents.list(IncidentFilter.all());
            case READ_OWN_INCIDENT -> {
                Incident incident = incident(s.own(), host, IncidentState.NOTIFIED);
                yield () -> incidents.get(incident.id());
            }
            case READ_OTHER_INCIDENT -> {
                Incident incident = otherIncident(IncidentState.NOTIFIED);
                yield () -> incidents.get(incident.id());
            }
            case EXPORT_OWN_INCIDENT_IODEF -> {
                Incident incident = incident(s.own(), host, IncidentState.NOTIFIED);
                yield () -> incidents.iodef(incident.id());
            }
            case ACKNOWLEDGE_OWN_INCIDENT -> {
                Incident incident = incident(s.own(), host, IncidentState.NOTIFIED);
                yield () -> incidents.acknowledge(incident.id(), "on it");
            }
            case ACKNOWLEDGE_OTHER_INCIDENT -> {
                Incident incident = otherIncident(IncidentState.NOTIFIED);
                yield () -> incidents.acknowledge(incident.id(), "on it");
            }
            case REPLY_ON_OWN_INCIDENT -> {
                Incident incident = incident(s.own(), host, IncidentState.NOTIFIED);
                yield () -> incidents.reply(incident.id(), "hello");
            }
            case REPLY_ON_OTHER_INCIDENT -> {
                Incident incident = otherIncident(IncidentState.NOTIFIED);
                yield () -> incidents.reply(incident.id(), "hello");
            }
            case RESOLVE_OWN_INCIDENT -> {
                Incident incident = incident(s.own(), host, IncidentState.ACKNOWLEDGED);
                yield () -> incidents.resolve(incident.id(), "fixed");
            }
            case ASK_ADVICE_ON_OWN_INCIDENT -> {
                Incident incident = incident(s.own(), host, IncidentState.NOTIFIED);
                yield () -> incidents.askAdvice(incident.id(), "how?");
            }
            case ADD_FILE_TO_OWN_INCIDENT -> {
                Incident incident = incident(s.own(), host, IncidentState.NOTIFIED);
                yield () -> incidents.addAttachment(incident.id(), new Upload("log.txt",
                        "log line".getBytes(StandardCharsets.UTF_8)), true);
            }
            case TRIAGE_INCIDENT -> {
                Incident incident = otherIncident(IncidentState.TRIAGED);
                yield () -> incidents.triage(incident.id(), decision());
            }
            case NOTIFY_MEMBER -> {
                Incident incident = otherIncident(IncidentState.TRIAGED);
                yield () -> incidents.notifyMember(incident.id(), "please look");
            }
            case CHANGE_INCIDENT_STATE -> {
                Incident incident = otherIncident(IncidentState.TRIAGED);
                yield () -> incidents.changeState(incident.id(), IncidentState.CLOSED, null);
            }
            case ASSIGN_INCIDENT -> {
                Incident incident = otherIncident(IncidentState.TRIAGED);
                lat.warp.shared.UserId analyst = fixtures.user(Role.ANALYST).user().id();
                yield () -> incidents.assign(incident.id(), analyst);
            }
            case WRITE_INTERNAL_NOTE -> {
                Incident incident = otherIncident(IncidentState.TRIAGED);
                yield () -> incidents.addNote(incident.id(), "note");
            }
            case MESSAGE_MEMBER -> {
                Incident incident = otherIncident(IncidentState.NOTIFIED);
                yield () -> incidents.messageMember(incident.id(), "news?");
            }
            case MESSAGE_REPORTER -> {
                Incident incident = otherIncident(IncidentState.NOTIFIED);
                yield () -> incidents.messageReporter(incident.id(), "thanks");
            }
            case MERGE_INCIDENTS -> {
                Incident first = otherIncident(IncidentState.TRIAGED);
                Incident second = otherIncident(IncidentState.TRIAGED);
                yield () -> incidents.merge(second.id(), first.id());
            }
            case FORWARD_INCIDENT_TO_CSIRT -> {
                Incident incident = otherIncident(IncidentState.TRIAGED);
                Organisation csirt = fixtures.csirt();
                yield () -> incidents.forwardToCsirt(incident.id(), csirt.id(), null);
            }
            case ADD_EVIDENCE -> {
                Incident incident = otherIncident(IncidentState.TRIAGED);
                yield () -> incidents.addEvidence(incident.id(), List.of(new EventRef(Instant.now(), host, "scanner",
                        null)));
            }
            case OPEN_INCIDENT_FROM_EVENTS -> () -> incidents.openFromEvents(List.of(new EventRef(Instant.now(), host,
                    "scanner", null)), decision());
        };
    }

    private ReportId report(String host) {
        // No classification: a report that joins an open incident on its own could not be triaged again.
        return scene.report("Scan from " + host, "Scanning from " + host + " " + UUID.randomUUID(), null);
    }

    private Incident incident(Organisation organisation, String host, IncidentState state) {
        return scene.incident(organisation, host, state, Tlp.AMBER);
    }

    private Incident otherIncident(IncidentState state) {
        Organisation other = fixtures.member();
        return scene.incident(other, scene.give(other) + "9", state, Tlp.AMBER);
    }

    private static TriageDecision decision() {
        return new TriageDecision("scanner", Tlp.AMBER, Severity.LOW, null, null);
    }

    private long deniedEntries(String actorLabel) {
        return jdbc.sql("select count(*) from audit_log where action = 'ACCESS_DENIED' and actor_label = ?")
                .param(actorLabel).query(Long.class).single();
    }

    private Actor tokenActor(Organisation organisation, Role role, java.util.Set<TokenScope> scopes) {
        String name = "matrix " + role + " " + UUID.randomUUID().toString().substring(0, 8);
        String secret = Actors.runAsSystem("test",
                () -> tokens.create(organisation.id(), name, role, scopes, null).secret());
        return switch (tokens.authenticate(secret, "127.0.0.1")) {
            case ApiTokens.Verdict.Accepted accepted -> accepted.actor();
            case ApiTokens.Verdict.Rejected rejected -> throw new AssertionError("token refused: " + rejected.reason());
        };
    }

    private static OrganisationKind kindFor(Role role) {
        return role.isStaff() ? OrganisationKind.WARP : role == Role.CSIRT ? OrganisationKind.CSIRT
                : OrganisationKind.MEMBER;
    }
}
