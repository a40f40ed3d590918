package lat.warp.registry.internal.imports;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * Reads UTF-8 lines (LF or CRLF) with a bound on line length, so that a file without line breaks cannot
 * make a parser hold all of it in memory as {@link java.io.BufferedReader#readLine()} would.
 */
final class LineReader {

    private final InputStream in;
    private final int maxLineBytes;
    private final byte[] buffer = new byte[1 << 16];
    private int position;
    private int limit;
    private byte[] line = new byte[512];
    private int lineLength;
    private boolean tooLong;
    private int lineNumber;

    LineReader(InputStream in, int maxLineBytes) {
        this.in = in;
        this.maxLineBytes = maxLineBytes;
    }

    /** The next line without its line break, or null at the end of the input. */
    @Nullable String readLine() throws IOException {
        lineLength = 0;
        tooLong = false;
        boolean readAnything = false;
        while (true) {
            if (position == limit) {
                int n = in.read(buffer);
                if (n <= 0) {
                    if (!readAnything) {
                        return null;
                    }
                    break;
                }
                position = 0;
                limit = n;
            }
            readAnything = true;
            int end = position;
            while (end < limit && buffer[end] != '\n') {
                end++;
            }
            append(position, end - position);
            if (end < limit) {
                position = end + 1;
                break;
            }
            position = limit;
        }
        lineNumber++;
        int length = lineLength;
        if (length > 0 && line[length - 1] == '\r') {
            length--;
        }
        return new String(line, 0, length, StandardCharsets.UTF_8);
    }

    /** Whether the line last read was longer than the bound; it is then returned cut short. */
    boolean lastLineTooLong() {
        return tooLong;
    }

    /** The 1-based number of the line last read. */
    int lineNumber() {
        return lineNumber;
    }

    private void append(int from, int count) {
        if (tooLong || count == 0) {
            return;
        }
        if (lineLength + count > maxLineBytes) {
            tooLong = true;
            count = maxLineBytes - lineLength;
        }
        if (lineLength + count > line.length) {
            line = Arrays.copyOf(line, Math.max(line.length * 2, lineLength + count));
        }
        System.arraycopy(buffer, from, line, lineLength, count);
        lineLength += count;
    }
}
