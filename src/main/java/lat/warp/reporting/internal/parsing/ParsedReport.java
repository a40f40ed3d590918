package lat.warp.reporting.internal.parsing;

import java.time.Instant;
import java.util.List;
import lat.warp.events.Tlp;
import org.jspecify.annotations.Nullable;

/**
 * What a parser understood of a report. A report the parser could not fully understand still yields
 * one, with the reasons in {@link #problems()}; the raw input is kept by the caller regardless.
 *
 * @param format the shape it arrived in
 * @param subject a one-line summary (mail subject, IODEF description, form title)
 * @param reporterEmail who reported, when the report says
 * @param reporterName the reporter's name or organisation, when the report says
 * @param occurredAt when the incident happened, when the report says (for a mail without a structured
 *     date, the mail's {@code Date})
 * @param classificationHint an RSIT type ({@code phishing}, {@code scanner}...) the report states or implies, else null
 * @param text the human-readable body
 * @param indicators every address, URL, host name and e-mail address found, without duplicates
 * @param attachments files that came with the report
 * @param problems why the report needs a human: empty when it parsed cleanly
 * @param tlp the TLP the report asks for (WARP JSON {@code tlp}, IODEF {@code restriction}), else null
 * @param externalId the sender's own identifier of the report (IODEF {@code IncidentID}, X-ARF
 *     {@code Report-ID}), else null
 */
public record ParsedReport(ReportFormat format, String subject, @Nullable String reporterEmail,
        @Nullable String reporterName, @Nullable Instant occurredAt, @Nullable String classificationHint, String text,
        List<Indicator> indicators, List<ReportAttachment> attachments, List<String> problems, @Nullable Tlp tlp,
        @Nullable String externalId) {

    public ParsedReport {
        indicators = List.copyOf(indicators);
        attachments = List.copyOf(attachments);
        problems = List.copyOf(problems);
    }

    /** The first version's shape, without TLP and external id. */
    public ParsedReport(ReportFormat format, String subject, @Nullable String reporterEmail,
            @Nullable String reporterName, @Nullable Instant occurredAt, @Nullable String classificationHint,
            String text, List<Indicator> indicators, List<ReportAttachment> attachments, List<String> problems) {
        this(format, subject, reporterEmail, reporterName, occurredAt, classificationHint, text, indicators,
                attachments, problems, null, null);
    }

    public boolean needsManualTriage() {
        return !problems.isEmpty() || indicators.isEmpty();
    }
}
