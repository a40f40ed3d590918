package lat.warp.events.internal;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A growable byte buffer that writes PostgreSQL's binary COPY format (big-endian lengths and values). One is
 * reused batch after batch, so that a batch costs no new multi-megabyte array (which G1 would have to place
 * as a humongous object) and no String of the whole batch.
 */
final class CopyBuffer extends OutputStream {

    /** The binary COPY header: signature, flags, header extension length. */
    static final byte[] HEADER = {'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xFF, '\r', '\n', 0, 0, 0, 0, 0, 0, 0, 0, 0};
    /** The binary COPY trailer: a tuple of -1 fields. */
    static final byte[] TRAILER = {(byte) 0xFF, (byte) 0xFF};

    private byte[] buf;
    private int size;

    CopyBuffer(int capacity) {
        buf = new byte[capacity];
    }

    int size() {
        return size;
    }

    /** How many bytes it holds before it must grow. */
    int capacity() {
        return buf.length;
    }

    byte[] array() {
        return buf;
    }

    void reset() {
        size = 0;
    }

    private void ensure(int more) {
        if (size + more > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + more));
        }
    }

    @Override
    public void write(int b) {
        ensure(1);
        buf[size++] = (byte) b;
    }

    @Override
    public void write(byte[] b, int off, int len) {
        ensure(len);
        System.arraycopy(b, off, buf, size, len);
        size += len;
    }

    void int16(int v) {
        ensure(2);
        buf[size++] = (byte) (v >>> 8);
        buf[size++] = (byte) v;
    }

    void int32(int v) {
        ensure(4);
        putInt(size, v);
        size += 4;
    }

    void int64(long v) {
        ensure(8);
        for (int shift = 56; shift >= 0; shift -= 8) {
            buf[size++] = (byte) (v >>> shift);
        }
    }

    /** Overwrites four bytes already written (a field's length, once its value is written). */
    void putInt(int at, int v) {
        buf[at] = (byte) (v >>> 24);
        buf[at + 1] = (byte) (v >>> 16);
        buf[at + 2] = (byte) (v >>> 8);
        buf[at + 3] = (byte) v;
    }

    /** A NULL field. */
    void nullField() {
        int32(-1);
    }

    /**
     * A text field in UTF-8, without NUL characters (PostgreSQL text cannot hold them; the text COPY
     * dropped them too). Encoded by the JDK in one call: its ASCII check and copy are vectorised, where a loop
     * over the characters was the largest part of encoding a row.
     */
    void text(String s) {
        if (s.indexOf('\0') >= 0) {
            s = s.replace("\0", "");
        }
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        ensure(4 + b.length);
        putInt(size, b.length);
        System.arraycopy(b, 0, buf, size + 4, b.length);
        size += 4 + b.length;
    }

    /** A whole number's decimal digits, as {@code Long.toString} writes them, without making the String. */
    void decimal(long v) {
        if (v == Long.MIN_VALUE) {
            rawText(Long.toString(v));
            return;
        }
        ensure(20);
        if (v < 0) {
            buf[size++] = '-';
            v = -v;
        }
        int start = size;
        do {
            buf[size++] = (byte) ('0' + v % 10);
            v /= 10;
        } while (v != 0);
        for (int i = start, j = size - 1; i < j; i++, j--) {
            byte t = buf[i];
            buf[i] = buf[j];
            buf[j] = t;
        }
    }

    /** Makes room for {@code n} bytes and counts them written; returns where they start in {@link #array()}. */
    int claim(int n) {
        ensure(n);
        int at = size;
        size += n;
        return at;
    }

    /** Forgets what was written from {@code at} on. */
    void truncate(int at) {
        size = at;
    }

    /** Text as UTF-8 bytes with no length prefix (for hashing). */
    void rawText(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        write(b, 0, b.length);
    }
}
