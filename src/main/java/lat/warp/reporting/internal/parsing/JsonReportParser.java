package lat.warp.reporting.internal.parsing;

import java.util.Locale;
import lat.warp.events.Tlp;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * WARP's own JSON report, the body of {@code POST /api/v1/reports} and what the forms submit (see
 * {@code docs/report-formats.md}). A JSON document that is an X-ARF 4 report goes to
 * {@link XarfV4Parser} instead.
 */
final class JsonReportParser {

    /** Nesting, string and document sizes a hostile document cannot exceed. */
    static final JsonMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNestingDepth(64)
                    .maxStringLength(5_000_000)
                    .maxNumberLength(100)
                    .maxNameLength(1_000)
                    .maxTokenCount(2_000_000)
                    .build())
            .build()).build();

    private JsonReportParser() {
    }

    static ParsedReport parse(byte[] raw, ParseLimits limits) {
        JsonNode root;
        try {
            root = MAPPER.readTree(raw);
        } catch (JacksonException e) {
            ReportBuilder b = new ReportBuilder(ReportFormat.JSON, limits);
            b.problem("The JSON report could not be read: " + JacksonMessages.shortMessage(e));
            b.text(new String(raw, java.nio.charset.StandardCharsets.UTF_8));
            b.extractFrom(b.textSoFar());
            return b.build();
        }
        if (XarfV4Parser.isXarf(root)) {
            ReportBuilder b = new ReportBuilder(ReportFormat.XARF, limits);
            XarfV4Parser.read(root, b);
            return b.build();
        }
        ReportBuilder b = new ReportBuilder(ReportFormat.JSON, limits);
        read(root, b);
        return b.build();
    }

    static void read(@Nullable JsonNode root, ReportBuilder b) {
        if (root == null || root.isMissingNode()) {
            b.problem("The JSON report is empty.");
            return;
        }
        if (!root.isObject()) {
            b.problem("The JSON report is not an object.");
            return;
        }
        String email = text(root, "reporterEmail", b);
        if (email != null && !email.isBlank()) {
            var found = IndicatorExtractor.classify(email);
            if (found.size() == 1 && found.getFirst().kind() == IndicatorKind.EMAIL) {
                b.reporterEmail = found.getFirst().value();
            } else {
                b.problem("reporterEmail '" + ReportBuilder.shorten(email) + "' is not an e-mail address.");
            }
        }
        String name = text(root, "reporterName", b);
        if (name != null && !name.isBlank()) {
            b.reporterName = ReportBuilder.oneLine(name);
        }
        b.subject(text(root, "subject", b));
        String description = text(root, "description", b);
        b.text(description);
        String occurred = text(root, "occurredAt", b);
        if (occurred != null && !occurred.isBlank()) {
            b.occurredAt = Dates.parse(occurred);
            if (b.occurredAt == null) {
                b.problem("occurredAt '" + ReportBuilder.shorten(occurred) + "' is not an ISO-8601 date and time.");
            }
        }
        String classification = text(root, "classification", b);
        if (classification != null && !classification.isBlank()) {
            b.classificationHint = RsitMapping.rsit(classification);
            if (b.classificationHint == null) {
                b.problem("classification '" + ReportBuilder.shorten(classification) + "' is not an RSIT type.");
            }
        }
        String tlp = text(root, "tlp", b);
        if (tlp != null && !tlp.isBlank()) {
            b.tlp = Tlp.parseOrNull(tlp);
            if (b.tlp == null) {
                b.problem("tlp '" + ReportBuilder.shorten(tlp) + "' is not a TLP label.");
            }
        }
        JsonNode indicators = root.get("indicators");
        if (indicators != null && !indicators.isNull()) {
            if (!indicators.isArray()) {
                b.problem("indicators must be a list of strings.");
            } else {
                int i = 0;
                for (JsonNode n : indicators) {
                    if (n.isString()) {
                        b.explicitIndicator(n.stringValue(), "indicators[" + i + "]");
                    } else {
                        b.problem("indicators[" + i + "] is not a string.");
                    }
                    i++;
                }
            }
        }
        b.extractFrom(description);
        if ((description == null || description.isBlank()) && b.indicatorCount() == 0) {
            b.problem("The report has neither a description nor indicators.");
        }
    }

    /** A string field, or null when absent; a field of another type is a problem. */
    static @Nullable String text(JsonNode object, String field, ReportBuilder b) {
        JsonNode n = object.get(field);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isString()) {
            b.problem(field + " must be a string.");
            return null;
        }
        return n.stringValue();
    }

    /** A scalar's text whatever its JSON type, or null for absent, null and containers. */
    static @Nullable String scalar(@Nullable JsonNode n) {
        if (n == null || n.isNull() || n.isContainer()) {
            return null;
        }
        return n.asString();
    }

    static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }

    /** Jackson's messages without the source excerpt they may carry. */
    static final class JacksonMessages {
        private JacksonMessages() {
        }

        static String shortMessage(JacksonException e) {
            String m = e.getOriginalMessage();
            if (m == null) {
                m = e.getClass().getSimpleName();
            }
            m = m.replaceAll("\\p{Cntrl}", " ");
            String where = e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr() + ")";
            return (m.length() > 200 ? m.substring(0, 200) + "…" : m) + where;
        }
    }
}
