package lat.warp.events.internal;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Binary values that feeds write as hexadecimal text, certificates' fingerprints ({@code 38:B2:E1:…}), serial
 * numbers, JARM hashes, stored in a row's {@code extra} as the Base64 of their bytes (ADR 0023): 44 % of the
 * characters for the colon form, 67 % for the plain one. They were half of a TLS or RDP scan row's
 * {@code extra}, and every byte of a row is written by PostgreSQL, read twice for the indexes and flushed.
 *
 * <p>A value so stored is a JSON string that starts with {@link #MARK} (DEL, which no feed's text starts with
 * and JSON needs not escape), then a letter for its form, then the Base64 (no padding). A value that starts with
 * the mark itself is stored with one more mark before it. Reading gives back the very text: its case, its
 * colons, its length. Only rows of an extra layout registered as packed ({@link ExtraLayouts}) are read this
 * way; rows written before keep their text as it was.
 */
final class HexValues {

    /** The first character of every value this class stored. */
    static final char MARK = '\u007f';

    /** Fewer bytes than these are left as text: the mark and the form would eat the gain. */
    static final int MIN_BYTES = 8;

    /** More bytes than these are left as text: a feed's digests are 64 bytes at most. */
    static final int MAX_BYTES = 1_024;

    private static final char COLON_UPPER = 'C';
    private static final char COLON_LOWER = 'c';
    private static final char PLAIN_UPPER = 'H';
    private static final char PLAIN_LOWER = 'h';

    private static final int UPPER = 0x100;
    private static final int LOWER = 0x200;
    private static final int NOT_A_DIGIT = 0x400;
    /**
     * Every pair of bytes, the first in the high half of the index, as two hexadecimal digits: the byte they make,
     * and above it {@link #UPPER} or {@link #LOWER} for a letter among them, {@link #NOT_A_DIGIT} for anything else.
     * One look-up a byte (128 kB, which stays in the processor's cache while a file is read).
     */
    private static final short[] PAIR = new short[1 << 16];
    private static final byte[] BASE64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
            .getBytes(StandardCharsets.US_ASCII);

    static {
        int[] digit = new int[256];
        Arrays.fill(digit, NOT_A_DIGIT);
        for (int c = '0'; c <= '9'; c++) {
            digit[c] = c - '0';
        }
        for (int c = 'a'; c <= 'f'; c++) {
            digit[c] = c - 'a' + 10 | LOWER;
        }
        for (int c = 'A'; c <= 'F'; c++) {
            digit[c] = c - 'A' + 10 | UPPER;
        }
        for (int hi = 0; hi < 256; hi++) {
            for (int lo = 0; lo < 256; lo++) {
                int flags = (digit[hi] | digit[lo]) & (UPPER | LOWER | NOT_A_DIGIT);
                PAIR[hi << 8 | lo] = (short) (flags | (digit[hi] & 0xF) << 4 | (digit[lo] & 0xF));
            }
        }
    }

    private HexValues() {
    }

    /**
     * Whether a JSON string token of an extra's array, {@code src[from, to)} with its quotes, is worth handing to
     * {@link #pack}: long enough to be packed, or starting with {@link #MARK}. A cheap look for the caller, which
     * copies every other token as it is.
     */
    static boolean mayPack(byte[] src, int from, int to) {
        int length = to - from - 2;
        return length > 0 && src[from] == '"' && (length >= 2 * MIN_BYTES || src[from + 1] == MARK);
    }

    /**
     * Writes a JSON string token of an extra's array, {@code src[from, to)} with its quotes, as a row stores it
     * when it is hexadecimal (packed) or starts with {@link #MARK} (one more mark), after the bytes
     * {@code src[pending, from)} that the caller has still to copy; returns false, having written nothing, for any
     * other token, which the caller copies as it is.
     */
    static boolean pack(byte[] src, int from, int to, CopyBuffer out, int pending) {
        if (!mayPack(src, from, to)) {
            return false;
        }
        int length = to - from - 2;
        if (src[from + 1] == MARK) {
            out.write(src, pending, from - pending);
            out.write('"');
            out.write(MARK);
            out.write(src, from + 1, to - from - 1);
            return true;
        }
        int first = from + 1;
        // Two digits a byte, with a colon between bytes or without.
        int stride = src[first + 2] == ':' ? 3 : 2;
        int n = (length + stride - 2) / stride;
        if (stride * n - (stride - 2) != length || n < MIN_BYTES || n > MAX_BYTES) {
            return false;
        }
        if ((pair(src, first) & NOT_A_DIGIT) != 0) {
            // Most text is not hexadecimal from its first two characters on.
            return false;
        }
        int before = out.size();
        out.write(src, pending, from - pending);
        int at = out.claim(4 + (4 * n + 2) / 3);
        byte[] b = out.array();
        int w = at + 3;
        int flags = 0;
        int i = first;
        int whole = n - n % 3;
        // Three bytes, four Base64 characters at a time.
        for (int k = 0; k < whole; k += 3, i += 3 * stride) {
            int x0 = pair(src, i);
            int x1 = pair(src, i + stride);
            int x2 = pair(src, i + 2 * stride);
            flags |= x0 | x1 | x2;
            int group = (x0 & 0xFF) << 16 | (x1 & 0xFF) << 8 | (x2 & 0xFF);
            b[w] = BASE64[group >>> 18];
            b[w + 1] = BASE64[(group >>> 12) & 0x3F];
            b[w + 2] = BASE64[(group >>> 6) & 0x3F];
            b[w + 3] = BASE64[group & 0x3F];
            w += 4;
        }
        if (n - whole == 1) {
            int x0 = pair(src, i);
            flags |= x0;
            int group = (x0 & 0xFF) << 16;
            b[w++] = BASE64[group >>> 18];
            b[w++] = BASE64[(group >>> 12) & 0x3F];
        } else if (n - whole == 2) {
            int x0 = pair(src, i);
            int x1 = pair(src, i + stride);
            flags |= x0 | x1;
            int group = (x0 & 0xFF) << 16 | (x1 & 0xFF) << 8;
            b[w++] = BASE64[group >>> 18];
            b[w++] = BASE64[(group >>> 12) & 0x3F];
            b[w++] = BASE64[(group >>> 6) & 0x3F];
        }
        if (stride == 3) {
            for (int c = first + 2; c < first + length; c += 3) {
                flags |= src[c] == ':' ? 0 : NOT_A_DIGIT;
            }
        }
        int cases = flags & (UPPER | LOWER);
        if ((flags & NOT_A_DIGIT) != 0 || cases == (UPPER | LOWER)) {
            out.truncate(before);
            return false;
        }
        b[at] = '"';
        b[at + 1] = (byte) MARK;
        b[at + 2] = (byte) (stride == 3 ? (cases == LOWER ? COLON_LOWER : COLON_UPPER)
                : (cases == LOWER ? PLAIN_LOWER : PLAIN_UPPER));
        b[w] = '"';
        return true;
    }

    /** The byte two hexadecimal digits at {@code i} make, with their flags above it ({@link #PAIR}). */
    private static int pair(byte[] src, int i) {
        return PAIR[(src[i] & 0xFF) << 8 | (src[i + 1] & 0xFF)];
    }

    /** The text a stored value stands for: itself unless it starts with {@link #MARK}. */
    static String read(String stored) {
        if (stored.isEmpty() || stored.charAt(0) != MARK) {
            return stored;
        }
        if (stored.length() < 2) {
            throw new IllegalArgumentException("a stored extra value holds the mark alone");
        }
        char form = stored.charAt(1);
        if (form == MARK) {
            return stored.substring(1);
        }
        boolean colons = form == COLON_UPPER || form == COLON_LOWER;
        if (!colons && form != PLAIN_UPPER && form != PLAIN_LOWER) {
            throw new IllegalArgumentException("a stored extra value has an unknown form '" + form + "'");
        }
        HexFormat format = colons ? COLONS : PLAIN;
        if (form == COLON_UPPER || form == PLAIN_UPPER) {
            format = format.withUpperCase();
        }
        return format.formatHex(Base64.getDecoder().decode(stored.substring(2)));
    }

    private static final HexFormat PLAIN = HexFormat.of();
    private static final HexFormat COLONS = HexFormat.ofDelimiter(":");
}
