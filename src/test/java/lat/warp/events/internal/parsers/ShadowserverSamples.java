package lat.warp.events.internal.parsers;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Realistic Shadowserver rows for tests, made from the schema's column names: LACNIC addresses
 * (200.7.84.0/24 and 2001:13c7:7001::/48, LACNIC's own), LACNIC AS numbers, Uruguay, Shadowserver's time
 * formats. Read straight from the JSON file, independently of the parser's own schema loading.
 */
final class ShadowserverSamples {

    static final Instant OBSERVED = Instant.parse("2024-01-05T12:00:00Z");
    static final Instant[] TIMES = {Instant.parse("2024-01-05T10:15:00Z"), Instant.parse("2024-01-05T10:15:01Z")};
    static final long SOURCE_ASN = 28000;
    static final long DESTINATION_ASN = 6057;
    static final int SOURCE_PORT = 443;
    static final int DESTINATION_PORT = 80;

    /** One schema entry as the JSON file has it. */
    record Entry(String key, String name, List<String> fields, String taxonomy, String type) {
        boolean ipv6() {
            return name.contains("IPv6");
        }

        @Override
        public String toString() {
            return key;
        }
    }

    private static final List<Entry> ENTRIES = load();

    private static List<Entry> load() {
        try (InputStream in = ShadowserverSamples.class.getResourceAsStream("/events/shadowserver_reports.json")) {
            JsonNode root = JsonMapper.builder().build().readTree(in);
            List<Entry> entries = new ArrayList<>();
            for (Map.Entry<String, JsonNode> e : root.properties()) {
                JsonNode v = e.getValue();
                List<String> fields = new ArrayList<>();
                v.get("fields").forEach(f -> fields.add(f.asString()));
                JsonNode t = v.get("classification.taxonomy");
                JsonNode y = v.get("classification.type");
                entries.add(new Entry(e.getKey(), v.get("name").asString(), fields,
                        t == null ? null : t.asString(), y == null ? null : y.asString()));
            }
            return List.copyOf(entries);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<Entry> entries() {
        return ENTRIES;
    }

    static Entry entry(String key) {
        return ENTRIES.stream().filter(e -> e.key().equals(key)).findFirst().orElseThrow();
    }

    /** The source address of row {@code row} in a report of the given family. */
    static String sourceIp(boolean ipv6, int row) {
        return ipv6 ? "2001:13c7:7001:4000::" + Integer.toHexString(10 + row) : "200.7.84." + (10 + row);
    }

    static String destinationIp(boolean ipv6, int row) {
        return ipv6 ? "2001:13c7:7001:8000::" + Integer.toHexString(1 + row) : "200.40.30." + (1 + row);
    }

    /** A plausible value for a column. */
    static String value(String column, boolean ipv6, int row) {
        return switch (column) {
            case "timestamp" -> row % 2 == 0 ? "2024-01-05T10:15:00Z" : "2024-01-05 10:15:01";
            case "ip", "src_ip", "http_referer_ip" -> sourceIp(ipv6, row);
            case "dst_ip" -> destinationIp(ipv6, row);
            case "port", "src_port", "http_referer_port" -> String.valueOf(SOURCE_PORT);
            case "dst_port" -> String.valueOf(DESTINATION_PORT);
            case "asn", "src_asn", "http_referer_asn" -> String.valueOf(SOURCE_ASN);
            case "dst_asn" -> String.valueOf(DESTINATION_ASN);
            case "geo", "src_geo", "http_referer_geo" -> "UY";
            case "dst_geo" -> "BR";
            case "region", "src_region", "dst_region", "http_referer_region" -> "MONTEVIDEO";
            case "city", "src_city", "dst_city", "http_referer_city" -> "MONTEVIDEO";
            case "protocol" -> "tcp";
            case "hostname", "src_hostname", "http_referer_hostname" -> "host-" + (10 + row) + ".example.com.uy";
            case "dst_hostname" -> "sinkhole.example.net";
            case "http_host" -> "c2.example.net";
            case "url" -> "http://" + (ipv6 ? "[" + sourceIp(true, row) + "]" : sourceIp(false, row)) + "/owa/";
            case "email" -> "user" + row + "@example.com.uy";
            case "infection" -> "mirai";
            case "family" -> "Mirai";
            case "application" -> "http";
            case "severity" -> "high";
            case "tag" -> "research,scan";
            case "naics", "src_naics", "dst_naics" -> "517311";
            case "sector", "src_sector", "dst_sector" -> "Communications, Service Provider, and Telecommunications";
            case "banner" -> "SSH-2.0-OpenSSH_8.9p1 Ubuntu-3ubuntu0.4 \"quoted\"";
            case "hostname_source" -> "ptr";
            default -> column.endsWith("_ip") || column.endsWith("_address") ? "200.7.84.99"
                    : column.endsWith("_port") ? "1234"
                    : column.endsWith("_asn") ? "28000"
                    : column.endsWith("_time") || column.endsWith("_date") ? "2024-01-04T00:00:00Z"
                    : "v" + row + "-" + column;
        };
    }

    /** A CSV field, quoted when it has to be. */
    static String csv(String value) {
        if (value.indexOf(',') < 0 && value.indexOf('"') < 0 && value.indexOf('\n') < 0 && value.indexOf('\r') < 0) {
            return value;
        }
        return "\"" + value.replace("\"", "\"\"") + "\"";
    }

    static String line(List<String> fields, boolean ipv6, int row) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < fields.size(); i++) {
            if (i > 0) {
                b.append(',');
            }
            b.append(csv(value(fields.get(i), ipv6, row)));
        }
        return b.toString();
    }

    /** The header and {@code rows} rows of a report. */
    static String report(Entry entry, int rows) {
        StringBuilder b = new StringBuilder(String.join(",", entry.fields())).append('\n');
        for (int r = 0; r < rows; r++) {
            b.append(line(entry.fields(), entry.ipv6(), r)).append('\n');
        }
        return b.toString();
    }

    /** The row's values by column, as the test expects them in {@code extra}. */
    static Map<String, String> values(Entry entry, int row) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String f : entry.fields()) {
            m.put(f, value(f, entry.ipv6(), row));
        }
        return m;
    }

    static String shadowserverFileName(String key) {
        return "2024-01-05-" + key + "-lacnic-example_org-asn-block.csv";
    }

    static InputStream stream(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }

    private ShadowserverSamples() {
    }
}
