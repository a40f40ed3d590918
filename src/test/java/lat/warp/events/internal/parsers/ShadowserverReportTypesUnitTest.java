package lat.warp.events.internal.parsers;

import static lat.warp.events.internal.parsers.ShadowserverSamples.OBSERVED;
import static lat.warp.events.internal.parsers.ShadowserverSamples.TIMES;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Stream;
import lat.warp.events.Classification;
import lat.warp.events.Event;
import lat.warp.events.Taxonomy;
import lat.warp.events.Tlp;
import lat.warp.events.internal.parsers.ShadowserverSamples.Entry;
import lat.warp.registry.IpPrefix.IpAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every report type of Shadowserver's schema: a realistic two-row file of each is read, with its type found
 * from the file name and from the header alone, into events with the right classification, addresses,
 * ports, AS numbers and times.
 */
class ShadowserverReportTypesUnitTest {

    private final ShadowserverParser parser = new ShadowserverParser();

    static Stream<Entry> reportTypes() {
        return ShadowserverSamples.entries().stream();
    }

    @Test
    void theSchemaHasAllOneHundredSeventyReportTypesEachClassified() {
        assertThat(ShadowserverSamples.entries()).hasSize(170);
        assertThat(parser.schema().reports()).hasSize(170);
        assertThat(parser.schema().reports())
                .allSatisfy(r -> assertThat(Taxonomy.rsit().isValid(r.classification())).as(r.key()).isTrue());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("reportTypes")
    void readsEachReportTypeNamedByItsFileNameIntoEventsWithTheRightFields(Entry entry) throws IOException {
        Collecting sink = new Collecting();

        ParseResult result = parser.parse(ShadowserverSamples.stream(ShadowserverSamples.report(entry, 2)),
                FeedContext.of(ShadowserverSamples.shadowserverFileName(entry.key()), OBSERVED), sink);

        assertThat(result.failure()).isNull();
        assertThat(result.problems()).isEmpty();
        assertThat(result.feedCode()).isEqualTo(entry.key());
        assertThat(result.rows()).isEqualTo(2);
        assertThat(result.accepted()).isEqualTo(2);
        assertThat(sink.events()).hasSize(2);
        for (int row = 0; row < 2; row++) {
            assertEventOfRow(entry, row, sink.events().get(row));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("reportTypes")
    void findsEachReportTypeFromItsHeaderAloneOrNamesTheReportsItCannotTellApart(Entry entry) throws IOException {
        Collecting sink = new Collecting();
        Set<String> sameColumnsAndFamily = new HashSet<>();
        for (Entry other : ShadowserverSamples.entries()) {
            if (new HashSet<>(other.fields()).equals(new HashSet<>(entry.fields())) && other.ipv6() == entry.ipv6()) {
                sameColumnsAndFamily.add(other.key());
            }
        }

        ParseResult result = parser.parse(ShadowserverSamples.stream(ShadowserverSamples.report(entry, 2)),
                FeedContext.of("report.csv", OBSERVED), sink);

        if (sameColumnsAndFamily.size() == 1) {
            assertThat(result.failure()).isNull();
            assertThat(result.feedCode()).isEqualTo(entry.key());
            assertThat(sink.events()).hasSize(2);
            assertEventOfRow(entry, 0, sink.events().get(0));
            assertEventOfRow(entry, 1, sink.events().get(1));
        } else {
            // Shadowserver gives these reports the very same columns: only the file name can tell them apart.
            assertThat(result.failed()).isTrue();
            assertThat(result.failure()).contains("several Shadowserver reports");
            for (String key : sameColumnsAndFamily) {
                assertThat(result.failure()).contains(key);
            }
            assertThat(sink.events()).isEmpty();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("reportTypes")
    void readsEachReportTypeChosenByTheUserWhateverTheFileIsCalled(Entry entry) throws IOException {
        Collecting sink = new Collecting();

        ParseResult result = parser.parse(ShadowserverSamples.stream(ShadowserverSamples.report(entry, 2)),
                FeedContext.of("upload.csv", OBSERVED).withReportType(entry.key()), sink);

        assertThat(result.failure()).isNull();
        assertThat(result.feedCode()).isEqualTo(entry.key());
        assertThat(sink.events()).hasSize(2);
    }

    @Test
    void mostReportTypesAreFoundFromTheHeaderAloneWhenTheFirstRowTellsIpv4FromIpv6() {
        long unique = ShadowserverSamples.entries().stream().filter(e -> ShadowserverSamples.entries().stream()
                .filter(o -> o.ipv6() == e.ipv6() && new HashSet<>(o.fields()).equals(new HashSet<>(e.fields())))
                .count() == 1).count();

        // Of 170 types, 32 share their exact columns with another of the same address family and cannot be
        // told apart without the file name (scan_imap / scan_pop3 and their "vulnerable" reports, scan_bgp /
        // population_bgp, event4_sinkhole / event4_microsoft_sinkhole, ...).
        assertThat(unique).isEqualTo(138);
    }

    private void assertEventOfRow(Entry entry, int row, Event event) {
        List<String> fields = entry.fields();
        Map<String, String> values = ShadowserverSamples.values(entry, row);
        Classification expected = entry.type() != null
                ? new Classification(entry.taxonomy(), entry.type())
                : Objects.requireNonNull(parser.schema().report(entry.key())).classification();
        assertThat(event.classification()).isEqualTo(expected);
        assertThat(event.timeSource()).isEqualTo(TIMES[row]);
        assertThat(event.timeObservation()).isEqualTo(OBSERVED);
        assertThat(event.feedCode()).isEqualTo(entry.key());
        assertThat(event.feedName()).isEqualTo(entry.name());
        assertThat(event.feedProvider()).isEqualTo("Shadowserver");
        assertThat(event.tlp()).isEqualTo(Tlp.AMBER);
        assertThat(event.raw()).isEqualTo(ShadowserverSamples.line(fields, entry.ipv6(), row));
        if (fields.contains("ip") || fields.contains("src_ip") || fields.contains("http_referer_ip")) {
            assertThat(event.sourceIp()).isEqualTo(IpAddress.parse(ShadowserverSamples.sourceIp(entry.ipv6(), row)));
            assertThat(event.sourceIp().v6()).isEqualTo(entry.ipv6());
        } else {
            assertThat(event.sourceIp()).isNull();
        }
        if (fields.contains("dst_ip")) {
            assertThat(event.destinationIp())
                    .isEqualTo(IpAddress.parse(ShadowserverSamples.destinationIp(entry.ipv6(), row)));
            assertThat(event.destinationPort()).isEqualTo(ShadowserverSamples.DESTINATION_PORT);
            assertThat(event.destinationAsn()).isEqualTo(ShadowserverSamples.DESTINATION_ASN);
            assertThat(event.destinationGeolocationCc()).isEqualTo("BR");
        }
        if (fields.contains("port") || fields.contains("src_port") || fields.contains("http_referer_port")) {
            assertThat(event.sourcePort()).isEqualTo(ShadowserverSamples.SOURCE_PORT);
        }
        if (fields.contains("asn") || fields.contains("src_asn") || fields.contains("http_referer_asn")) {
            assertThat(event.sourceAsn()).isEqualTo(ShadowserverSamples.SOURCE_ASN);
        }
        if (fields.contains("geo") || fields.contains("src_geo") || fields.contains("http_referer_geo")) {
            assertThat(event.sourceGeolocationCc()).isEqualTo("UY");
        }
        if (fields.contains("protocol")) {
            assertThat(event.protocolTransport()).isEqualTo("tcp");
        }
        if (fields.contains("infection")) {
            assertThat(event.malwareName()).isEqualTo("mirai");
        } else if (fields.contains("family")) {
            assertThat(event.malwareName()).isEqualTo("mirai");
        }
        if (fields.contains("tag")) {
            assertThat(event.extra()).containsEntry("tag", values.get("tag"));
        }
        if (fields.contains("severity")) {
            assertThat(event.extra()).containsEntry("severity", "high");
        }
        // Nothing of the row is lost: every column is a typed field or an extra one.
        for (String f : fields) {
            boolean typed = switch (f) {
                case "timestamp", "ip", "src_ip", "http_referer_ip", "dst_ip", "port", "src_port", "http_referer_port",
                        "dst_port", "asn", "src_asn", "http_referer_asn", "dst_asn", "geo", "src_geo",
                        "http_referer_geo", "dst_geo", "region", "src_region", "http_referer_region", "city",
                        "src_city", "http_referer_city", "hostname", "src_hostname", "http_referer_hostname",
                        "dst_hostname", "url", "email", "protocol", "application", "infection" -> true;
                case "http_host" -> fields.contains("dst_ip");
                default -> false;
            };
            if (!typed) {
                assertThat(event.extra()).as(f).containsEntry(f, values.get(f));
            }
        }
        assertThat(List.copyOf(event.extra().keySet())).isSorted();
    }
}
