package lat.warp.registry.internal.imports;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import lat.warp.registry.IpPrefix;
import lat.warp.registry.IpPrefix.IpAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RouteTableParserUnitTest {

    private final RouteTableParser parser = new RouteTableParser();

    @Test
    void theFullIpv4TableOf2014ParsesWithoutProblemsAndExactlyItsDeclaredCount() throws IOException {
        AtomicLong routes = new AtomicLong();
        IpAddress address = IpAddress.parse("200.57.141.161");
        List<String> routesCoveringAddress = new ArrayList<>();

        RouteTableParser.Result result = parser.parse(RegistryFiles.open(RegistryFiles.IPASN_V4), (prefix, asn) -> {
            routes.incrementAndGet();
            if (prefix.contains(address)) {
                routesCoveringAddress.add(prefix + " AS" + asn);
            }
        });

        assertThat(result.problems()).isEmpty();
        assertThat(result.acceptable()).isTrue();
        assertThat(result.ipv4Prefixes()).isEqualTo(512_621);
        assertThat(result.ipv6Prefixes()).isZero();
        assertThat(routes).hasValue(512_621);
        // The table's line "200.57.128.0/20\t19373" (Triara, MX) is the only route to this address.
        assertThat(routesCoveringAddress).containsExactly("200.57.128.0/20 AS19373");
    }

    @Test
    void theMixedTableOf2015YieldsItsDeclaredIpv4AndIpv6Prefixes() throws IOException {
        List<IpPrefix> ipv6Sample = new ArrayList<>();

        RouteTableParser.Result result = parser.parse(RegistryFiles.open(RegistryFiles.IPASN_V6), (prefix, asn) -> {
            if (prefix.v6() && ipv6Sample.size() < 3) {
                ipv6Sample.add(prefix);
            }
        });

        assertThat(result.problems()).isEmpty();
        assertThat(result.ipv4Prefixes()).isEqualTo(606_138);
        assertThat(result.ipv6Prefixes()).isEqualTo(27_693);
        assertThat(ipv6Sample).hasSize(3).allSatisfy(p -> assertThat(p.v6()).isTrue());
    }

    @Test
    void aPlainTextTableReadsLikeAGzipOne() throws IOException {
        String table = """
                ; IP-ASN32-DAT file
                ; Prefixes      : 3
                ;
                1.0.0.0/24\t15169
                2001:db8::/32\t64496
                200.57.128.0/20\t19373
                """;
        List<String> routes = new ArrayList<>();

        RouteTableParser.Result result = parser.parse(RegistryFiles.stream(table), (p, asn) -> routes.add(p + " " + asn));
        RouteTableParser.Result fromGzip = parser.parse(
                new ByteArrayInputStream(RegistryFiles.gzip(table.getBytes())), (p, asn) -> { });

        assertThat(result.problems()).isEmpty();
        assertThat(routes).containsExactly("1.0.0.0/24 15169", "2001:db8::/32 64496", "200.57.128.0/20 19373");
        assertThat(fromGzip).isEqualTo(result);
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
            "1.0.0.0/33\t15169; IPv4 prefix length 33 is more than 32",
            "1.0.0.0/2x\t15169; prefix '1.0.0.0/2x' has no valid length",
            "1.0.0.0\t15169; prefix '1.0.0.0' has no valid length",
            "1.0.0.1/24\t15169; 1.0.0.1 is not the first address of a /24",
            "1.0.256.0/24\t15169; bad address '1.0.256.0'",
            "2001:db8::1/32\t15169; 2001:db8::1 is not the first address of a /32",
            "2001:db8::/129\t15169; prefix '2001:db8::/129' has no valid length",
            "1.0.0.0/24\tAS15169; bad AS number 'AS15169'",
            "1.0.0.0/24\t4294967296; bad AS number '4294967296'",
            "1.0.0.0/24; expected 'prefix<TAB>asn'",
            "1.0.0.0/24\t15169\t7; expected 'prefix<TAB>asn'",
    })
    void aBadLineIsReportedWithItsLineNumberAndNotPassedOn(String badLine, String reason) throws IOException {
        String table = "; Prefixes : 2\n1.0.4.0/24\t56203\n" + badLine + "\n1.0.5.0/24\t56203\n";
        List<IpPrefix> routes = new ArrayList<>();

        RouteTableParser.Result result = parser.parse(RegistryFiles.stream(table), (p, asn) -> routes.add(p));

        assertThat(result.problems()).containsExactly(new LineProblem(3, reason));
        assertThat(routes).containsExactly(IpPrefix.parse("1.0.4.0/24"), IpPrefix.parse("1.0.5.0/24"));
    }

    @Test
    void aHeaderCountThatDisagreesWithTheLinesIsReported() throws IOException {
        String table = "; Prefixes-v4 : 2\n; Prefixes-v6 : 1\n1.0.4.0/24\t56203\n";

        RouteTableParser.Result result = parser.parse(RegistryFiles.stream(table), (p, asn) -> { });

        assertThat(result.acceptable()).isFalse();
        assertThat(result.problems()).containsExactly(
                new LineProblem(1, "the header declares 2 IPv4 prefixes but the file has 1"),
                new LineProblem(2, "the header declares 1 IPv6 prefixes but the file has 0"));
    }

    @Test
    void aTruncatedGzipTableIsRefused() throws IOException {
        byte[] gzip = RegistryFiles.bytes(RegistryFiles.IPASN_V4);

        RouteTableParser.Result result = parser.parse(
                new ByteArrayInputStream(Arrays.copyOf(gzip, gzip.length / 3)), (p, asn) -> { });

        assertThat(result.acceptable()).isFalse();
        assertThat(result.problems()).extracting(LineProblem::reason)
                .contains("the compressed data ends early: the file is truncated")
                .anySatisfy(r -> assertThat(r).startsWith("the header declares 512621 prefixes but the file has "));
    }
}
