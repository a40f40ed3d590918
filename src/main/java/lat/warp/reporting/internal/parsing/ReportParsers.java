package lat.warp.reporting.internal.parsing;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The one entry point that turns a raw report into a {@link ParsedReport}. It never throws on bad
 * input: what it cannot understand becomes a problem on the result, for manual triage, and the caller
 * keeps the raw bytes regardless.
 *
 * <p>The declared media type picks the parser: {@code application/json} ({@link JsonReportParser}, which
 * hands X-ARF 4 to {@link XarfV4Parser}), {@code message/rfc822} ({@link MailReportParser}: plain mail,
 * X-ARF 0.2, X-ARF 4, ARF), {@code application/xml}, {@code text/xml} and {@code *+xml}
 * ({@link IodefParser}), anything else plain text. With no type, or {@code application/octet-stream},
 * the content decides: a JSON object, an XML document, a mail's header block, else text. All of them
 * work within {@link ParseLimits}.
 */
public final class ReportParsers {

    private static final Pattern TICKET = Pattern.compile("(?i)(?<![A-Za-z0-9])WARP-(\\d{4})-(\\d{6})(?!\\d)");
    private static final Pattern MAIL_HEADER = Pattern.compile(
            "(?i)^(?:From|Received|Return-Path|Subject|Date|Message-ID|MIME-Version|To|Delivered-To|X-[A-Za-z0-9-]+):");

    private ReportParsers() {
    }

    /**
     * Parses with the {@linkplain ParseLimits#defaults() default limits}.
     *
     * @param raw the report exactly as received
     * @param contentType the declared media type, e.g. {@code text/plain}, {@code message/rfc822}; null if unknown
     */
    public static ParsedReport parse(byte[] raw, @Nullable String contentType) {
        return parse(raw, contentType, ParseLimits.defaults());
    }

    /**
     * @param raw the report exactly as received
     * @param contentType the declared media type, parameters allowed; null if unknown
     * @param limits how much to read (attachment size, indicator count…)
     */
    public static ParsedReport parse(byte @Nullable [] raw, @Nullable String contentType, ParseLimits limits) {
        byte[] bytes = raw == null ? new byte[0] : raw;
        ReportFormat format = formatFor(bytes, contentType);
        if (bytes.length > limits.maxReportBytes()) {
            ReportBuilder b = new ReportBuilder(format, limits);
            b.problem("The report is " + bytes.length + " bytes, more than the " + limits.maxReportBytes()
                    + " bytes WARP parses; it was kept unparsed.");
            return b.build();
        }
        try {
            return switch (format) {
                case JSON, XARF -> JsonReportParser.parse(bytes, limits);
                case EMAIL_TEXT, ARF -> MailReportParser.parse(bytes, limits);
                case IODEF -> IodefParser.parse(bytes, limits);
                case TEXT -> text(bytes, limits);
            };
        } catch (RuntimeException | StackOverflowError e) {
            // A parser bug must not lose a report: fall back to plain text, and say so.
            String problem = "The report could not be read as " + format + " (" + e.getClass().getSimpleName()
                    + "); it was read as plain text.";
            try {
                ParsedReport fallback = text(bytes, limits);
                return new ParsedReport(ReportFormat.TEXT, fallback.subject(), null, null, null, null,
                        fallback.text(), fallback.indicators(), List.of(), concat(List.of(problem),
                        fallback.problems()), null, null);
            } catch (RuntimeException | StackOverflowError again) {
                return new ParsedReport(ReportFormat.TEXT, "", null, null, null, null, "", List.of(), List.of(),
                        List.of(problem, "Nor could it be read as plain text."), null, null);
            }
        }
    }

    /** Every address, URL, host name and e-mail address in free text, in order of first appearance. */
    public static List<Indicator> indicatorsIn(String text) {
        return IndicatorExtractor.extract(text, ParseLimits.defaults().maxIndicators()).indicators();
    }

    /**
     * The incident number in a mail subject, for replies to be attached to their incident:
     * {@code "Re: [WARP-2026-000123] Phishing"} gives {@code WARP-2026-000123}. Case does not matter;
     * the result is upper case. The first one wins.
     *
     * @return the number, or null when the subject names none
     */
    public static @Nullable String ticketNumberIn(@Nullable String subject) {
        if (subject == null) {
            return null;
        }
        Matcher m = TICKET.matcher(subject.length() > 2000 ? subject.substring(0, 2000) : subject);
        return m.find() ? "WARP-" + m.group(1) + "-" + m.group(2) : null;
    }

    /** The parser for a media type, or for the content when the type says nothing. */
    static ReportFormat formatFor(byte[] raw, @Nullable String contentType) {
        String type = contentType == null ? "" : contentType.toLowerCase(Locale.ROOT);
        int semicolon = type.indexOf(';');
        if (semicolon >= 0) {
            type = type.substring(0, semicolon);
        }
        type = type.strip();
        switch (type) {
            case "application/json", "text/json" -> {
                return ReportFormat.JSON;
            }
            case "message/rfc822", "message/global" -> {
                return ReportFormat.EMAIL_TEXT;
            }
            case "application/xml", "text/xml" -> {
                return ReportFormat.IODEF;
            }
            case "text/plain" -> {
                return ReportFormat.TEXT;
            }
            default -> {
                // decided below
            }
        }
        if (type.endsWith("+json")) {
            return ReportFormat.JSON;
        }
        if (type.endsWith("+xml")) {
            return ReportFormat.IODEF;
        }
        if (!type.isEmpty() && !type.equals("application/octet-stream")) {
            return ReportFormat.TEXT;
        }
        return sniff(raw);
    }

    private static ReportFormat sniff(byte[] raw) {
        String head = new String(raw, 0, Math.min(raw.length, 4096), StandardCharsets.UTF_8);
        if (head.startsWith("\uFEFF")) {
            head = head.substring(1);
        }
        String trimmed = head.stripLeading();
        if (trimmed.startsWith("{")) {
            return ReportFormat.JSON;
        }
        if (trimmed.startsWith("<")) {
            return ReportFormat.IODEF;
        }
        if (MAIL_HEADER.matcher(head).find() && (head.contains("\n\n") || head.contains("\r\n\r\n"))) {
            return ReportFormat.EMAIL_TEXT;
        }
        return ReportFormat.TEXT;
    }

    private static ParsedReport text(byte[] raw, ParseLimits limits) {
        ReportBuilder b = new ReportBuilder(ReportFormat.TEXT, limits);
        b.text(new String(raw, StandardCharsets.UTF_8));
        b.extractFrom(b.textSoFar());
        return b.build();
    }

    private static List<String> concat(List<String> a, List<String> b) {
        return java.util.stream.Stream.concat(a.stream(), b.stream()).distinct().toList();
    }
}
