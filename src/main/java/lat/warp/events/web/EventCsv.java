package lat.warp.events.web;

import java.io.IOException;
import java.io.Writer;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import lat.warp.events.Event;
import lat.warp.events.EventField;
import tools.jackson.databind.json.JsonMapper;

/** Events as CSV and NDJSON lines in IntelMQ's names, shared by the API and the pages' downloads. */
final class EventCsv {

    static final String NDJSON = "application/x-ndjson";
    static final String CSV = "text/csv;charset=UTF-8";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** CSV columns: the typed fields, then every extra field as one JSON object. */
    static final List<String> COLUMNS = Stream.concat(
            Arrays.stream(EventField.values()).map(EventField::intelMqName), Stream.of("extra")).toList();

    private EventCsv() {
    }

    static void header(Writer w) throws IOException {
        line(w, COLUMNS);
    }

    static void row(Writer w, Event event) throws IOException {
        line(w, values(event));
    }

    static void ndjson(Writer w, Event event) throws IOException {
        w.write(JSON.writeValueAsString(event.toIntelMq()));
        w.write('\n');
    }

    private static List<String> values(Event event) {
        Map<String, Object> fields = event.toIntelMq();
        Map<String, Object> extra = new LinkedHashMap<>();
        fields.forEach((k, v) -> {
            if (k.startsWith("extra.")) {
                extra.put(k.substring(6), v);
            }
        });
        return COLUMNS.stream().map(c -> {
            if (c.equals("extra")) {
                return extra.isEmpty() ? "" : JSON.writeValueAsString(extra);
            }
            Object v = fields.get(c);
            return v == null ? "" : v.toString();
        }).toList();
    }

    /** RFC 4180: quoted when it holds a comma, quote or line break; a leading =+-@ is quoted too (spreadsheet formulas). */
    static void line(Writer w, List<String> values) throws IOException {
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) {
                w.write(',');
            }
            String v = values.get(i);
            boolean formula = !v.isEmpty() && "=+-@".indexOf(v.charAt(0)) >= 0;
            if (formula || v.indexOf(',') >= 0 || v.indexOf('"') >= 0 || v.indexOf('\n') >= 0 || v.indexOf('\r') >= 0) {
                w.write('"');
                w.write((formula ? "'" : "") + v.replace("\"", "\"\""));
                w.write('"');
            } else {
                w.write(v);
            }
        }
        w.write("\r\n");
    }
}
