package lat.warp.reporting.internal.parsing;

import java.util.List;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * X-ARF 4 (JSON), in both of its shapes: abusix's original one ({@code Version: "4"}, {@code ReporterInfo},
 * {@code Report} with {@code ReportClass}, {@code ReportType}, {@code Date}, {@code SourceIp},
 * {@code SourceUrl}, {@code Samples}) and the later xarf-spec 4.0 one ({@code xarf_version},
 * {@code report_id}, {@code reporter}, {@code category}, {@code type}, {@code source_identifier},
 * {@code url}). The report's own source fields are its indicators; its free text is searched only when
 * they name none (the text of an abuse report names the victim too).
 */
final class XarfV4Parser {

    private static final List<String> SOURCE_FIELDS = List.of("SourceIp", "SourceIP", "SourceUrl", "SourceURL",
            "SourceDomain", "Url", "URL", "Domain");
    private static final List<String> NESTED_SOURCE_FIELDS = List.of("IP", "Ip", "IPv4", "IPv6", "Url", "URL",
            "Domain", "Host", "Email");

    private XarfV4Parser() {
    }

    static boolean isXarf(@Nullable JsonNode root) {
        if (root == null || !root.isObject()) {
            return false;
        }
        if (root.has("xarf_version")) {
            return true;
        }
        String version = JsonReportParser.scalar(root.get("Version"));
        JsonNode report = root.get("Report");
        return (version != null && version.strip().startsWith("4"))
                || (report != null && report.isObject() && report.has("ReportType"));
    }

    static void read(JsonNode root, ReportBuilder b) {
        if (root.has("xarf_version")) {
            readSpec(root, b);
        } else {
            readAbusix(root, b);
        }
        if (b.indicatorCount() == 0) {
            b.extractFrom(b.textSoFar());
        }
        if (b.classificationHint == null) {
            b.problem("The X-ARF report type is not one WARP maps to an RSIT type.");
        }
    }

    private static void readAbusix(JsonNode root, ReportBuilder b) {
        JsonNode info = root.path("ReporterInfo");
        String email = first(info, "ReporterContactEmail", "ReporterOrgEmail");
        reporterEmail(b, email);
        b.reporterName = oneLine(first(info, "ReporterOrg", "ReporterContactName"));
        JsonNode report = root.get("Report");
        if (report == null || !report.isObject()) {
            b.problem("The X-ARF 4 report has no Report object.");
            return;
        }
        String reportClass = JsonReportParser.scalar(report.get("ReportClass"));
        String reportType = JsonReportParser.scalar(report.get("ReportType"));
        b.classificationHint = RsitMapping.xarf(reportClass, reportType);
        b.subject("X-ARF " + (reportClass == null ? "" : reportClass + "/") + (reportType == null ? "report"
                : reportType) + " report");
        date(b, JsonReportParser.scalar(report.get("Date")), "Report.Date");
        b.externalId = oneLine(JsonReportParser.scalar(report.get("ReportId")));
        for (String field : SOURCE_FIELDS) {
            b.explicitIndicator(JsonReportParser.scalar(report.get(field)), "Report." + field);
        }
        JsonNode source = report.get("Source");
        if (source != null && source.isObject()) {
            for (String field : NESTED_SOURCE_FIELDS) {
                b.explicitIndicator(JsonReportParser.scalar(source.get(field)), "Report.Source." + field);
            }
        } else {
            b.explicitIndicator(JsonReportParser.scalar(source), "Report.Source");
        }
        JsonNode samples = report.get("Samples");
        if (samples != null && samples.isArray()) {
            for (JsonNode sample : samples) {
                boolean base64 = sample.path("Base64Encoded").asBoolean(false);
                String payload = JsonReportParser.scalar(sample.get("Payload"));
                String description = JsonReportParser.scalar(sample.get("Description"));
                if (payload != null && !base64) {
                    b.text((description == null ? "Sample" : description) + ":\n" + payload + "\n\n");
                }
            }
        }
    }

    private static void readSpec(JsonNode root, ReportBuilder b) {
        JsonNode reporter = root.path("reporter");
        reporterEmail(b, first(reporter, "contact", "email"));
        b.reporterName = oneLine(first(reporter, "org", "name"));
        String category = first(root, "category", "class");
        String type = JsonReportParser.scalar(root.get("type"));
        b.classificationHint = RsitMapping.xarf(category, type);
        b.subject("X-ARF " + (category == null ? "" : category + "/") + (type == null ? "report" : type)
                + " report");
        date(b, JsonReportParser.scalar(root.get("timestamp")), "timestamp");
        b.externalId = oneLine(JsonReportParser.scalar(root.get("report_id")));
        for (String field : List.of("source_identifier", "url", "domain", "source_url", "sender_email")) {
            b.explicitIndicator(JsonReportParser.scalar(root.get(field)), field);
        }
        String description = JsonReportParser.scalar(root.get("description"));
        if (description != null) {
            b.text(description + "\n\n");
        }
        JsonNode evidence = root.get("evidence");
        if (evidence != null && evidence.isArray()) {
            for (JsonNode item : evidence) {
                String contentType = JsonReportParser.scalar(item.get("content_type"));
                String payload = JsonReportParser.scalar(item.get("payload"));
                if (payload != null && contentType != null && contentType.startsWith("text/")
                        && !"base64".equalsIgnoreCase(JsonReportParser.scalar(item.get("encoding")))) {
                    b.text("Evidence:\n" + payload + "\n\n");
                }
            }
        }
    }

    /** Reads X-ARF 4 from a mail's JSON part into the mail's report. */
    static boolean readInto(byte[] json, ReportBuilder b) {
        JsonNode root;
        try {
            root = JsonReportParser.MAPPER.readTree(json);
        } catch (tools.jackson.core.JacksonException e) {
            return false;
        }
        if (!isXarf(root)) {
            return false;
        }
        b.format = ReportFormat.XARF;
        String subject = b.subject;
        String email = b.reporterEmail;
        read(root, b);
        if (subject != null && !subject.isBlank()) {
            b.subject = subject;
        }
        if (email != null) {
            b.reporterEmail = email;
        }
        return true;
    }

    private static void reporterEmail(ReportBuilder b, @Nullable String email) {
        if (email == null || email.isBlank()) {
            return;
        }
        var found = IndicatorExtractor.classify(email);
        if (found.size() == 1 && found.getFirst().kind() == IndicatorKind.EMAIL) {
            b.reporterEmail = found.getFirst().value();
        }
    }

    private static void date(ReportBuilder b, @Nullable String text, String field) {
        if (text != null && !text.isBlank()) {
            b.occurredAt = Dates.parse(text);
            if (b.occurredAt == null) {
                b.problem(field + " '" + ReportBuilder.shorten(text) + "' is not a date.");
            }
        }
    }

    private static @Nullable String first(JsonNode object, String... fields) {
        for (String f : fields) {
            String v = JsonReportParser.scalar(object.get(f));
            if (v != null && !v.isBlank()) {
                return v;
            }
        }
        return null;
    }

    private static @Nullable String oneLine(@Nullable String s) {
        return s == null || s.isBlank() ? null : ReportBuilder.oneLine(s);
    }
}
