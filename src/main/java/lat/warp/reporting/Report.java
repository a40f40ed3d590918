package lat.warp.reporting;

import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A report as the analysts' queue shows it.
 *
 * @param format the shape the parser recognised ({@code JSON}, {@code XARF}, {@code ARF}, {@code IODEF},
 *        {@code EMAIL_TEXT}, {@code TEXT}), null until parsed
 * @param problems the parser's reasons why a human must look at it; empty when it parsed cleanly
 * @param attributedOrganisation the organisation most of its addresses belong to
 * @param outOfRegionRegistries the RIRs named in the reply when every address was outside the region
 */
public record Report(ReportId id, ReportChannel channel, ReportStatus status, Instant receivedAt,
        @Nullable String format, @Nullable String subject, @Nullable String body, @Nullable String reporterEmail,
        @Nullable String reporterName, String language, @Nullable String classificationHint,
        @Nullable Instant occurredAt, List<String> problems, List<ReportIndicator> indicators,
        List<AttachmentInfo> attachments, @Nullable IncidentId incident, @Nullable String attributedOrganisation,
        @Nullable String attributedOrganisationName, @Nullable String outOfRegionRegistries,
        @Nullable String rejectedReason, @Nullable String submittedBy) {

    public Report {
        problems = List.copyOf(problems);
        indicators = List.copyOf(indicators);
        attachments = List.copyOf(attachments);
    }

    /** The parser found problems or nothing to attribute: an analyst must read it. */
    public boolean needsManualTriage() {
        return !problems.isEmpty() || indicators.isEmpty();
    }
}
