package lat.warp.reporting.internal.parsing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Jazzer-free fuzzing: random bytes, every sample truncated at many points and with random bytes
 * flipped, under every declared type. The facade must answer each with a report, never an exception.
 */
class ReportParsersFuzzUnitTest {

    private static final String[] TYPES = {null, "text/plain", "application/json", "message/rfc822",
            "application/xml", "application/octet-stream"};

    private static void mustNotThrow(byte[] raw) {
        for (String type : TYPES) {
            ParsedReport r = ReportParsers.parse(raw, type, ParseLimits.defaults().withMaxAttachmentBytes(4096));
            assertThat(r).isNotNull();
            assertThat(r.subject()).isNotNull();
            assertThat(r.text()).isNotNull();
            if (r.indicators().isEmpty()) {
                assertThat(r.problems()).isNotEmpty();
            }
        }
    }

    @Test
    void randomBytesNeverThrow() {
        Random random = new Random(20261123);
        for (int i = 0; i < 150; i++) {
            byte[] raw = new byte[random.nextInt(2_000)];
            random.nextBytes(raw);
            mustNotThrow(raw);
        }
    }

    @Test
    void truncatedSamplesNeverThrow() {
        for (String name : Samples.ALL) {
            byte[] full = Samples.bytes(name);
            int step = Math.max(1, full.length / 25);
            for (int cut = 0; cut <= full.length; cut += step) {
                mustNotThrow(java.util.Arrays.copyOf(full, cut));
            }
        }
    }

    @Test
    void mutatedSamplesNeverThrow() {
        Random random = new Random(5965);
        byte[] specials = "<>&;:/[]{}\"'=-\r\n\0@.%".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        for (String name : Samples.ALL) {
            byte[] full = Samples.bytes(name);
            for (int round = 0; round < 15; round++) {
                byte[] raw = full.clone();
                for (int k = 0; k < 1 + random.nextInt(8); k++) {
                    int at = random.nextInt(raw.length);
                    raw[at] = random.nextBoolean() ? (byte) random.nextInt(256) : specials[random.nextInt(specials.length)];
                }
                mustNotThrow(raw);
            }
        }
    }

    @Test
    void randomMarkupAndUnicodeNeverBreakTheHtmlReaderOrTheExtractor() {
        Random random = new Random(7970);
        String[] pieces = {"<", ">", "&", ";", "<a href=\"", "\"", "</a>", "<script>", "</script", "<!--", "-->",
                "&#x", "&#", "İ", "ß", "\uD83D\uDE00", "\uD800", "192.0.2.", "2001:db8::", "::", "hxxp://", "[.]",
                "@", ".com", "/", "1", "a", " ", "\n", "http://", "[", "]", "(", ")", ":", "."};
        for (int i = 0; i < 3_000; i++) {
            StringBuilder b = new StringBuilder();
            for (int k = random.nextInt(60); k > 0; k--) {
                b.append(pieces[random.nextInt(pieces.length)]);
            }
            String text = b.toString();
            assertThat(HtmlText.toText(text)).isNotNull();
            assertThat(IndicatorExtractor.extract(text, 50).indicators().size()).isLessThanOrEqualTo(50);
            for (Indicator indicator : IndicatorExtractor.extract(text, 50).indicators()) {
                assertThat(IndicatorExtractor.classify(indicator.value())).as(indicator.value()).isNotEmpty();
            }
        }
    }
}
