package lat.warp.events.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class HexValuesUnitTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /**
     * What {@link HexValues#pack} wrote for the value's JSON string token, read back as the JSON string a stored
     * row holds, or null when it wrote nothing.
     */
    private static String written(String value) {
        CopyBuffer token = new CopyBuffer(4);
        token.write('[');
        EventRows.jsonValue(token, value);
        CopyBuffer out = new CopyBuffer(4);
        out.write('x');
        if (!HexValues.pack(token.array(), 1, token.size(), out, 1)) {
            assertThat(out.size()).as("nothing written for %s", value).isEqualTo(1);
            return null;
        }
        return JSON.readValue(new String(out.array(), 1, out.size() - 1, StandardCharsets.UTF_8), String.class);
    }

    @Test
    void aCertificatesFingerprintsAreStoredInLessThanHalfTheirCharactersAndReadBackAsTheyWere() {
        String sha512 = "7F:3A:6C:77:57:D6:DA:74:02:87:2B:04:CF:B2:83:31:20:BC:CE:CF:5F:2A:EF:46:FD:E5:AB:CA:20:FC:2D:59"
                + ":14:80:6B:60:AE:E8:42:07:EB:1B:71:A8:5D:3C:B7:8F:85:3D:7C:95:5C:AA:3C:D7:5F:C6:FD:BE:7C:CC:24:C4";
        String stored = written(sha512);
        assertThat(stored).startsWith("\u007fC").hasSize(2 + 86);
        assertThat(HexValues.read(stored)).isEqualTo(sha512);

        String jarm = "f33ed4a56efc86704f566f5468ad6d41d80c796c0557e2844372df056b2a5a";
        assertThat(written(jarm)).startsWith("\u007fh").hasSize(2 + 42);
        assertThat(HexValues.read(written(jarm))).isEqualTo(jarm);
        assertThat(HexValues.read(written("38:b2:e1:6b:18:51:eb:09:34:ca"))).isEqualTo("38:b2:e1:6b:18:51:eb:09:34:ca");
        assertThat(HexValues.read(written("EC863E74FF089951140EDC4C753EB9B0"))).isEqualTo("EC863E74FF089951140EDC4C753EB9B0");
        // Digits only: no case to keep.
        assertThat(HexValues.read(written("1234567890123456"))).isEqualTo("1234567890123456");
    }

    @Test
    void randomBytesInEachFormAndLengthComeBackExactly() {
        Random random = new Random(23);
        for (int n = HexValues.MIN_BYTES; n <= 70; n++) {
            for (int round = 0; round < 30; round++) {
                byte[] bytes = new byte[n];
                random.nextBytes(bytes);
                for (HexFormat form : new HexFormat[] {HexFormat.of(), HexFormat.of().withUpperCase(),
                        HexFormat.ofDelimiter(":"), HexFormat.ofDelimiter(":").withUpperCase()}) {
                    String text = form.formatHex(bytes);
                    String stored = written(text);
                    assertThat(stored).as(text).isNotNull();
                    assertThat(stored.length()).isLessThan(text.length());
                    assertThat(HexValues.read(stored)).isEqualTo(text);
                    // One character anywhere made something else: left as text.
                    char[] chars = text.toCharArray();
                    int at = random.nextInt(chars.length);
                    chars[at] = chars[at] == ':' ? '-' : "g:\u00e9 ".charAt(random.nextInt(4));
                    assertThat(written(new String(chars))).as(new String(chars)).isNull();
                }
            }
        }
    }

    @Test
    void everythingElseIsLeftAsText() {
        assertThat(written("38:B2:E1:6B:18:51:EB")).as("seven bytes: too short to gain").isNull();
        assertThat(written("38B2E16B1851EB")).isNull();
        assertThat(written("38:B2:E1:6B:18:51:eb:09:34:CA")).as("mixed case").isNull();
        assertThat(written("ec863e74ff089951140edc4c753eb9B0")).as("mixed case").isNull();
        assertThat(written("ec863e74ff089951140edc4c753eb9b")).as("odd number of digits").isNull();
        assertThat(written("ec863e74ff089951140edc4c753eb9bg")).isNull();
        assertThat(written("38:B2:E1:6B:18:51:EB:09:34:C")).isNull();
        assertThat(written("38:B2:E1:6B-18:51:EB:09:34:CA")).isNull();
        assertThat(written("38:B2:E1:6B:18:51:EB:09:34:CA:")).isNull();
        assertThat(written("WIN-D3C5376ABC2")).isNull();
        assertThat(written("Communications, Service Provider, and Hosting Service")).isNull();
        assertThat(written("ec863e74ff089951140edc4c753eb9b\u00e9")).isNull();
        assertThat(written("")).isNull();
        assertThat(written("a".repeat(2 * HexValues.MAX_BYTES + 2))).as("longer than any digest").isNull();
        assertThat(HexValues.read(written("a".repeat(2 * HexValues.MAX_BYTES)))).isEqualTo("a".repeat(2 * HexValues.MAX_BYTES));
    }

    @Test
    void theCallersPendingBytesAreWrittenBeforeAPackedValueAndNotAtAllWhenTheValueIsNotPacked() {
        byte[] src = "[1,\"0123456789abcdef0123456789abcdeg\"]".getBytes(StandardCharsets.US_ASCII);
        CopyBuffer out = new CopyBuffer(4);
        assertThat(HexValues.pack(src, 3, src.length - 1, out, 0)).as("not hexadecimal at its end").isFalse();
        assertThat(out.size()).isZero();
        src[src.length - 3] = 'f';
        assertThat(HexValues.pack(src, 3, src.length - 1, out, 0)).isTrue();
        assertThat(new String(out.array(), 0, 3, StandardCharsets.US_ASCII)).isEqualTo("[1,");
    }

    @Test
    void aValueThatStartsWithTheMarkIsStoredWithOneMoreAndReadBackAsItWas() {
        for (String value : new String[] {"\u007f", "\u007fC", "\u007fCABCD", "\u007f\u007f", "\u007fñandú \"quoted\""}) {
            String stored = written(value);
            assertThat(stored).isEqualTo("\u007f" + value);
            assertThat(HexValues.read(stored)).isEqualTo(value);
        }
        assertThat(HexValues.read("plain text")).isEqualTo("plain text");
        assertThat(HexValues.read("")).isEmpty();
    }

    @Test
    void aStoredValueThatNoWriterCouldHaveWrittenIsAnError() {
        assertThatThrownBy(() -> HexValues.read("\u007f")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> HexValues.read("\u007fZAAAA")).isInstanceOf(IllegalArgumentException.class);
    }
}
