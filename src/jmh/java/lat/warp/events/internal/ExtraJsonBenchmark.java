package lat.warp.events.internal;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Writing a Shadowserver row's {@code extra} values as JSON strings when the CSV reader vouched them ASCII
 * ({@link EventRows#jsonAscii}, eight bytes looked at a time), against the byte-by-byte look it replaced
 * ({@link #byteByByte}, kept here as the baseline). One operation writes the values of one row: 20 values like
 * those of a {@code scan_rdp} report (certificate names, fingerprints, dates, protocol names), about 600 bytes.
 *
 * <p>Run as documented in docs/benchmarks.md.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ExtraJsonBenchmark {

    private static final int ROWS = 1 << 12;
    private static final String HEX = "0123456789abcdef";

    private String[][] rows;
    private int next;
    private final CopyBuffer out = new CopyBuffer(1 << 16);

    @Setup
    public void rows() {
        SplittableRandom random = new SplittableRandom(42);
        rows = new String[ROWS][];
        for (int r = 0; r < ROWS; r++) {
            String host = "WIN-" + Long.toString(random.nextLong() >>> 20, 36).toUpperCase();
            rows[r] = new String[] {"rdp", "tcp", host, "CN=" + host, "CN=" + host, "2048", "rsaEncryption",
                    "sha256WithRSAEncryption", "2024-01-0" + (1 + random.nextInt(5)) + "T08:22:01Z",
                    "2024-07-0" + (1 + random.nextInt(5)) + "T08:22:01Z", hex(random, 40), hex(random, 64), hex(random, 32),
                    hex(random, 32), "TLSv1.2", "ECDHE-RSA-AES256-GCM-SHA384", "Y", "N", "hybrid_rdp_ssl",
                    "Microsoft Terminal Services"};
        }
    }

    private static String hex(SplittableRandom random, int length) {
        StringBuilder s = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            s.append(HEX.charAt(random.nextInt(16)));
        }
        return s.toString();
    }

    @Benchmark
    public int eightBytesAtATime() {
        out.reset();
        for (String value : rows[next++ & (ROWS - 1)]) {
            EventRows.jsonAscii(out, value);
        }
        return out.size();
    }

    @Benchmark
    public int byteByByteBaseline() {
        out.reset();
        for (String value : rows[next++ & (ROWS - 1)]) {
            byteByByte(out, value);
        }
        return out.size();
    }

    /** EventRows.jsonAscii as it was before: each byte compared in turn. */
    private static void byteByByte(CopyBuffer out, String s) {
        int n = s.length();
        int at = out.claim(n + 2);
        byte[] b = out.array();
        b[at] = '"';
        s.getBytes(0, n, b, at + 1);
        for (int i = at + 1; i <= at + n; i++) {
            byte c = b[i];
            if (c == '"' || c == '\\' || c < 0x20) {
                out.truncate(at);
                EventRows.jsonValue(out, s);
                return;
            }
        }
        b[at + n + 1] = '"';
    }
}
