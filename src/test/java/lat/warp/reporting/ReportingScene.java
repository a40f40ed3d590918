package lat.warp.reporting;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import lat.warp.events.Tlp;
import lat.warp.registry.Organisation;
import lat.warp.registry.internal.AttributionIndexHolder;
import lat.warp.shared.Actor;
import lat.warp.shared.Actors;
import lat.warp.testing.Fixtures;
import org.springframework.boot.test.context.TestComponent;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Test data for reporting: a member holding a fresh /24 of 198.18.0.0/15 (in the region, attributed to it),
 * incidents in a given state, the mail the server queued. Everything is unique, so tests sharing the
 * database never meet.
 */
@TestComponent
public class ReportingScene {

    private final JdbcClient jdbc;
    private final AttributionIndexHolder index;
    private final Fixtures fixtures;
    private final ReportIntake intake;
    private final ReportQueue queue;
    private final Incidents incidents;

    public ReportingScene(JdbcClient jdbc, AttributionIndexHolder index, Fixtures fixtures, ReportIntake intake,
            ReportQueue queue, Incidents incidents) {
        this.jdbc = jdbc;
        this.index = index;
        this.fixtures = fixtures;
        this.intake = intake;
        this.queue = queue;
        this.incidents = incidents;
    }

    /** A /24 held by the organisation, registered by LACNIC in its country; returns "198.18.x." to append a host. */
    public String give(Organisation organisation) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (int attempt = 0; attempt < 1_000; attempt++) {
            String base = "198." + (18 + random.nextInt(2)) + "." + random.nextInt(256) + ".";
            String prefix = base + "0/24";
            if (jdbc.sql("select count(*) from ip_resources where prefix = ?::cidr").param(prefix).query(Long.class)
                    .single() == 0) {
                jdbc.sql("""
                        insert into ip_resources (prefix, organisation_id, status, country, registered_on, registry, source)
                        values (?::cidr, ?, 'ALLOCATED', ?, current_date, 'lacnic', 'manual')""")
                        .params(prefix, organisation.id().value(), organisation.country()).update();
                index.rebuildNow();
                return base;
            }
        }
        throw new IllegalStateException("no free /24 left");
    }

    public Actor analyst() {
        return fixtures.user(lat.warp.shared.Role.ANALYST).actor();
    }

    /** A report from a member's form about the address, as the system. */
    public ReportId report(String subject, String description, @org.jspecify.annotations.Nullable String classification) {
        return Actors.runAsSystem("test", () -> intake.submitAsMember(
                new MemberReport(subject, description, classification, List.of()))).reportId();
    }

    /** An incident about the member (opened from a feed event, so no report groups into it), moved to the state. */
    public Incident incident(Organisation member, String address, IncidentState target, Tlp tlp) {
        Incident incident = Actors.runAsSystem("test", () -> incidents.openFromEvents(
                List.of(new EventRef(Instant.now(), address, "phishing", null)),
                new TriageDecision("phishing", tlp, Severity.HIGH, member.id().toString(), "Phishing at " + address)));
        return moveTo(incident, target);
    }

    /** Moves an incident from TRIAGED along the ordinary path to the target. */
    public Incident moveTo(Incident incident, IncidentState target) {
        return Actors.runAsSystem("test", () -> {
            Incident current = incident;
            List<IncidentState> path = switch (target) {
                case NEW -> List.of();
                case TRIAGED -> List.of();
                case NOTIFIED -> List.of(IncidentState.NOTIFIED);
                case ACKNOWLEDGED -> List.of(IncidentState.NOTIFIED, IncidentState.ACKNOWLEDGED);
                case RESOLVED -> List.of(IncidentState.NOTIFIED, IncidentState.RESOLVED);
                case CLOSED -> List.of(IncidentState.CLOSED);
                case REJECTED -> List.of(IncidentState.REJECTED);
                case REOPENED -> List.of(IncidentState.CLOSED, IncidentState.REOPENED);
            };
            for (IncidentState next : path) {
                current = next == IncidentState.NOTIFIED ? incidents.notifyMember(current.id(), "Please look.")
                        : incidents.changeState(current.id(), next, null);
            }
            return current;
        });
    }

    /** Mail queued for the recipient, newest last: {subject, body}. */
    public List<String[]> mailTo(String recipient) {
        return jdbc.sql("select subject, coalesce(body, '') from outbound_mail where recipient = ? order by created_at")
                .param(recipient).query((rs, n) -> new String[] {rs.getString(1), rs.getString(2)}).list();
    }

    public static String uniqueEmail(String who) {
        return who + "-" + UUID.randomUUID().toString().substring(0, 8) + "@reporter.example";
    }

    public void age(IncidentId incident, java.time.Duration by) {
        jdbc.sql("update incidents set last_report_at = last_report_at - make_interval(secs => ?), "
                + "created_at = created_at - make_interval(secs => ?) where id = ?")
                .params((double) by.toSeconds(), (double) by.toSeconds(), incident.value()).update();
    }

    public Instant now() {
        return Instant.now();
    }
}
