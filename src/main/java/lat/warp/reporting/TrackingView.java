package lat.warp.reporting;

import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What the reporter sees through the secret tracking link: never the reports of others, the internal
 * notes, nor the member's identity unless the incident is {@code TLP:CLEAR} or {@code TLP:GREEN}.
 *
 * @param incidentNumber null until the report is part of an incident
 * @param incidentState null until the report is part of an incident
 * @param memberName the organisation concerned, only under TLP:CLEAR or TLP:GREEN
 * @param steps the timeline steps meant for the reporter
 * @param messages the messages to and from the reporter
 */
public record TrackingView(ReportId report, ReportStatus status, Instant receivedAt, @Nullable String subject,
        @Nullable String incidentNumber, @Nullable IncidentState incidentState, @Nullable String memberName,
        @Nullable String outOfRegionRegistries, List<TimelineEntry> steps, List<IncidentMessage> messages) {

    public TrackingView {
        steps = List.copyOf(steps);
        messages = List.copyOf(messages);
    }
}
