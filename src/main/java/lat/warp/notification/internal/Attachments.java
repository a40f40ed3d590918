package lat.warp.notification.internal;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import lat.warp.notification.NotificationPolicy.AttachmentFormat;

/** The events of a message as the attachment format the member chose: CSV, JSON, or X-ARF v2 (JSON). */
final class Attachments {

    record Attachment(String fileName, String contentType, byte[] content) {
    }

    private Attachments() {
    }

    static Attachment of(AttachmentFormat format, List<Map<String, Object>> events, String reporter, String reference) {
        return switch (format) {
            case CSV -> new Attachment("events.csv", "text/csv; charset=UTF-8", csv(events));
            case JSON -> new Attachment("events.json", "application/json",
                    Outbox.JSON.writeValueAsBytes(events));
            case XARF -> new Attachment("events.xarf.json", "application/json", xarf(events, reporter, reference));
        };
    }

    static byte[] csv(List<Map<String, Object>> events) {
        TreeSet<String> columns = new TreeSet<>();
        events.forEach(e -> columns.addAll(e.keySet()));
        columns.remove("raw");
        List<String> order = new ArrayList<>();
        for (String first : List.of("time.source", "classification.taxonomy", "classification.type", "source.ip",
                "source.port", "source.asn", "source.fqdn", "source.url")) {
            if (columns.remove(first)) {
                order.add(first);
            }
        }
        order.addAll(columns);
        StringBuilder out = new StringBuilder();
        out.append(String.join(",", order.stream().map(Attachments::cell).toList())).append("\r\n");
        for (Map<String, Object> event : events) {
            List<String> cells = new ArrayList<>(order.size());
            for (String column : order) {
                Object value = event.get(column);
                cells.add(cell(value == null ? "" : String.valueOf(value)));
            }
            out.append(String.join(",", cells)).append("\r\n");
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String cell(String text) {
        String safe = text;
        // A cell that a spreadsheet would run as a formula is quoted with a leading apostrophe.
        if (!safe.isEmpty() && "=+-@\t\r".indexOf(safe.charAt(0)) >= 0 && !safe.matches("-?[0-9.]+")) {
            safe = "'" + safe;
        }
        if (safe.contains(",") || safe.contains("\"") || safe.contains("\n") || safe.contains("\r")) {
            return "\"" + safe.replace("\"", "\"\"") + "\"";
        }
        return safe;
    }

    /** One X-ARF v2 report per event (https://xarf.org), as a JSON array. */
    static byte[] xarf(List<Map<String, Object>> events, String reporter, String reference) {
        List<Map<String, Object>> reports = new ArrayList<>();
        for (Map<String, Object> event : events) {
            Map<String, Object> report = new LinkedHashMap<>();
            report.put("Version", "2");
            report.put("ReporterInfo", Map.of("ReporterOrg", "WARP", "ReporterOrgEmail", reporter));
            report.put("Disclosure", false);
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("ReportClass", "Activity");
            body.put("ReportType", String.valueOf(event.getOrDefault("classification.type", "other")));
            body.put("Date", String.valueOf(event.getOrDefault("time.source", "")));
            body.put("SourceType", "ip-address");
            body.put("Source", String.valueOf(event.getOrDefault("source.ip", "")));
            if (event.get("source.port") != null) {
                body.put("SourcePort", event.get("source.port"));
            }
            body.put("Ticket", reference);
            body.put("AdditionalInformation", event);
            report.put("Report", body);
            reports.add(report);
        }
        return Outbox.JSON.writeValueAsBytes(reports);
    }
}
