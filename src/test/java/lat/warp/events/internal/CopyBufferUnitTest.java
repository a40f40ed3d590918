package lat.warp.events.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class CopyBufferUnitTest {

    @Test
    void decimalDigitsAreWhatLongToStringWrites() {
        long[] values = {0, 1, -1, 9, 10, -10, 3389, 65535, 4_294_967_295L, Long.MAX_VALUE, Long.MIN_VALUE,
                Long.MIN_VALUE + 1, Integer.MIN_VALUE};
        for (long v : values) {
            assertThat(decimal(v)).as("%d", v).isEqualTo(Long.toString(v));
        }
        SplittableRandom random = new SplittableRandom(42);
        for (int i = 0; i < 10_000; i++) {
            long v = random.nextLong() >> random.nextInt(64);
            assertThat(decimal(v)).isEqualTo(Long.toString(v));
        }
    }

    private static String decimal(long v) {
        CopyBuffer out = new CopyBuffer(1);
        out.write('x');
        out.decimal(v);
        return new String(out.array(), 1, out.size() - 1, StandardCharsets.US_ASCII);
    }

    @Test
    void aTextFieldIsItsUtf8WithItsLengthAndWithoutNul() {
        CopyBuffer out = new CopyBuffer(2);
        out.text("a\0b ñ 𝄞");
        ByteBuffer b = ByteBuffer.wrap(out.array(), 0, out.size());
        byte[] expected = "ab ñ 𝄞".getBytes(StandardCharsets.UTF_8);
        assertThat(b.getInt()).isEqualTo(expected.length);
        byte[] value = new byte[expected.length];
        b.get(value);
        assertThat(value).isEqualTo(expected);
        assertThat(b.hasRemaining()).isFalse();
    }
}
