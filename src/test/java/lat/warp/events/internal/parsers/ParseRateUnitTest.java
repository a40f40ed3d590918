package lat.warp.events.internal.parsers;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import lat.warp.events.Event;
import org.junit.jupiter.api.Test;

/**
 * A quick sanity measurement of the parse rate on one core, printed, never asserted (timings on a shared
 * machine are not a test; the benchmarks in docs/benchmarks.md are the measurements). It checks only that
 * every row became an event.
 */
class ParseRateUnitTest {

    private static final int ROWS = 100_000;

    @Test
    void printsHowManyRowsOfATypicalScanReportAreParsedPerSecond() throws IOException {
        ShadowserverSamples.Entry ssh = ShadowserverSamples.entry("scan_ssh");
        ShadowserverSamples.Entry telnet = ShadowserverSamples.entry("scan_telnet");
        byte[] sshFile = file(ssh, ROWS);
        byte[] telnetFile = file(telnet, ROWS);
        ShadowserverParser parser = new ShadowserverParser();

        measure(parser, "scan_telnet", telnetFile, 3);
        measure(parser, "scan_ssh", sshFile, 2);
        long telnetRate = measure(parser, "scan_telnet", telnetFile, 2);
        long sshRate = measure(parser, "scan_ssh", sshFile, 2);

        System.out.printf("Shadowserver parse rate, one thread: scan_telnet (%d columns, %d bytes/row) %,d rows/s;"
                + " scan_ssh (%d columns, %d bytes/row) %,d rows/s%n",
                telnet.fields().size(), telnetFile.length / ROWS, telnetRate,
                ssh.fields().size(), sshFile.length / ROWS, sshRate);
    }

    private static long measure(ShadowserverParser parser, String key, byte[] file, int rounds) throws IOException {
        long best = 0;
        for (int round = 0; round < rounds; round++) {
            long[] count = new long[1];
            long start = System.nanoTime();
            ParseResult result = parser.parse(new ByteArrayInputStream(file),
                    FeedContext.of(ShadowserverSamples.shadowserverFileName(key), ShadowserverSamples.OBSERVED),
                    new EventSink() {
                        @Override
                        public void accept(Event event) {
                            count[0]++;
                        }
                    });
            long nanos = System.nanoTime() - start;
            assertThat(result.accepted()).isEqualTo(ROWS);
            assertThat(count[0]).isEqualTo(ROWS);
            best = Math.max(best, ROWS * 1_000_000_000L / nanos);
        }
        return best;
    }

    /** A report of many rows with varied addresses across 200.0.0.0/8. */
    private static byte[] file(ShadowserverSamples.Entry entry, int rows) {
        List<String> fields = entry.fields();
        StringBuilder b = new StringBuilder(rows * 200).append(String.join(",", fields)).append('\n');
        String template = ShadowserverSamples.line(fields, false, 0);
        String ip = ShadowserverSamples.sourceIp(false, 0);
        for (int r = 0; r < rows; r++) {
            String address = "200." + ((r >> 16) & 0xFF) + "." + ((r >> 8) & 0xFF) + "." + (r & 0xFF);
            b.append(template.replace(ip, address)).append('\n');
        }
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }
}
