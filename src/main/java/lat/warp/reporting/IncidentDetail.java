package lat.warp.reporting;

import java.util.List;

/**
 * An incident with everything the caller may see of it. A member sees the messages and steps shared
 * with it, never the internal notes nor the reports (which name the reporter).
 */
public record IncidentDetail(Incident incident, List<TimelineEntry> timeline, List<IncidentMessage> messages,
        List<AttachmentInfo> attachments, List<EventRef> evidence, List<ReportIndicator> indicators,
        List<Report> reports) {

    public IncidentDetail {
        timeline = List.copyOf(timeline);
        messages = List.copyOf(messages);
        attachments = List.copyOf(attachments);
        evidence = List.copyOf(evidence);
        indicators = List.copyOf(indicators);
        reports = List.copyOf(reports);
    }
}
