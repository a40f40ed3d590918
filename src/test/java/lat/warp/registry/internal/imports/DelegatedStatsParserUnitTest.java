package lat.warp.registry.internal.imports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import lat.warp.registry.IpPrefix;
import lat.warp.registry.internal.imports.DelegatedRecord.ResourceType;
import lat.warp.registry.internal.imports.DelegatedRecord.Status;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DelegatedStatsParserUnitTest {

    private final DelegatedStatsParser parser = new DelegatedStatsParser();

    @Test
    void theCompleteLacnicFileParsesWithoutProblems() throws IOException {
        DelegatedFile file;
        try (InputStream in = RegistryFiles.open(RegistryFiles.LACNIC)) {
            file = parser.parse(in);
        }

        assertThat(file.problems()).isEmpty();
        assertThat(file.acceptable()).isTrue();
        assertThat(file.header()).isEqualTo(new DelegatedFile.Header(1, "2.3", "lacnic", "20240104", 88_619,
                LocalDate.of(1987, 1, 1), LocalDate.of(2024, 1, 4), "-0300"));
        assertThat(file.records()).hasSize(88_619);
        assertThat(file.summaryCounts()).containsExactlyInAnyOrderEntriesOf(
                Map.of("ipv4", 19_778, "ipv6", 54_199, "asn", 14_642));
        assertThat(countBy(file, DelegatedRecord::type)).containsExactlyInAnyOrderEntriesOf(
                Map.of(ResourceType.IPV4, 19_778L, ResourceType.IPV6, 54_199L, ResourceType.ASN, 14_642L));
        assertThat(countBy(file, DelegatedRecord::status)).containsExactlyInAnyOrderEntriesOf(Map.of(
                Status.ALLOCATED, 41_040L, Status.ASSIGNED, 4_076L, Status.RESERVED, 15_967L,
                Status.AVAILABLE, 27_536L));
    }

    @Test
    void theLacnicIpv4RecordsAreAllSingleCidrBlocksCoveringOneHundredNinetyMillionAddresses() throws IOException {
        DelegatedFile file = parser.parse(RegistryFiles.open(RegistryFiles.LACNIC));

        List<IpPrefix> ipv4 = file.records().stream()
                .filter(r -> r.type() == ResourceType.IPV4)
                .flatMap(r -> r.prefixes().stream())
                .toList();
        // LACNIC, unlike AFRINIC, only ever writes power-of-two counts at aligned starts.
        assertThat(ipv4).hasSize(19_778);
        assertThat(ipv4.stream().mapToLong(p -> 1L << (32 - p.length())).sum()).isEqualTo(190_082_048L);
        assertThat(new HashSet<>(ipv4)).hasSize(19_778);
    }

    @Test
    void theLacnicFileNamesThirteenThousandEightHundredSeventyFiveHolders() throws IOException {
        DelegatedFile file = parser.parse(RegistryFiles.open(RegistryFiles.LACNIC));

        Set<String> holders = file.records().stream()
                .filter(r -> r.status().held())
                .map(DelegatedRecord::opaqueId)
                .collect(Collectors.toSet());
        long asNumbers = file.records().stream()
                .filter(r -> r.type() == ResourceType.ASN)
                .mapToLong(r -> r.asnLast() - r.asnFirst() + 1)
                .sum();

        assertThat(holders).hasSize(13_875);
        assertThat(asNumbers).isEqualTo(15_103);
    }

    @Test
    void theExcerptParsesEveryStatusAndTypeCombinationLacnicUses() throws IOException {
        DelegatedFile file = parser.parse(RegistryFiles.open(RegistryFiles.LACNIC_EXCERPT));

        assertThat(file.problems()).isEmpty();
        assertThat(file.records()).hasSize(36);
        // LACNIC's file has no assigned ASNs, so neither has the excerpt.
        assertThat(file.records().stream().map(r -> r.type() + "/" + r.status()).distinct())
                .hasSize(ResourceType.values().length * Status.values().length - 1)
                .doesNotContain("ASN/ASSIGNED");

        assertThat(file.records().getFirst()).isEqualTo(new DelegatedRecord(5, "lacnic", "BR", ResourceType.IPV4,
                List.of(IpPrefix.parse("24.152.0.0/22")), -1, -1, LocalDate.of(2020, 3, 10), Status.ALLOCATED,
                "310248"));
        assertThat(record(file, 14)).isEqualTo(new DelegatedRecord(14, "lacnic", "", ResourceType.IPV4,
                List.of(IpPrefix.parse("45.6.236.0/22")), -1, -1, null, Status.RESERVED, ""));
        assertThat(record(file, 20).prefixes()).containsExactly(IpPrefix.parse("187.192.0.0/11"));
        assertThat(record(file, 21)).isEqualTo(new DelegatedRecord(21, "lacnic", "", ResourceType.IPV4,
                List.of(IpPrefix.parse("190.9.127.0/24")), -1, -1, null, Status.AVAILABLE, ""));
        assertThat(record(file, 23).prefixes()).containsExactly(IpPrefix.parse("2001:1201:20::/43"));
        assertThat(record(file, 26).prefixes()).containsExactly(IpPrefix.parse("2001:1221::/48"));
        assertThat(record(file, 38)).isEqualTo(new DelegatedRecord(38, "lacnic", "", ResourceType.ASN, List.of(),
                26_596, 26_597, null, Status.AVAILABLE, ""));
        assertThat(record(file, 40)).isEqualTo(new DelegatedRecord(40, "lacnic", "AU", ResourceType.ASN, List.of(),
                262_246, 262_246, LocalDate.of(2012, 10, 16), Status.ALLOCATED, "95844"));
    }

    @Test
    void gzipAndPlainTextGiveTheSameResult() throws IOException {
        byte[] plain = RegistryFiles.bytes(RegistryFiles.LACNIC_EXCERPT);

        DelegatedFile fromPlain = parser.parse(new ByteArrayInputStream(plain));
        DelegatedFile fromGzip = parser.parse(new ByteArrayInputStream(RegistryFiles.gzip(plain)));

        assertThat(fromGzip).isEqualTo(fromPlain);
    }

    @Test
    void afrinicCountsThatAreNotPowersOfTwoSplitIntoTheFewestPrefixes() throws IOException {
        DelegatedFile file = parser.parse(RegistryFiles.open(RegistryFiles.AFRINIC_EXCERPT));

        assertThat(file.records()).hasSize(9);
        assertThat(file.records().getFirst().prefixes())
                .containsExactly(IpPrefix.parse("164.146.0.0/15"), IpPrefix.parse("164.148.0.0/14"));
        assertThat(record(file, 6).prefixes()).containsExactly(IpPrefix.parse("196.4.20.0/22"),
                IpPrefix.parse("196.4.24.0/22"), IpPrefix.parse("196.4.28.0/23"));
        assertThat(record(file, 7).prefixes()).containsExactly(IpPrefix.parse("196.13.234.0/23"),
                IpPrefix.parse("196.13.236.0/23"), IpPrefix.parse("196.13.238.0/24"));
        assertThat(record(file, 8).prefixes())
                .containsExactly(IpPrefix.parse("196.1.87.0/24"), IpPrefix.parse("196.1.88.0/22"));
        assertThat(record(file, 13).prefixes())
                .containsExactly(IpPrefix.parse("196.4.200.0/21"), IpPrefix.parse("196.4.208.0/22"));
        for (DelegatedRecord r : file.records()) {
            long covered = r.prefixes().stream().mapToLong(p -> 1L << (32 - p.length())).sum();
            assertThat(covered).as("line %d", r.line()).isEqualTo(Long.parseLong(
                    RegistryFiles.text(RegistryFiles.AFRINIC_EXCERPT).lines().toList().get(r.line() - 1)
                            .split("\\|")[4]));
        }
    }

    @Test
    void afrinicHeaderQuirksAreAcceptedButItsUnadjustedCountsAreReported() throws IOException {
        DelegatedFile file = parser.parse(RegistryFiles.open(RegistryFiles.AFRINIC_EXCERPT));

        assertThat(file.header()).isEqualTo(new DelegatedFile.Header(1, "2", "afrinic", "20240105", 15_814, null,
                LocalDate.of(2024, 1, 5), "00000"));
        assertThat(file.acceptable()).isFalse();
        assertThat(file.problems()).containsExactly(
                new LineProblem(1, "the version line declares 15814 records but the file has 9 (is it truncated?)"),
                new LineProblem(2, "the summary declares 3326 asn records but the file has 0"),
                new LineProblem(3, "the summary declares 5302 ipv4 records but the file has 9"),
                new LineProblem(4, "the summary declares 7186 ipv6 records but the file has 0"));
    }

    @Test
    void aLacnicFileCutMidwayIsRefusedForItsRecordCount() throws IOException {
        byte[] plain = RegistryFiles.gunzip(RegistryFiles.bytes(RegistryFiles.LACNIC));
        byte[] firstHalf = Arrays.copyOf(plain, plain.length / 2);

        DelegatedFile file = parser.parse(new ByteArrayInputStream(firstHalf));

        assertThat(file.acceptable()).isFalse();
        assertThat(file.problems()).anySatisfy(p -> {
            assertThat(p.line()).isEqualTo(1);
            assertThat(p.reason()).startsWith("the version line declares 88619 records but the file has 4");
        });
    }

    @Test
    void aGzipCopyCutMidwayIsRefusedAsTruncated() throws IOException {
        byte[] gzip = RegistryFiles.bytes(RegistryFiles.LACNIC);

        DelegatedFile file = parser.parse(new ByteArrayInputStream(Arrays.copyOf(gzip, gzip.length / 2)));

        assertThat(file.acceptable()).isFalse();
        assertThat(file.problems()).extracting(LineProblem::reason)
                .contains("the compressed data ends early: the file is truncated")
                .anySatisfy(reason -> assertThat(reason).startsWith("the version line declares 88619 records"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
            "lacnic|BR|ipv4|24.152.0.256|1024|20200310|allocated|310248; bad IPv4 address '24.152.0.256'",
            "lacnic|BR|ipv4|24.152.0|1024|20200310|allocated|310248; bad IPv4 address '24.152.0'",
            "lacnic|BR|ipv4|024.152.0.0|1024|20200310|allocated|310248; bad IPv4 address '024.152.0.0'",
            "lacnic|BR|ipv4|24.152.0.0|0|20200310|allocated|310248; IPv4 count '0' is not a positive number",
            "lacnic|BR|ipv4|24.152.0.0|-1024|20200310|allocated|310248; IPv4 count '-1024' is not a positive number",
            "lacnic|BR|ipv4|24.152.0.0|1k|20200310|allocated|310248; IPv4 count '1k' is not a positive number",
            "lacnic|BR|ipv4|255.255.255.0|512|20200310|allocated|310248; 255.255.255.0 plus 512 addresses runs past 255.255.255.255",
            "lacnic|BR|ipv4|24.152.0.0|1024|20201310|allocated|310248; date '20201310' is not a date (yyyymmdd)",
            "lacnic|BR|ipv4|24.152.0.0|1024|2020-03-10|allocated|310248; date '2020-03-10' is not a date (yyyymmdd)",
            "lacnic|BR|ipv4|24.152.0.0|1024|20200310|allocatted|310248; unknown status 'allocatted'",
            "lacnic|Brazil|ipv4|24.152.0.0|1024|20200310|allocated|310248; country code 'Brazil' is not two capital letters",
            "lacnic||ipv4|24.152.0.0|1024|20200310|allocated|310248; country code '' is not two capital letters",
            "lacnic|BR|ipv4|24.152.0.0|1024|20200310|allocated|; an allocated record needs an opaque-id",
            "lacnic|BR|ipv4|24.152.0.0|1024|20200310|allocated; 7 fields; an allocated record has 8",
            "lacnic|BR|ipv4|24.152.0.0|1024; 5 fields; a record has 8",
            "ripencc|BR|ipv4|24.152.0.0|1024|20200310|allocated|310248; registry 'ripencc' differs from the file's 'lacnic'",
    })
    void aBadIpv4RecordIsReportedWithItsLineNumber(String badLine, String reason) throws IOException {
        DelegatedFile file = parseExcerptWithLine(5, badLine);

        assertThat(file.acceptable()).isFalse();
        assertThat(file.problems()).hasSize(1);
        assertThat(file.problems().getFirst().line()).isEqualTo(5);
        assertThat(file.problems().getFirst().reason()).startsWith(reason);
        assertThat(file.records()).hasSize(35).noneMatch(r -> r.line() == 5);
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
            "lacnic|MX|ipv6|2001:1200::|129|20030110|allocated|259318; IPv6 prefix length '129' is not between 1 and 128",
            "lacnic|MX|ipv6|2001:1200::|0|20030110|allocated|259318; IPv6 prefix length '0' is not between 1 and 128",
            "lacnic|MX|ipv6|2001:1200::1|32|20030110|allocated|259318; 2001:1200::1 is not the first address of a /32",
            "lacnic|MX|ipv6|2001:1200:::|32|20030110|allocated|259318; bad IPv6 address '2001:1200:::'",
            "lacnic|MX|ipv6|2001:12g0::|32|20030110|allocated|259318; bad IPv6 address '2001:12g0::'",
    })
    void aBadIpv6RecordIsReportedWithItsLineNumber(String badLine, String reason) throws IOException {
        DelegatedFile file = parseExcerptWithLine(22, badLine);

        assertThat(file.problems()).containsExactly(new LineProblem(22, reason));
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
            "lacnic|MX|asn|278|0|19890331|allocated|31986; ASN count '0' is not a positive number",
            "lacnic|MX|asn|AS278|1|19890331|allocated|31986; bad AS number 'AS278'",
            "lacnic|MX|asn|4294967295|2|19890331|allocated|31986; AS4294967295 plus 2 numbers runs past AS4294967295",
    })
    void aBadAsnRecordIsReportedWithItsLineNumber(String badLine, String reason) throws IOException {
        DelegatedFile file = parseExcerptWithLine(32, badLine);

        assertThat(file.problems()).containsExactly(new LineProblem(32, reason));
    }

    @Test
    void anUnknownTypeIsReportedAndMissingFromItsSummary() throws IOException {
        DelegatedFile file = parseExcerptWithLine(5, "lacnic|BR|ipv5|24.152.0.0|1024|20200310|allocated|310248");

        assertThat(file.problems()).containsExactly(
                new LineProblem(5, "unknown type 'ipv5' (expected ipv4, ipv6 or asn)"),
                new LineProblem(2, "the summary declares 17 ipv4 records but the file has 16"));
    }

    @Test
    void aSummaryCountThatDisagreesWithTheRecordsIsReported() throws IOException {
        DelegatedFile file = parseExcerptWithLine(3, "lacnic|*|ipv6|*|11|summary");

        assertThat(file.problems())
                .containsExactly(new LineProblem(3, "the summary declares 11 ipv6 records but the file has 10"));
    }

    @Test
    void aMissingVersionLineIsReported() throws IOException {
        String withoutVersion = RegistryFiles.text(RegistryFiles.LACNIC_EXCERPT).lines().skip(1)
                .collect(Collectors.joining("\n", "", "\n"));

        DelegatedFile file = parser.parse(RegistryFiles.stream(withoutVersion));

        assertThat(file.header()).isNull();
        assertThat(file.acceptable()).isFalse();
        assertThat(file.problems()).extracting(LineProblem::line, p -> p.reason().startsWith("missing version line"))
                .containsExactly(tuple(1, true));
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
            "2.3|lacnic|20240104|many|19870101|20240104|-0300; malformed version line: record count 'many' is not a number",
            "2.3|lacnic|20240104|36|19870101|20240104; the version line has 6 fields, expected 7",
            "2.3|lacnic|20240104|36|19870101|20241304|-0300; malformed version line: end date '20241304' is not a date",
            "2.3|LACNIC|20240104|36|19870101|20240104|-0300; malformed version line: registry name 'LACNIC' is not valid",
            "2.3|lacnic|20240104|36|19870101|20240104|UTC; malformed version line: UTC offset 'UTC' is not valid",
    })
    void aMalformedVersionLineIsReported(String versionLine, String reason) throws IOException {
        DelegatedFile file = parseExcerptWithLine(1, versionLine);

        assertThat(file.header()).isNull();
        assertThat(file.problems()).singleElement().satisfies(p -> {
            assertThat(p.line()).isEqualTo(1);
            assertThat(p.reason()).startsWith(reason);
        });
    }

    @Test
    void anEmptyFileIsReported() throws IOException {
        DelegatedFile file = parser.parse(InputStream.nullInputStream());

        assertThat(file.acceptable()).isFalse();
        assertThat(file.problems()).containsExactly(new LineProblem(0, "the file is empty: no version line"));
    }

    @Test
    void commentLinesAndCarriageReturnsAreAccepted() throws IOException {
        String excerpt = RegistryFiles.text(RegistryFiles.LACNIC_EXCERPT);
        String withComments = "# LACNIC statistics\r\n" + excerpt.replace("\n", "\r\n");

        DelegatedFile file = parser.parse(RegistryFiles.stream(withComments));

        assertThat(file.problems()).isEmpty();
        assertThat(file.records()).hasSize(36);
        assertThat(file.records().getFirst().line()).isEqualTo(6);
    }

    @Test
    void anOverlongLineIsReportedWithoutBeingHeldInMemory() throws IOException {
        String excerpt = RegistryFiles.text(RegistryFiles.LACNIC_EXCERPT);
        String garbage = "x".repeat(1_000_000);

        DelegatedFile file = parser.parse(RegistryFiles.stream(excerpt + garbage + "\n"));

        assertThat(file.problems()).contains(new LineProblem(41, "line longer than 4096 bytes"));
    }

    @Test
    void aFileOfGarbageStopsListingProblemsAfterAThousand() throws IOException {
        String garbage = "not|a|record\n".repeat(5_000);

        DelegatedFile file = parser.parse(RegistryFiles.stream(garbage));

        assertThat(file.problems()).hasSize(Problems.LIMIT + 1);
        assertThat(file.problems().getLast()).isEqualTo(new LineProblem(0, "4001 further problems not listed"));
    }

    private DelegatedFile parseExcerptWithLine(int lineNumber, String replacement) throws IOException {
        List<String> lines = new ArrayList<>(RegistryFiles.text(RegistryFiles.LACNIC_EXCERPT).lines().toList());
        lines.set(lineNumber - 1, replacement);
        return parser.parse(RegistryFiles.stream(String.join("\n", lines) + "\n"));
    }

    private static DelegatedRecord record(DelegatedFile file, int line) {
        return file.records().stream().filter(r -> r.line() == line).findFirst().orElseThrow();
    }

    private static <K> Map<K, Long> countBy(DelegatedFile file, Function<DelegatedRecord, K> key) {
        return file.records().stream().collect(Collectors.groupingBy(key, Collectors.counting()));
    }
}
