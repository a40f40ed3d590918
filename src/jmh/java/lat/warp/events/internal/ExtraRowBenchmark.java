package lat.warp.events.internal;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import lat.warp.events.ExtraFields;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * A row's {@code extra} copied from the JSON array key version 2 wrote: as it is ({@link #plainCopy}, before
 * ADR 0023) and with its hexadecimal values packed ({@link #packedCopy}, {@link EventRows#packedCopy}). One
 * operation copies one row's array: the 22 values a {@code scan_rdp} row of the load run's generator has in
 * {@code extra}, its four certificate fingerprints in Shadowserver's colon form, serial number and JARM hash
 * among them (about 800 bytes as written for the key).
 *
 * <p>Run as documented in docs/benchmarks.md.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ExtraRowBenchmark {

    private static final int ROWS = 1 << 10;

    private final CopyBuffer[] encoded = new CopyBuffer[ROWS];
    private final EventRows.KeySpans[] spans = new EventRows.KeySpans[ROWS];
    private final CopyBuffer out = new CopyBuffer(1 << 16);
    private int next;

    @Setup
    public void rows() {
        SplittableRandom random = new SplittableRandom(42);
        List<String> names = List.of("severity", "hostname_source", "tag", "naics", "sector", "handshake",
                "rdp_protocol", "cert_length", "subject_common_name", "issuer_common_name", "cert_issue_date",
                "cert_expiration_date", "sha1_fingerprint", "cert_serial_number", "ssl_version", "signature_algorithm",
                "key_algorithm", "sha256_fingerprint", "sha512_fingerprint", "md5_fingerprint", "tlsv13_support", "jarm");
        ExtraFields.Layout layout = ExtraFields.layout(names);
        HexFormat colons = HexFormat.ofDelimiter(":").withUpperCase();
        for (int r = 0; r < ROWS; r++) {
            String host = "WIN-" + Long.toString(random.nextLong() >>> 20, 16).toUpperCase();
            List<Object> values = new ArrayList<>(List.of("medium", "ptr", "rdp", "522110",
                    "Communications, Service Provider, and Hosting Service", "SSL", "RDP,HYBRID,HYBRID_EX", "2048", host,
                    host, "2023-01-27 13:56:49", "2023-07-27 00:00:00", colons.formatHex(bytes(random, 20)),
                    HexFormat.of().formatHex(bytes(random, 16)), "3", "sha256WithRSAEncryption", "rsaEncryption",
                    colons.formatHex(bytes(random, 32)), colons.formatHex(bytes(random, 64)),
                    colons.formatHex(bytes(random, 16)), "N", HexFormat.of().formatHex(bytes(random, 31))));
            Object[] slots = new Object[names.size()];
            for (int i = 0; i < names.size(); i++) {
                slots[layout.slotOf(names.get(i))] = values.get(i);
            }
            lat.warp.events.Event event = lat.warp.events.Event.builder()
                    .classification(lat.warp.events.Taxonomy.rsit().normalise("vulnerable", "vulnerable-system"))
                    .timeSource(java.time.Instant.parse("2024-01-05T10:40:24Z")).extra(layout.map(slots, true)).build();
            encoded[r] = new CopyBuffer(1 << 12);
            spans[r] = new EventRows.KeySpans();
            EventRows.keyInputV2(encoded[r], event, null, new EventRows.ExtraNames(), spans[r]);
        }
    }

    private static byte[] bytes(SplittableRandom random, int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    @Benchmark
    public int plainCopy() {
        int r = next++ & (ROWS - 1);
        out.reset();
        CopyBuffer in = encoded[r];
        int at = spans[r].array;
        out.write(in.array(), at, in.size() - at);
        return out.size();
    }

    private final byte[] sha512 = ("\"" + HexFormat.ofDelimiter(":").withUpperCase().formatHex(new byte[64]) + "\"")
            .getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private final byte[] jarm = ("\"" + HexFormat.of().formatHex(new byte[31]) + "\"")
            .getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    @Benchmark
    public boolean packOneSha512() {
        out.reset();
        return HexValues.pack(sha512, 0, sha512.length, out, 0);
    }

    @Benchmark
    public boolean packOneJarm() {
        out.reset();
        return HexValues.pack(jarm, 0, jarm.length, out, 0);
    }

    @Benchmark
    public int packedCopy() {
        int r = next++ & (ROWS - 1);
        out.reset();
        CopyBuffer in = encoded[r];
        EventRows.packedCopy(in.array(), spans[r], in.size(), out);
        return out.size();
    }
}
