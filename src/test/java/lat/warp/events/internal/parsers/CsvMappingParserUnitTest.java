package lat.warp.events.internal.parsers;

import static lat.warp.events.internal.parsers.ShadowserverSamples.OBSERVED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import lat.warp.events.Classification;
import lat.warp.events.Event;
import lat.warp.events.Tlp;
import lat.warp.registry.IpPrefix.IpAddress;
import lat.warp.shared.InvalidInputException;
import org.junit.jupiter.api.Test;

class CsvMappingParserUnitTest {

    private static final String CERT_EXPORT = """
            fecha;ip_atacante;puerto;tipo;pais;comentario
            05/01/2024 10:15;200.7.84.10;22;brute-force;uy;"intentos; 120"
            05/01/2024 10:16;200.7.84.11;3389;botnet drone;UY;mirai
            """;

    private final Collecting sink = new Collecting();

    private static ColumnMapping certMapping() {
        Map<String, String> columns = new LinkedHashMap<>();
        columns.put("fecha", "time.source");
        columns.put("ip_atacante", "source.ip");
        columns.put("puerto", "source.port");
        columns.put("tipo", "classification.type");
        columns.put("pais", "source.geolocation.cc");
        return new ColumnMapping("CERT-UY export", ';', true, columns, "dd/MM/yyyy HH:mm", null, Tlp.GREEN);
    }

    @Test
    void mapsColumnsToFieldsAndKeepsTheRestAsExtra() throws IOException {
        ParseResult result = new CsvMappingParser(certMapping()).parse(ShadowserverSamples.stream(CERT_EXPORT),
                FeedContext.of("export.csv", OBSERVED), sink);

        assertThat(result.problems()).isEmpty();
        assertThat(result.feedCode()).isEqualTo("CERT-UY export");
        Event first = sink.events().get(0);
        assertThat(first.timeSource()).isEqualTo(Instant.parse("2024-01-05T10:15:00Z"));
        assertThat(first.sourceIp()).isEqualTo(IpAddress.parse("200.7.84.10"));
        assertThat(first.sourcePort()).isEqualTo(22);
        assertThat(first.classification()).isEqualTo(new Classification("intrusion-attempts", "brute-force"));
        assertThat(first.sourceGeolocationCc()).isEqualTo("UY");
        assertThat(first.extra()).containsExactly(Map.entry("comentario", "intentos; 120"));
        assertThat(first.tlp()).isEqualTo(Tlp.GREEN);
        assertThat(first.feedName()).isEqualTo("CERT-UY export");
        assertThat(first.timeObservation()).isEqualTo(OBSERVED);
        assertThat(first.raw()).isEqualTo("05/01/2024 10:15;200.7.84.10;22;brute-force;uy;\"intentos; 120\"");
        assertThat(sink.events().get(1).classification()).isEqualTo(new Classification("malicious-code", "infected-system"));
    }

    @Test
    void previewShowsTheFirstRowsEventsAndProblemsWithoutASink() throws IOException {
        String content = CERT_EXPORT + "06/01/2024 10:16;200.7.84.500;22;scanner;UY;x\n"
                + "06/01/2024 10:17;200.7.84.12;22;scanner;UY;y\n";

        CsvMappingParser.Preview preview = CsvMappingParser.preview(ShadowserverSamples.stream(content), certMapping(), 3);

        assertThat(preview.failure()).isNull();
        assertThat(preview.columns()).containsExactly("fecha", "ip_atacante", "puerto", "tipo", "pais", "comentario");
        assertThat(preview.events()).hasSize(2);
        assertThat(preview.problems()).singleElement().satisfies(p -> {
            assertThat(p.line()).isEqualTo(4);
            assertThat(p.reason()).isEqualTo("Column 'ip_atacante' (source.ip): Not an IP address: '200.7.84.500'.");
        });
    }

    @Test
    void aFileWithoutAHeaderIsMappedByColumnPositionAndTheDefaultClassification() throws IOException {
        ColumnMapping mapping = new ColumnMapping("honeypot", ',', false,
                Map.of("1", "time.source", "2", "source.ip", "3", "destination.port", "4", ""), "epoch",
                new Classification("information-gathering", "scanner"), null);
        String content = "1704449700,200.7.84.10,23,ignored,kept\n1704449701.5,2001:13c7:7001::9,2323,ignored,kept\n";

        new CsvMappingParser(mapping).parse(ShadowserverSamples.stream(content),
                FeedContext.of(null, OBSERVED).withTlp(Tlp.RED), sink);

        assertThat(sink.events()).hasSize(2);
        Event second = sink.events().get(1);
        assertThat(second.timeSource()).isEqualTo(Instant.parse("2024-01-05T10:15:01.500Z"));
        assertThat(second.destinationPort()).isEqualTo(2323);
        assertThat(second.classification()).isEqualTo(new Classification("information-gathering", "scanner"));
        assertThat(second.extra()).containsExactly(Map.entry("column_5", "kept"));
        assertThat(second.tlp()).isEqualTo(Tlp.RED);
    }

    @Test
    void aFileWithAnotherDelimiterThanTheMappingsFailsAsAWhole() throws IOException {
        ParseResult result = new CsvMappingParser(certMapping()).parse(
                ShadowserverSamples.stream(CERT_EXPORT.replace(';', ',')), FeedContext.of("x.csv", OBSERVED), sink);

        assertThat(result.failure()).isEqualTo(
                "The file seems to separate its columns with commas (,), but the mapping 'CERT-UY export' says semicolons (;).");
        assertThat(sink.events()).isEmpty();
        assertThat(sink.rejected()).isEmpty();
    }

    @Test
    void aFileWithoutAColumnTheMappingReadsFails() throws IOException {
        ParseResult result = new CsvMappingParser(certMapping()).parse(
                ShadowserverSamples.stream(CERT_EXPORT.replace("ip_atacante", "ip")), FeedContext.of("x.csv", OBSERVED), sink);

        assertThat(result.failure()).isEqualTo("The file lacks columns that the mapping 'CERT-UY export' reads: ip_atacante."
                + " The file's columns are: fecha, ip, puerto, tipo, pais, comentario.");
    }

    @Test
    void rowsWithoutAValidClassificationOrWithTheWrongColumnCountAreRejected() throws IOException {
        String content = CERT_EXPORT + "05/01/2024 10:17;200.7.84.12;22;;UY;x\n"
                + "05/01/2024 10:18;200.7.84.13;22;crypto-mining;UY;x\n"
                + "05/01/2024 10:19;200.7.84.14;22\n"
                + "2024-01-05 10:20;200.7.84.15;22;scanner;UY;x\n";

        ParseResult result = new CsvMappingParser(certMapping()).parse(ShadowserverSamples.stream(content),
                FeedContext.of("x.csv", OBSERVED), sink);

        assertThat(result.accepted()).isEqualTo(2);
        assertThat(result.problems()).extracting(RowProblem::line).containsExactly(4L, 5L, 6L, 7L);
        assertThat(result.problems()).extracting(RowProblem::reason).satisfiesExactly(
                r -> assertThat(r).isEqualTo("The classification type is missing."),
                r -> assertThat(r).startsWith("Column 'tipo' (classification.type): Unknown classification type 'crypto-mining'")
                        .contains("Known types:"),
                r -> assertThat(r).isEqualTo("Expected 6 columns, found 3 (the row is cut short)."),
                r -> assertThat(r).isEqualTo(
                        "Column 'fecha' (time.source): Not a time in the format 'dd/MM/yyyy HH:mm': '2024-01-05 10:20'."));
    }

    @Test
    void aMappingNamingUnknownFieldsOrNoClassificationIsRefused() {
        assertThatThrownBy(() -> new ColumnMapping("m", ',', true, Map.of("a", "source.ipaddress"), null,
                new Classification("other", "other"), null))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("Unknown event fields: source.ipaddress. Use one of time.source");
        assertThatThrownBy(() -> new ColumnMapping("m", ',', true, Map.of("a", "source.ip"), null, null, null))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("Map a column to classification.type or give a default classification.");
        assertThatThrownBy(() -> new ColumnMapping("m", ',', false, Map.of("ip", "source.ip"), null,
                new Classification("other", "other"), null))
                .hasMessageContaining("named by position");
        assertThatThrownBy(() -> new ColumnMapping("m", ',', true, Map.of("a", "source.ip"), "yyyy-MM-dd bb",
                new Classification("other", "other"), null))
                .hasMessageStartingWith("Not a time pattern");
    }

    @Test
    void aLegacyDefaultClassificationIsNormalised() {
        ColumnMapping mapping = new ColumnMapping("m", ',', true, Map.of("a", "source.ip"), null,
                new Classification("malicious code", "botnet drone"), null);

        assertThat(mapping.defaultClassification()).isEqualTo(new Classification("malicious-code", "infected-system"));
    }
}
