package lat.warp.reporting;

import java.util.List;
import lat.warp.events.Tlp;
import lat.warp.reporting.internal.IncidentRows;
import lat.warp.reporting.internal.ReportRows;
import lat.warp.reporting.internal.Secrets;
import lat.warp.shared.NotFoundException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The reporter's view through the secret tracking link: no account, the token is the key. It shows the
 * report's status, the steps meant for the reporter and the messages to and from the reporter; it names
 * the member concerned only when the incident is TLP:CLEAR or TLP:GREEN.
 */
@Service
public class ReportTracking {

    private final ReportRows reports;
    private final IncidentRows incidents;
    private final java.time.Clock clock;

    ReportTracking(ReportRows reports, IncidentRows incidents, java.time.Clock clock) {
        this.reports = reports;
        this.incidents = incidents;
        this.clock = clock;
    }

    /** @throws NotFoundException for a token that opens nothing */
    @Transactional(readOnly = true)
    public TrackingView view(String token) {
        if (token == null || token.isBlank() || token.length() > 200) {
            throw new NotFoundException("No report is known by this link.");
        }
        ReportId id = reports.findByTracking(Secrets.hash(token.strip()))
                .orElseThrow(() -> new NotFoundException("No report is known by this link."));
        Report report = reports.find(id).orElseThrow().report();
        IncidentId incidentId = report.incident();
        if (incidentId == null) {
            return new TrackingView(id, report.status(), report.receivedAt(), report.subject(), null, null, null,
                    report.outOfRegionRegistries(), List.of(), List.of());
        }
        Incident incident = incidents.find(incidentId, clock.instant()).orElseThrow();
        // A merged duplicate: the reporter follows the incident it went into.
        if (incident.mergedInto() != null) {
            incident = incidents.find(incident.mergedInto(), clock.instant()).orElse(incident);
        }
        boolean showMember = incident.tlp() == Tlp.CLEAR || incident.tlp() == Tlp.GREEN;
        List<TimelineEntry> steps = incidents.timeline(incident.id(), List.of(Audience.REPORTER)).stream()
                .map(s -> new TimelineEntry(s.at(), s.kind(), "WARP", stepDetail(s), Audience.REPORTER)).toList();
        List<IncidentMessage> messages = incidents.messages(incident.id(), List.of(Audience.REPORTER)).stream()
                .map(m -> new IncidentMessage(m.id(), m.audience(), m.author(),
                        m.author().equals("REPORTER") ? m.authorLabel() : "WARP", m.body(), m.at()))
                .toList();
        return new TrackingView(id, report.status(), report.receivedAt(), report.subject(), incident.number(),
                incident.state(), showMember ? incident.organisationName() : null, report.outOfRegionRegistries(),
                steps, messages);
    }

    /** Steps meant for the reporter carry the incident number at most, never who did what. */
    private static String stepDetail(TimelineEntry step) {
        return step.kind().equals("OPENED") ? step.detail() : null;
    }
}
