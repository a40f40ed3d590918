package lat.warp.events;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import lat.warp.registry.IpPrefix;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * Building one event as the Shadowserver parser does for a {@code scan_rdp} row (its builder reused, the
 * classification checked, 22 {@code extra} slots of a file's layout): what the constructor's checks cost, which
 * a JFR profile of the parse thread seemed to put at a tenth of it (docs/benchmarks.md).
 *
 * <p>Run as documented in docs/benchmarks.md.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class EventBuildBenchmark {

    private final Classification classification = Taxonomy.rsit().normalise("vulnerable", "vulnerable-system");
    private final ExtraFields.Layout layout = ExtraFields.layout(List.of("severity", "hostname_source", "tag",
            "naics", "sector", "handshake", "rdp_protocol", "cert_length", "subject_common_name", "issuer_common_name",
            "cert_issue_date", "cert_expiration_date", "sha1_fingerprint", "cert_serial_number", "ssl_version",
            "signature_algorithm", "key_algorithm", "sha256_fingerprint", "sha512_fingerprint", "md5_fingerprint",
            "tlsv13_support", "jarm"));
    private final Instant time = Instant.parse("2024-01-05T10:40:24Z");
    private final IpPrefix.IpAddress address = IpPrefix.IpAddress.parse("181.230.12.202");
    private final Event.Builder builder = Event.builder();

    @Benchmark
    public Event build() {
        Object[] values = new Object[layout.size()];
        values[0] = "medium";
        values[2] = "rdp";
        return builder.reset().classification(classification).classificationIdentifier("rdp").timeObservation(time)
                .feedName("Accessible RDP").feedProvider("Shadowserver").feedCode("scan_rdp").tlp(Tlp.AMBER)
                .sourceIp(address).sourcePort(3389).sourceAsn(26608L).sourceGeolocationCc("AR")
                .sourceGeolocationRegion("SANTA FE").sourceGeolocationCity("ROSARIO")
                .sourceReverseDns("181-230-12-202.static.example.net.ar").protocolTransport("tcp").timeSource(time)
                .extra(layout.map(values, true)).raw(null).build();
    }
}
