package lat.warp.reporting.internal.parsing;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import lat.warp.events.Tlp;
import org.jspecify.annotations.Nullable;

/**
 * What a parser collects while it reads a report: indicators deduplicated under the cap, text under its
 * limit, attachments and problems. Each format's parser fills one and {@link #build()}s the result.
 */
final class ReportBuilder {

    static final String NO_INDICATOR = "No address, URL, host name or e-mail address found in the report.";
    private static final int MAX_PROBLEMS = 50;

    final ParseLimits limits;
    ReportFormat format;
    String subject = "";
    @Nullable String reporterEmail;
    @Nullable String reporterName;
    @Nullable Instant occurredAt;
    @Nullable String classificationHint;
    @Nullable Tlp tlp;
    @Nullable String externalId;
    private final StringBuilder text = new StringBuilder();
    private boolean textTruncated;
    private final Set<Indicator> indicators = new LinkedHashSet<>();
    private final Set<Indicator> explicit = new LinkedHashSet<>();
    private boolean indicatorsCapped;
    private final List<ReportAttachment> attachments = new ArrayList<>();
    private final Set<String> problems = new LinkedHashSet<>();

    ReportBuilder(ReportFormat format, ParseLimits limits) {
        this.format = format;
        this.limits = limits;
    }

    /** Appends human-readable text, up to the limit. */
    ReportBuilder text(@Nullable String more) {
        if (more == null || more.isEmpty()) {
            return this;
        }
        int room = limits.maxTextChars() - text.length();
        if (room <= 0 || more.length() > room) {
            if (room > 0) {
                text.append(more, 0, room);
            }
            if (!textTruncated) {
                textTruncated = true;
                problem("The report's text is longer than " + limits.maxTextChars()
                        + " characters; only the beginning was kept and searched.");
            }
            return this;
        }
        text.append(more);
        return this;
    }

    String textSoFar() {
        return text.toString();
    }

    boolean hasText() {
        return !text.toString().isBlank();
    }

    /**
     * A value the report names explicitly as an indicator.
     *
     * @param where where it was found, for the problem when it is no indicator ({@code Source-IP})
     * @return whether it was one
     */
    boolean explicitIndicator(@Nullable String value, String where) {
        if (value == null || value.isBlank()) {
            return false;
        }
        List<Indicator> found = IndicatorExtractor.classify(value);
        if (found.isEmpty()) {
            problem(where + " '" + shorten(value) + "' is not an IP address, URL, host name or e-mail address.");
            return false;
        }
        for (Indicator i : found) {
            if (add(i)) {
                explicit.add(i);
            }
        }
        return true;
    }

    /** Every indicator in free text (an attachment, the body). */
    void extractFrom(@Nullable CharSequence free) {
        if (free == null || free.isEmpty()) {
            return;
        }
        int room = limits.maxIndicators() - indicators.size();
        if (room <= 0) {
            capped();
            return;
        }
        IndicatorExtractor.Extraction extraction = IndicatorExtractor.extract(free, limits.maxIndicators());
        for (Indicator i : extraction.indicators()) {
            add(i);
        }
        if (extraction.capped()) {
            capped();
        }
    }

    private boolean add(Indicator i) {
        if (indicators.contains(i)) {
            return true;
        }
        if (indicators.size() >= limits.maxIndicators()) {
            capped();
            return false;
        }
        indicators.add(i);
        return true;
    }

    private void capped() {
        if (!indicatorsCapped) {
            indicatorsCapped = true;
            problem("The report names more than " + limits.maxIndicators()
                    + " indicators; only the first ones were kept.");
        }
    }

    int indicatorCount() {
        return indicators.size();
    }

    /** Keeps an attachment, unless it is too large or there are too many. */
    boolean attachment(@Nullable String filename, String contentType, byte[] content) {
        if (content.length > limits.maxAttachmentBytes()) {
            attachmentTooLarge(filename);
            return false;
        }
        if (attachments.size() >= limits.maxAttachments()) {
            problem("The report has more than " + limits.maxAttachments() + " attachments; the rest were dropped.");
            return false;
        }
        attachments.add(new ReportAttachment(filename, contentType, content));
        return true;
    }

    void attachmentTooLarge(@Nullable String filename) {
        problem("The attachment '" + shorten(filename == null ? "(no name)" : filename) + "' is larger than "
                + limits.maxAttachmentBytes() + " bytes and was dropped.");
    }

    void problem(String problem) {
        if (problems.size() < MAX_PROBLEMS) {
            problems.add(problem);
        }
    }

    boolean hasProblems() {
        return !problems.isEmpty();
    }

    void subject(@Nullable String s) {
        if (s != null && !s.isBlank()) {
            subject = oneLine(s);
        }
    }

    ParsedReport build() {
        List<Indicator> list = new ArrayList<>(indicators);
        if (reporterEmail != null) {
            // The reporter's own address, found in a signature or a quoted reply, is no indicator.
            Indicator self = new Indicator(IndicatorKind.EMAIL, reporterEmail.toLowerCase(Locale.ROOT));
            if (!explicit.contains(self)) {
                list.remove(self);
            }
        }
        if (list.isEmpty()) {
            problem(NO_INDICATOR);
        }
        String body = text.toString();
        if (subject.isBlank()) {
            subject = oneLine(body.strip().lines().findFirst().orElse(""));
        }
        return new ParsedReport(format, subject, reporterEmail, reporterName, occurredAt, classificationHint, body,
                list, attachments, List.copyOf(problems), tlp, externalId);
    }

    /** The first line, at most 200 characters, control characters removed. */
    static String oneLine(String s) {
        String line = s.strip();
        int nl = line.indexOf('\n');
        if (nl >= 0) {
            line = line.substring(0, nl).strip();
        }
        line = line.replaceAll("\\p{Cntrl}", " ");
        return line.length() > 200 ? line.substring(0, 200) : line;
    }

    static String shorten(String s) {
        String t = s.strip().replaceAll("\\p{Cntrl}", " ");
        return t.length() > 80 ? t.substring(0, 80) + "…" : t;
    }
}
