package lat.warp.events.internal.parsers;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * A fast RFC 4180 reader over strict UTF-8 bytes: fields separated by one delimiter character, records
 * ending in LF or CRLF, fields in double quotes holding delimiters, doubled quotes and line breaks. A
 * byte-order mark before the first record is skipped.
 *
 * <p>Made for millions of rows: one character buffer, reused; a record's fields are positions in that
 * buffer, turned into strings only when the caller asks ({@link #field(int)}); the record's own text is
 * available for {@code raw}. A record longer than the bound stops the reading with a
 * {@link RecordTooLongException}, so a file without line breaks cannot take all memory.
 *
 * <p>Lenient where feeds are sloppy and nothing is lost: a quote inside an unquoted field is kept as a
 * character. Strict where the row cannot be trusted: text after a closing quote makes the record
 * {@link #malformed()}, and a quote still open at the end of the input makes it {@link #unterminated()}.
 *
 * <p>Bytes that are not UTF-8 stop the reading with a {@link MalformedInputException} when the reader
 * reaches them, so that {@link #nextLine()} is the line they are on.
 *
 * <p>In line mode ({@code delimiter == LINES}) there is no quoting: every line is one record of one field.
 */
final class CsvReader {

    /** The delimiter value for reading plain lines. */
    static final char LINES = '\n';

    /** A record longer than the reader's bound. */
    static final class RecordTooLongException extends IOException {
        RecordTooLongException(long line, int max) {
            super("a record starting at line " + line + " is longer than " + max + " characters");
        }
    }

    private final InputStream in;
    private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    private final ByteBuffer bytes = ByteBuffer.allocate(1 << 16).flip();
    private boolean bytesEnded;
    private boolean flushed;
    private @Nullable CoderResult pendingError;
    private final char delimiter;
    private final int maxRecordChars;
    private char[] buf = new char[1 << 16];
    private int pos;
    private int limit;
    private boolean eof;
    private boolean started;

    private int recordStart;
    private int recordEnd;
    private long line;
    private long nextLine = 1;
    private int count;
    private int[] starts = new int[64];
    private int[] ends = new int[64];
    private boolean[] escaped = new boolean[64];
    private @Nullable String malformed;
    private boolean unterminated;
    private boolean ascii;

    CsvReader(InputStream in, char delimiter, int maxRecordChars) {
        this.in = in;
        this.delimiter = delimiter;
        this.maxRecordChars = maxRecordChars;
    }

    /**
     * Reads the next record.
     *
     * @return false at the end of the input
     */
    boolean next() throws IOException {
        if (pos >= limit && !fill(pos)) {
            return false;
        }
        if (!started) {
            started = true;
            if (buf[pos] == '\uFEFF') {
                pos++;
                if (pos >= limit && !fill(pos)) {
                    return false;
                }
            }
        }
        line = nextLine;
        recordStart = pos;
        boolean quoting = delimiter != LINES;
        // A line break ends the record when the quotes before it are even: each line is found by a loop that
        // looks for the break only, then its quotes are counted by another. Two simple loops over text in the
        // cache cost less than one that turns on every quote, whose branch the processor cannot predict.
        int quotes = 0;
        int chars = 0;
        long breaks = 0;
        int i = pos;
        int end;
        int after;
        while (true) {
            char[] b = buf;
            int lim = limit;
            int j = i;
            while (j < lim && b[j] != '\n') {
                j++;
            }
            if (quoting) {
                for (int k = i; k < j; k++) {
                    quotes += b[k] == '"' ? 1 : 0;
                    chars |= b[k];
                }
            }
            if (j >= lim) {
                int shift = recordStart;
                if (!fill(recordStart)) {
                    end = limit;
                    after = limit;
                    break;
                }
                i = j - shift;
                continue;
            }
            if ((quotes & 1) == 0) {
                end = j;
                after = j + 1;
                break;
            }
            breaks++;
            i = j + 1;
        }
        unterminated = (quotes & 1) != 0;
        ascii = quoting && chars < 0x80;
        if (end > recordStart && buf[end - 1] == '\r') {
            end--;
        }
        recordEnd = end;
        pos = after;
        nextLine = line + 1 + breaks;
        if (quoting) {
            split();
        } else {
            count = 1;
            starts[0] = recordStart;
            ends[0] = recordEnd;
            escaped[0] = false;
            malformed = null;
        }
        return true;
    }

    /**
     * Keeps {@code buf[keepFrom, limit)} at the start of the buffer and reads more after it, growing the
     * buffer up to the record bound. Returns false at the end of the input.
     */
    private boolean fill(int keepFrom) throws IOException {
        if (eof) {
            return false;
        }
        int kept = limit - keepFrom;
        if (keepFrom > 0) {
            System.arraycopy(buf, keepFrom, buf, 0, kept);
            recordStart -= keepFrom;
            pos -= keepFrom;
            if (recordStart < 0) {
                recordStart = 0;
            }
            if (pos < 0) {
                pos = 0;
            }
        }
        limit = kept;
        if (limit == buf.length) {
            if (buf.length >= maxRecordChars) {
                throw new RecordTooLongException(nextLine, maxRecordChars);
            }
            buf = Arrays.copyOf(buf, Math.min(maxRecordChars, buf.length * 2));
        }
        int n = decode();
        if (n <= 0) {
            eof = true;
            return false;
        }
        limit += n;
        return true;
    }

    /** Decodes more bytes into {@code buf[limit, buf.length)}; returns the number of characters, 0 at the end. */
    private int decode() throws IOException {
        if (pendingError != null) {
            throw new MalformedInputException(pendingError.length());
        }
        if (flushed) {
            return 0;
        }
        CharBuffer out = CharBuffer.wrap(buf, limit, buf.length - limit);
        while (true) {
            CoderResult r = decoder.decode(bytes, out, bytesEnded);
            int produced = out.position() - limit;
            if (r.isError()) {
                if (produced > 0) {
                    // Hand over what came before the bad bytes; the next call reports them.
                    pendingError = r;
                    return produced;
                }
                throw new MalformedInputException(r.length());
            }
            if (produced > 0) {
                return produced;
            }
            if (bytesEnded) {
                decoder.flush(out);
                flushed = true;
                return out.position() - limit;
            }
            bytes.compact();
            int n = in.read(bytes.array(), bytes.position(), bytes.remaining());
            if (n < 0) {
                bytesEnded = true;
            } else {
                bytes.position(bytes.position() + n);
            }
            bytes.flip();
        }
    }

    private void split() {
        count = 0;
        malformed = null;
        int i = recordStart;
        int e = recordEnd;
        char d = delimiter;
        char[] b = buf;
        while (true) {
            ensureCapacity();
            if (i < e && b[i] == '"') {
                i++;
                int s = i;
                boolean esc = false;
                while (i < e) {
                    if (b[i] == '"') {
                        if (i + 1 < e && b[i + 1] == '"') {
                            esc = true;
                            i += 2;
                            continue;
                        }
                        break;
                    }
                    i++;
                }
                starts[count] = s;
                ends[count] = Math.min(i, e);
                escaped[count] = esc;
                count++;
                i++;
                if (i < e && b[i] != d) {
                    if (malformed == null) {
                        malformed = "text after the closing quote of field " + count;
                    }
                    while (i < e && b[i] != d) {
                        i++;
                    }
                }
            } else {
                int s = i;
                while (i < e && b[i] != d) {
                    i++;
                }
                starts[count] = s;
                ends[count] = i;
                escaped[count] = false;
                count++;
            }
            if (i >= e) {
                break;
            }
            i++;
            if (i == e) {
                ensureCapacity();
                starts[count] = e;
                ends[count] = e;
                escaped[count] = false;
                count++;
                break;
            }
        }
    }

    private void ensureCapacity() {
        if (count == starts.length) {
            int size = starts.length * 2;
            starts = Arrays.copyOf(starts, size);
            ends = Arrays.copyOf(ends, size);
            escaped = Arrays.copyOf(escaped, size);
        }
    }

    /** The number of fields of the record; a blank line has one empty field. */
    int count() {
        return count;
    }

    /** The buffer the positions point into; valid until the next call of {@link #next()}. */
    char[] buffer() {
        return buf;
    }

    int start(int field) {
        return starts[field];
    }

    int end(int field) {
        return ends[field];
    }

    /** Whether a field holds doubled quotes, so that its positions are not its value. */
    boolean escaped(int field) {
        return escaped[field];
    }

    boolean isEmpty(int field) {
        return starts[field] == ends[field];
    }

    /** The value of a field. */
    String field(int field) {
        int s = starts[field];
        int e = ends[field];
        if (!escaped[field]) {
            return new String(buf, s, e - s);
        }
        StringBuilder b = new StringBuilder(e - s);
        for (int i = s; i < e; i++) {
            char c = buf[i];
            b.append(c);
            if (c == '"' && i + 1 < e && buf[i + 1] == '"') {
                i++;
            }
        }
        return b.toString();
    }

    /** The record's text as it was in the file, without its line break. */
    String raw() {
        return new String(buf, recordStart, recordEnd - recordStart);
    }

    /** Whether the record is an empty line. */
    boolean blank() {
        return recordEnd == recordStart;
    }

    /** The 1-based line the record starts on. */
    long line() {
        return line;
    }

    /** The line after the last record read: where reading stopped. */
    long nextLine() {
        return nextLine;
    }

    /** What is wrong with the record's quoting, or null. */
    @Nullable String malformed() {
        return malformed;
    }

    /**
     * Whether the record's text is all ASCII (in delimited mode; false in line mode), so that each of its
     * fields' characters is one byte of UTF-8.
     */
    boolean ascii() {
        return ascii;
    }

    /** Whether the input ended inside a quoted field of this record. */
    boolean unterminated() {
        return unterminated;
    }

    /**
     * Why the record just read cannot be a row of {@code expected} columns, or null when it can: the
     * one check every CSV feed parser makes before it maps fields.
     *
     * @param columnsOf how the expected columns are described, e.g. " as in the header" (or empty)
     */
    @org.jspecify.annotations.Nullable String shapeProblem(int expected, String columnsOf) {
        if (unterminated()) {
            return "The file ends inside a quoted field: the last row is cut short (is the file truncated?).";
        }
        if (malformed() != null) {
            return "Broken quoting: " + malformed() + ".";
        }
        int n = count();
        if (n != expected) {
            return "Expected " + expected + " columns" + columnsOf + ", found " + n
                    + (n < expected ? " (the row is cut short)." : ".");
        }
        return null;
    }
}
