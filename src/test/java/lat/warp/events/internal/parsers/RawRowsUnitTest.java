package lat.warp.events.internal.parsers;

import static lat.warp.events.internal.parsers.ShadowserverSamples.OBSERVED;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.zip.GZIPOutputStream;
import lat.warp.events.Event;
import lat.warp.events.Tlp;
import org.junit.jupiter.api.Test;

/**
 * The raw read back from an archived file is exactly the {@code raw} the parser gave each event at intake, for
 * every format, plain or gzip: each event's line leads to its row.
 */
class RawRowsUnitTest {

    /** Every event's (line, raw) as the parser gives them. */
    private static final class ByLine implements EventSink {
        final Map<Long, String> raw = new TreeMap<>();

        @Override
        public void accept(Event event) {
            throw new AssertionError("the parsers give the line");
        }

        @Override
        public void accept(Event event, long line) {
            raw.put(line, event.raw());
        }

        @Override
        public void reject(RowProblem problem) {
        }
    }

    private static final String SHADOWSERVER = "\uFEFF\"timestamp\",\"ip\",\"protocol\",\"port\",\"hostname\",\"tag\",\"asn\",\"geo\"\r\n"
            + "\"2024-01-05 10:15:00\",\"200.7.84.10\",\"tcp\",3389,\"a.example\",\"rdp\",28000,\"UY\"\r\n"
            + "\"2024-01-05 10:16:00\",\"200.7.84.11\",\"tcp\",3389,\"two\nlines, a comma and \"\"quotes\"\"\",\"rdp\",28000,\"UY\"\r\n"
            + "\"2024-01-05 10:17:00\",\"999.1.1.1\",\"tcp\",3389,,,,\r\n"
            + "\n"
            + "\"2024-01-05 10:18:00\",\"200.7.84.12\",\"tcp\",3390,\"ñandú.example\",\"rdp\",28000,\"UY\"\r\n";

    private static final String MAPPED = """
            fecha;ip_atacante;puerto;tipo;comentario
            05/01/2024 10:15;200.7.84.10;22;brute-force;"intentos; 120"
            05/01/2024 10:16;200.7.84.11;3389;botnet drone;"dos
            líneas"
            05/01/2024 10:17;200.7.84.12;25;spam;
            """;

    private static final String JSON_LINES = "{\"classification.type\": \"scanner\", \"source.ip\": \"200.7.84.10\","
            + " \"time.source\": \"2024-01-05T10:15:00+00:00\"}\n"
            + "\n"
            + "{\"classification.type\": \"scanner\", \"source.ip\": \"200.7.84.11\", \"time.source\": \"2024-01-05T10:16:00+00:00\","
            + " \"raw\": \"" + Base64.getEncoder().encodeToString("the source's own line, ñ".getBytes(StandardCharsets.UTF_8)) + "\"}\n"
            + "{\"classification.type\": \"scanner\", \"source.ip\": \"200.7.84.12\", \"time.source\": \"2024-01-05T10:17:00+00:00\"}";

    @Test
    void shadowserverRowsComeBackAsTheParserSawThem() throws IOException {
        ByLine parsed = new ByLine();
        new ShadowserverParser().parse(ShadowserverSamples.stream(SHADOWSERVER),
                FeedContext.of("2024-01-05-scan_rdp-uruguay-geo.csv", OBSERVED).withReportType("scan_rdp"), parsed);
        assertThat(parsed.raw).containsOnlyKeys(2L, 3L, 7L);
        assertThat(parsed.raw.get(3L)).contains("two\nlines");
        assertRoundTrip(SHADOWSERVER, ',', parsed.raw);
    }

    @Test
    void mappedCsvRowsComeBackAsTheParserSawThem() throws IOException {
        Map<String, String> columns = new LinkedHashMap<>();
        columns.put("fecha", "time.source");
        columns.put("ip_atacante", "source.ip");
        columns.put("puerto", "source.port");
        columns.put("tipo", "classification.type");
        ColumnMapping mapping = new ColumnMapping("export", ';', true, columns, "dd/MM/yyyy HH:mm", null, Tlp.GREEN);
        ByLine parsed = new ByLine();
        new CsvMappingParser(mapping).parse(ShadowserverSamples.stream(MAPPED), FeedContext.of("x.csv", OBSERVED), parsed);
        assertThat(parsed.raw).containsOnlyKeys(2L, 3L, 5L);
        assertRoundTrip(MAPPED, ';', parsed.raw);
    }

    @Test
    void jsonLinesComeBackAsTheLineOrTheRawTheyCameWith() throws IOException {
        ByLine parsed = new ByLine();
        new JsonLinesParser().parse(ShadowserverSamples.stream(JSON_LINES), FeedContext.of("x.jsonl", OBSERVED), parsed);
        assertThat(parsed.raw).containsOnlyKeys(1L, 3L, 4L);
        // An IntelMQ event keeps the raw it came with; a line without one is its own raw.
        assertThat(parsed.raw.get(3L)).isEqualTo("the source's own line, ñ");
        Map<Long, String> expected = new TreeMap<>(parsed.raw);
        expected.put(1L, JSON_LINES.lines().toList().get(0));
        expected.put(4L, JSON_LINES.lines().toList().get(3));
        assertRoundTrip(JSON_LINES, RawRows.JSON_LINES, expected);
    }

    @Test
    void readingStopsAtTheLastLineAskedForAndAMissingLineIsAbsent() throws IOException {
        Map<Long, String> read = RawRows.read(ShadowserverSamples.stream(MAPPED), ';', new TreeSet<>(List.of(2L, 4L, 99L)));
        // Line 4 is inside row 3's quoted field: no row starts there.
        assertThat(read).containsOnlyKeys(2L);
    }

    private static void assertRoundTrip(String file, char delimiter, Map<Long, String> expected) throws IOException {
        byte[] plain = file.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
            out.write(plain);
        }
        for (byte[] bytes : List.of(plain, gz.toByteArray())) {
            assertThat(RawRows.read(new ByteArrayInputStream(bytes), delimiter, new TreeSet<>(expected.keySet())))
                    .isEqualTo(expected);
            // One row alone, too (the reading stops there).
            List<Long> lines = new ArrayList<>(expected.keySet());
            long first = lines.getFirst();
            assertThat(RawRows.read(new ByteArrayInputStream(bytes), delimiter, new TreeSet<>(List.of(first))))
                    .containsExactly(Map.entry(first, expected.get(first)));
        }
    }
}
