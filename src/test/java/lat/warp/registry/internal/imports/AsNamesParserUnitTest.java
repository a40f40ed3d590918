package lat.warp.registry.internal.imports;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AsNamesParserUnitTest {

    private final AsNamesParser parser = new AsNamesParser();

    @Test
    void theShippedFileHasSeventySevenThousandNamesIncludingTriara() throws IOException {
        Map<Long, String> named = new HashMap<>();
        int[] withCountry = {0};

        AsNamesParser.Result result = parser.parse(RegistryFiles.open(RegistryFiles.AS_NAMES), (asn, name, country) -> {
            if (asn == 19_373 || asn == 28_000 || asn == 6_065 || asn == 8_700) {
                named.put(asn, name + " | " + country);
            }
            if (country != null) {
                withCountry[0]++;
            }
        });

        assertThat(result.problems()).isEmpty();
        assertThat(result.entries()).isEqualTo(77_586);
        // 77,585 end in ", CC"; 3,735 of those say ZZ, which means unknown.
        assertThat(withCountry[0]).isEqualTo(77_585 - 3_735);
        assertThat(named).containsEntry(19_373L, "Triara.com, S.A. de C.V. | MX")
                .containsEntry(28_000L, "LACNIC - Latin American and Caribbean IP address | UY")
                .containsEntry(8_700L, " | GR");
    }

    @Test
    void aValueWithoutACountryKeepsItsWholeTextAsTheName() throws IOException {
        String json = """
                {"1": "LVLT-1 - Level 3 Communications, Inc., US",
                 "23456": "-Reserved AS-, ZZ",
                 "15793": "SLLNET Stockholms Lans Landsting, na"}
                """;
        Map<Long, String> named = new HashMap<>();

        AsNamesParser.Result result = parser.parse(RegistryFiles.stream(json),
                (asn, name, country) -> named.put(asn, name + " | " + country));

        assertThat(result.problems()).isEmpty();
        assertThat(named).containsExactlyInAnyOrderEntriesOf(Map.of(
                1L, "LVLT-1 - Level 3 Communications, Inc. | US",
                23_456L, "-Reserved AS- | null",
                15_793L, "SLLNET Stockholms Lans Landsting, na | null"));
    }

    @Test
    void badKeysAndValuesAreReportedAndSkipped() throws IOException {
        String json = """
                {"1": "LVLT-1 - Level 3, US",
                 "AS2": "UDEL-DCN - University of Delaware, US",
                 "3": ["MIT-GATEWAYS"],
                 "4294967296": "TOO-BIG, US",
                 "5": "SYMBOLICS, US"}
                """;
        Map<Long, String> named = new HashMap<>();

        AsNamesParser.Result result = parser.parse(RegistryFiles.stream(json),
                (asn, name, country) -> named.put(asn, name));

        assertThat(result.entries()).isEqualTo(2);
        assertThat(named).containsOnlyKeys(1L, 5L);
        assertThat(result.problems()).containsExactly(
                new LineProblem(2, "column 2: 'AS2' is not an AS number"),
                new LineProblem(3, "column 2: the name of '3' is not a string"),
                new LineProblem(4, "column 2: '4294967296' is not an AS number"));
    }

    @Test
    void malformedJsonIsReportedNotThrown() throws IOException {
        AsNamesParser.Result result = parser.parse(RegistryFiles.stream("{\"1\": \"LVLT-1, US\",\n \"2\" \"x\"}"),
                (asn, name, country) -> { });

        assertThat(result.acceptable()).isFalse();
        assertThat(result.entries()).isEqualTo(1);
        assertThat(result.problems()).singleElement().satisfies(p -> {
            assertThat(p.line()).isEqualTo(2);
            assertThat(p.reason()).contains("not valid JSON");
        });
    }

    @Test
    void aTruncatedGzipFileIsRefused() throws IOException {
        byte[] gzip = RegistryFiles.bytes(RegistryFiles.AS_NAMES);

        AsNamesParser.Result result = parser.parse(new ByteArrayInputStream(Arrays.copyOf(gzip, gzip.length / 2)),
                (asn, name, country) -> { });

        assertThat(result.entries()).isBetween(1, 77_585);
        assertThat(result.problems()).extracting(LineProblem::reason)
                .containsExactly("the compressed data ends early or is corrupt: the file is truncated");
    }

    @Test
    void somethingOtherThanAnObjectIsRefused() throws IOException {
        AsNamesParser.Result result = parser.parse(RegistryFiles.stream("[1, 2]"), (asn, name, country) -> { });

        assertThat(result.problems()).containsExactly(new LineProblem(1, "expected a JSON object from AS number to name"));
    }
}
