package lat.warp.reporting.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** A file's type comes from its first bytes, whatever its name or the client says. */
class SnifferUnitTest {

    @Test
    void recognisesCommonFilesByTheirMagicBytes() {
        assertThat(Sniffer.sniff("%PDF-1.4 rest".getBytes(StandardCharsets.ISO_8859_1))).isEqualTo("application/pdf");
        assertThat(Sniffer.sniff(new byte[] {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A, 0})).isEqualTo("image/png");
        assertThat(Sniffer.sniff(new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, 0})).isEqualTo("image/jpeg");
        assertThat(Sniffer.sniff(new byte[] {'P', 'K', 3, 4, 0})).isEqualTo("application/zip");
        assertThat(Sniffer.sniff(new byte[] {'M', 'Z', 0, 0})).isEqualTo("application/x-msdownload");
        assertThat(Sniffer.sniff(new byte[] {0x7F, 'E', 'L', 'F', 0})).isEqualTo("application/x-executable");
        assertThat(Sniffer.sniff(new byte[] {0x1F, (byte) 0x8B, 8, 0})).isEqualTo("application/gzip");
    }

    @Test
    void tellsTextKindsApartAndCallsEverythingElseOctetStream() {
        assertThat(Sniffer.sniff("a,b\n1,2\n".getBytes(StandardCharsets.UTF_8))).isEqualTo("text/plain");
        assertThat(Sniffer.sniff("  <?xml version=\"1.0\"?><a/>".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo("application/xml");
        assertThat(Sniffer.sniff("<!DOCTYPE html><script>".getBytes(StandardCharsets.UTF_8))).isEqualTo("text/html");
        assertThat(Sniffer.sniff("{\"a\": 1}".getBytes(StandardCharsets.UTF_8))).isEqualTo("application/json");
        assertThat(Sniffer.sniff("Olá, señor".getBytes(StandardCharsets.UTF_8))).isEqualTo("text/plain");
        assertThat(Sniffer.sniff(new byte[] {1, 2, 3, 0, 5})).isEqualTo("application/octet-stream");
    }
}
