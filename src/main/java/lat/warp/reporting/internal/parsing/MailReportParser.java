package lat.warp.reporting.internal.parsing;

import jakarta.mail.Address;
import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.internet.ContentType;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.InternetHeaders;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.internet.MimeUtility;
import jakarta.mail.util.SharedByteArrayInputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * An e-mail ({@code message/rfc822}), read with Jakarta Mail from the bytes alone (no session ever
 * connects anywhere). Subject, {@code From} (the reporter) and {@code Date}; the text/plain body, or the
 * text/html one turned into text; every other part kept as an attachment, CSV and text attachments
 * searched for indicators; a forwarded message (attached {@code message/rfc822}) kept and read too.
 *
 * <p>Three machine formats are recognised inside a mail:
 * <ul>
 * <li>X-ARF 0.2: header {@code X-XARF: PLAIN}, a human part, a YAML report part ({@code Report-Type},
 *     {@code Source-Type}, {@code Source}, {@code Date}, {@code Reported-From}, {@code Report-ID}) and
 *     an evidence part;</li>
 * <li>X-ARF 4: a JSON body or attachment, see {@link XarfV4Parser};</li>
 * <li>ARF (RFC 5965): {@code multipart/report; report-type=feedback-report} with a
 *     {@code message/feedback-report} part ({@code Feedback-Type}, {@code Source-IP},
 *     {@code Reported-Domain}, {@code Reported-URI}, {@code Arrival-Date}) and the original message.</li>
 * </ul>
 * For those the indicators are the report's own source fields; the free text is searched only when they
 * name none, because an abuse report's text and evidence name the victim as well.
 */
final class MailReportParser {

    /** Forwarded messages inside forwarded messages are read this deep, no deeper. */
    private static final int MAX_MESSAGE_NESTING = 3;
    private static final Pattern YAML_LINE = Pattern.compile("^([A-Za-z][A-Za-z0-9_-]{0,60}):[ \\t]*(.*)$");

    private static final Session SESSION;

    static {
        Properties p = new Properties();
        p.setProperty("mail.mime.address.strict", "false");
        p.setProperty("mail.mime.allowutf8", "true");
        p.setProperty("mail.mime.multipart.ignoremissingendboundary", "true");
        p.setProperty("mail.mime.multipart.allowempty", "true");
        p.setProperty("mail.mime.multipart.ignoremissingboundaryparameter", "true");
        p.setProperty("mail.mime.parameters.strict", "false");
        p.setProperty("mail.mime.decodefilename", "true");
        p.setProperty("mail.mime.decodetext.strict", "false");
        p.setProperty("mail.mime.base64.ignoreerrors", "true");
        p.setProperty("mail.mime.uudecode.ignoreerrors", "true");
        p.setProperty("mail.mime.ignoreunknownencoding", "true");
        SESSION = Session.getInstance(p);
    }

    private MailReportParser() {
    }

    static ParsedReport parse(byte[] raw, ParseLimits limits) {
        ReportBuilder b = new ReportBuilder(ReportFormat.EMAIL_TEXT, limits);
        MimeMessage message;
        try {
            message = new MimeMessage(SESSION, new SharedByteArrayInputStream(raw));
        } catch (MessagingException e) {
            b.problem("The e-mail could not be read: " + message(e));
            b.text(new String(raw, StandardCharsets.UTF_8));
            b.extractFrom(b.textSoFar());
            return b.build();
        }
        Reader reader = new Reader(b, limits);
        reader.headers(message);
        boolean xarf02 = header(message, "X-XARF") != null || "yes".equalsIgnoreCase(header(message, "X-ARF"));
        reader.xarf02 = xarf02;
        reader.walk(message, 0, 0);
        if (reader.unreadable && !b.hasText()) {
            // The MIME structure is broken: what follows the headers is still the best text there is.
            b.text(bodyAfterHeaders(raw));
        }

        boolean structured = false;
        if (xarf02) {
            b.format = ReportFormat.XARF;
            structured = true;
            if (reader.xarfReport == null) {
                b.problem("The mail says it is X-ARF but has no report part (YAML with Report-Type and Source).");
            } else {
                readXarf02(reader.xarfReport, b);
            }
        } else if (reader.feedbackFields != null || reader.isFeedbackReport) {
            b.format = ReportFormat.ARF;
            structured = true;
            if (reader.feedbackFields == null) {
                b.problem("The mail says it is an ARF feedback report but has no message/feedback-report part.");
            } else {
                readArf(reader.feedbackFields, b);
            }
        } else if (reader.xarfJson != null && XarfV4Parser.readInto(reader.xarfJson, b)) {
            structured = true;
        }
        if (!structured || b.indicatorCount() == 0) {
            b.extractFrom(b.textSoFar());
            for (String more : reader.searchable) {
                b.extractFrom(more);
            }
        }
        return b.build();
    }

    /** Walks a message's MIME tree, collecting text, attachments and the machine-readable parts. */
    private static final class Reader {
        final ReportBuilder b;
        final ParseLimits limits;
        boolean xarf02;
        boolean isFeedbackReport;
        boolean unreadable;
        int parts;
        boolean tooManyParts;
        @Nullable String xarfReport;
        @Nullable Map<String, List<String>> feedbackFields;
        byte @Nullable [] xarfJson;
        final List<String> searchable = new ArrayList<>();

        Reader(ReportBuilder b, ParseLimits limits) {
            this.b = b;
            this.limits = limits;
        }

        void headers(MimeMessage message) {
            try {
                b.subject(message.getSubject());
            } catch (MessagingException | RuntimeException e) {
                b.subject(header(message, "Subject"));
            }
            try {
                String from = message.getHeader("From", ",");
                if (from != null) {
                    Address[] addresses = InternetAddress.parseHeader(from, false);
                    if (addresses.length > 0 && addresses[0] instanceof InternetAddress a) {
                        List<Indicator> found = IndicatorExtractor.classify(a.getAddress());
                        if (found.size() == 1 && found.getFirst().kind() == IndicatorKind.EMAIL) {
                            b.reporterEmail = found.getFirst().value();
                        }
                        String personal = a.getPersonal();
                        if (personal != null && !personal.isBlank()) {
                            b.reporterName = ReportBuilder.oneLine(personal);
                        }
                    }
                }
            } catch (MessagingException | RuntimeException e) {
                // an unreadable From: no reporter address
            }
            if (b.reporterEmail == null) {
                b.problem("The mail has no readable From address.");
            }
            try {
                Date sent = message.getSentDate();
                if (sent != null) {
                    b.occurredAt = sent.toInstant();
                }
            } catch (MessagingException | RuntimeException e) {
                // no date
            }
        }

        void walk(Part part, int depth, int messageDepth) {
            if (++parts > limits.maxMimeParts()) {
                if (!tooManyParts) {
                    tooManyParts = true;
                    b.problem("The mail has more than " + limits.maxMimeParts() + " MIME parts; the rest were ignored.");
                }
                return;
            }
            String type = baseType(part);
            try {
                if (type.startsWith("multipart/")) {
                    multipart(part, type, depth, messageDepth);
                } else if (type.equals("message/rfc822")) {
                    attachedMessage(part, depth, messageDepth);
                } else if (type.equals("message/feedback-report")) {
                    byte[] bytes = read(part, limits.maxAttachmentBytes());
                    if (bytes != null) {
                        feedbackFields = fields(bytes);
                        b.text("\n\n" + new String(bytes, StandardCharsets.UTF_8).strip() + "\n");
                    }
                } else if (type.equals("text/plain") || type.equals("text/html")) {
                    text(part, type);
                } else {
                    attachment(part, type);
                }
            } catch (MessagingException | IOException e) {
                unreadable = true;
                b.problem("A part of the mail could not be read (" + type + "): " + message(e));
            }
        }

        private void multipart(Part part, String type, int depth, int messageDepth)
                throws MessagingException, IOException {
            if (depth >= limits.maxMimeDepth()) {
                b.problem("The mail's MIME parts nest more than " + limits.maxMimeDepth() + " deep; the inner ones were ignored.");
                return;
            }
            if (type.equals("multipart/report")) {
                String reportType = parameter(part, "report-type");
                if (reportType != null && reportType.equalsIgnoreCase("feedback-report")) {
                    isFeedbackReport = true;
                }
            }
            Object content = part.getContent();
            if (!(content instanceof Multipart multipart)) {
                attachment(part, type);
                return;
            }
            int count = multipart.getCount();
            if (multipart instanceof MimeMultipart mime && !mime.isComplete()) {
                b.problem("The mail's MIME structure is truncated (a multipart has no closing boundary); parts may be missing.");
            }
            if (type.equals("multipart/alternative")) {
                int best = -1;
                for (int i = 0; i < count; i++) {
                    String t = baseType(multipart.getBodyPart(i));
                    if (t.equals("text/plain")) {
                        best = i;
                        break;
                    }
                    if (best < 0 && (t.equals("text/html") || t.startsWith("multipart/"))) {
                        best = i;
                    }
                }
                if (count > 0) {
                    walk(multipart.getBodyPart(best < 0 ? 0 : best), depth + 1, messageDepth);
                }
                return;
            }
            for (int i = 0; i < count; i++) {
                BodyPart child = multipart.getBodyPart(i);
                walk(child, depth + 1, messageDepth);
            }
        }

        private void attachedMessage(Part part, int depth, int messageDepth) throws MessagingException, IOException {
            byte[] bytes = read(part, limits.maxAttachmentBytes());
            String name = filename(part);
            if (bytes == null) {
                b.attachmentTooLarge(name == null ? "attached message" : name);
                return;
            }
            b.attachment(name == null ? "message.eml" : name, "message/rfc822", bytes);
            if (messageDepth >= MAX_MESSAGE_NESTING || depth >= limits.maxMimeDepth()) {
                b.problem("Attached messages nest too deeply; the inner ones were kept but not read.");
                return;
            }
            MimeMessage inner = new MimeMessage(SESSION, new ByteArrayInputStream(bytes));
            StringBuilder summary = new StringBuilder("\n\n----- Attached message -----\n");
            for (String h : List.of("From", "Reply-To", "Subject", "Date")) {
                String value = header(inner, h);
                if (value != null) {
                    summary.append(h).append(": ").append(decodeHeader(value)).append('\n');
                }
            }
            b.text(summary.append('\n').toString());
            walk(inner, depth + 1, messageDepth + 1);
        }

        private void text(Part part, String type) throws MessagingException, IOException {
            String name = filename(part);
            boolean attached = name != null || Part.ATTACHMENT.equalsIgnoreCase(disposition(part));
            if (xarf02 && xarfReport == null && type.equals("text/plain")) {
                String content = decode(part);
                if (content != null && looksLikeXarfReport(content)) {
                    xarfReport = content;
                    return;
                }
            }
            if (attached) {
                attachment(part, type);
                return;
            }
            String content = decode(part);
            if (content == null) {
                return;
            }
            if (type.equals("text/html")) {
                content = HtmlText.toText(content);
            }
            if (b.hasText()) {
                b.text("\n\n");
            }
            b.text(content);
        }

        private void attachment(Part part, String type) throws MessagingException, IOException {
            String name = filename(part);
            byte[] bytes = read(part, limits.maxAttachmentBytes());
            if (bytes == null) {
                b.attachmentTooLarge(name);
                return;
            }
            b.attachment(name, type, bytes);
            String lowerName = name == null ? "" : name.toLowerCase(Locale.ROOT);
            if (type.equals("text/csv") || type.equals("application/csv") || lowerName.endsWith(".csv")
                    || type.equals("text/plain") || type.equals("text/rfc822-headers")) {
                searchable.add(new String(bytes, charset(part)));
            }
            if ((type.equals("application/json") || lowerName.endsWith(".json")) && xarfJson == null) {
                xarfJson = bytes;
            }
        }

        private @Nullable String decode(Part part) throws MessagingException, IOException {
            byte[] bytes = read(part, Math.max(limits.maxAttachmentBytes(), limits.maxTextChars() * 4));
            if (bytes == null) {
                b.problem("A text part of the mail is too large and was skipped.");
                return null;
            }
            return new String(bytes, charset(part));
        }
    }

    private static void readXarf02(String yaml, ReportBuilder b) {
        Map<String, String> fields = new LinkedHashMap<>();
        yaml.lines().limit(1_000).forEach(line -> {
            Matcher m = YAML_LINE.matcher(line);
            if (m.matches()) {
                String value = m.group(2).strip();
                if (value.length() >= 2 && (value.startsWith("\"") && value.endsWith("\"")
                        || value.startsWith("'") && value.endsWith("'"))) {
                    value = value.substring(1, value.length() - 1);
                }
                fields.putIfAbsent(m.group(1).toLowerCase(Locale.ROOT), value);
            }
        });
        String reportType = fields.get("report-type");
        b.classificationHint = RsitMapping.xarf(fields.get("category"), reportType);
        if (b.classificationHint == null) {
            b.problem("The X-ARF report type '" + ReportBuilder.shorten(String.valueOf(reportType))
                    + "' is not one WARP maps to an RSIT type.");
        }
        String date = fields.get("date");
        if (date != null && !date.isBlank()) {
            var when = Dates.parse(date);
            if (when != null) {
                b.occurredAt = when;
            } else {
                b.problem("The X-ARF Date '" + ReportBuilder.shorten(date) + "' is not a date.");
            }
        }
        String id = fields.get("report-id");
        if (id != null && !id.isBlank()) {
            b.externalId = ReportBuilder.oneLine(id);
        }
        if (b.reporterEmail == null) {
            List<Indicator> from = IndicatorExtractor.classify(fields.get("reported-from"));
            if (from.size() == 1 && from.getFirst().kind() == IndicatorKind.EMAIL) {
                b.reporterEmail = from.getFirst().value();
            }
        }
        String source = fields.get("source");
        if (source == null || source.isBlank()) {
            b.problem("The X-ARF report names no Source.");
        } else {
            b.explicitIndicator(source, "X-ARF Source (" + fields.getOrDefault("source-type", "no Source-Type") + ")");
        }
        b.explicitIndicator(fields.get("domain"), "X-ARF Domain");
    }

    private static void readArf(Map<String, List<String>> fields, ReportBuilder b) {
        String feedbackType = firstValue(fields, "feedback-type");
        if (feedbackType == null) {
            b.problem("The ARF report has no Feedback-Type.");
        } else {
            b.classificationHint = RsitMapping.arf(feedbackType);
            if (b.classificationHint == null) {
                b.problem("The ARF Feedback-Type '" + ReportBuilder.shorten(feedbackType)
                        + "' is not an abuse type WARP maps to RSIT.");
            }
        }
        String arrival = firstValue(fields, "arrival-date");
        if (arrival == null) {
            arrival = firstValue(fields, "received-date");
        }
        if (arrival != null) {
            var when = Dates.parse(arrival);
            if (when != null) {
                b.occurredAt = when;
            } else {
                b.problem("The ARF Arrival-Date '" + ReportBuilder.shorten(arrival) + "' is not a date.");
            }
        }
        for (String value : fields.getOrDefault("source-ip", List.of())) {
            b.explicitIndicator(value, "ARF Source-IP");
        }
        for (String value : fields.getOrDefault("reported-domain", List.of())) {
            b.explicitIndicator(value, "ARF Reported-Domain");
        }
        for (String value : fields.getOrDefault("reported-uri", List.of())) {
            b.explicitIndicator(value, "ARF Reported-URI");
        }
    }

    static boolean looksLikeXarfReport(String text) {
        String lower = text.toLowerCase(Locale.ROOT);
        return lower.contains("report-type:") && lower.contains("source:");
    }

    /** The fields of a message/feedback-report part, by lower-case name. */
    private static Map<String, List<String>> fields(byte[] bytes) {
        Map<String, List<String>> fields = new LinkedHashMap<>();
        try {
            InternetHeaders headers = new InternetHeaders(new ByteArrayInputStream(bytes), true);
            var all = headers.getAllHeaders();
            while (all.hasMoreElements()) {
                var h = all.nextElement();
                String value = h.getValue();
                if (value != null) {
                    fields.computeIfAbsent(h.getName().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
                            .add(MimeUtility.unfold(value).strip());
                }
            }
        } catch (MessagingException | RuntimeException e) {
            // what was read so far is kept
        }
        return fields;
    }

    private static @Nullable String firstValue(Map<String, List<String>> fields, String name) {
        List<String> values = fields.get(name);
        return values == null || values.isEmpty() ? null : values.getFirst();
    }

    static String baseType(Part part) {
        try {
            String ct = part.getContentType();
            if (ct == null) {
                return "text/plain";
            }
            return new ContentType(ct).getBaseType().toLowerCase(Locale.ROOT);
        } catch (MessagingException | RuntimeException e) {
            return "application/octet-stream";
        }
    }

    private static @Nullable String parameter(Part part, String name) {
        try {
            return new ContentType(part.getContentType()).getParameter(name);
        } catch (MessagingException | RuntimeException e) {
            return null;
        }
    }

    private static Charset charset(Part part) {
        String name = parameter(part, "charset");
        if (name == null || name.isBlank()) {
            return StandardCharsets.UTF_8;
        }
        try {
            return Charset.forName(MimeUtility.javaCharset(name.strip()));
        } catch (RuntimeException e) {
            return StandardCharsets.UTF_8;
        }
    }

    private static @Nullable String filename(Part part) {
        try {
            String name = part.getFileName();
            return name == null || name.isBlank() ? null : ReportBuilder.oneLine(name);
        } catch (MessagingException | RuntimeException e) {
            return null;
        }
    }

    private static @Nullable String disposition(Part part) {
        try {
            return part.getDisposition();
        } catch (MessagingException | RuntimeException e) {
            return null;
        }
    }

    static @Nullable String header(Part part, String name) {
        try {
            String[] values = part.getHeader(name);
            return values == null || values.length == 0 ? null : values[0];
        } catch (MessagingException | RuntimeException e) {
            return null;
        }
    }

    private static String decodeHeader(String value) {
        try {
            return ReportBuilder.oneLine(MimeUtility.decodeText(MimeUtility.unfold(value)));
        } catch (IOException | RuntimeException e) {
            return ReportBuilder.oneLine(value);
        }
    }

    /** A part's decoded content, or null when it is larger than {@code max} bytes. */
    private static byte @Nullable [] read(Part part, int max) throws MessagingException, IOException {
        try (InputStream in = part.getInputStream()) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            long total = 0;
            int n;
            while ((n = in.read(buffer)) > 0) {
                total += n;
                if (total > max) {
                    return null;
                }
                out.write(buffer, 0, n);
            }
            return out.toByteArray();
        }
    }

    private static String bodyAfterHeaders(byte[] raw) {
        String s = new String(raw, StandardCharsets.UTF_8);
        int crlf = s.indexOf("\r\n\r\n");
        int lf = s.indexOf("\n\n");
        int at = crlf >= 0 && (lf < 0 || crlf < lf) ? crlf + 4 : lf >= 0 ? lf + 2 : 0;
        return s.substring(at);
    }

    private static String message(Exception e) {
        String m = e.getMessage();
        if (m == null || m.isBlank()) {
            m = e.getClass().getSimpleName();
        }
        m = m.replaceAll("\\p{Cntrl}", " ");
        return m.length() > 200 ? m.substring(0, 200) + "…" : m;
    }
}
