package lat.warp.reporting.internal;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * The knobs of incident reporting ({@code warp.reporting.*}).
 *
 * @param groupingWindow reports about the same member and classification within this time join one open incident
 * @param maxAttachmentSize the largest attachment kept
 * @param maxReportSize the largest report accepted at all (API body, mail)
 * @param publicReportsPerHour reports the public form takes from one client address in an hour
 * @param sla the service-level targets
 */
@ConfigurationProperties("warp.reporting")
public record ReportingProperties(@DefaultValue("24h") Duration groupingWindow,
        @DefaultValue("10MB") DataSize maxAttachmentSize, @DefaultValue("25MB") DataSize maxReportSize,
        @DefaultValue("5") int publicReportsPerHour, @DefaultValue Sla sla) {

    /**
     * @param triage from the incident's opening to its triage
     * @param notification from the incident's opening to the member's notification
     * @param acknowledge from the notification to the member's acknowledgement
     */
    public record Sla(@DefaultValue("4h") Duration triage, @DefaultValue("24h") Duration notification,
            @DefaultValue("72h") Duration acknowledge) {
    }
}
