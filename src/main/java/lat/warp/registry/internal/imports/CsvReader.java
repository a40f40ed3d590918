package lat.warp.registry.internal.imports;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A small RFC 4180 reader: comma-separated fields, records ending in CRLF or LF, fields in double quotes
 * may hold commas, quotes (doubled) and line breaks. A byte-order mark before the first record is
 * skipped. Anything else RFC 4180 forbids (a quote inside an unquoted field, text after a closing quote,
 * an unclosed quote) is a {@link MalformedCsvException}: after one, where the next record starts is
 * guesswork, so the caller stops.
 */
final class CsvReader {

    private static final int END = -1;

    private final Reader in;
    private final int maxRecordChars;
    private int line = 1;
    private int recordLine;
    private int pending = -2;
    private boolean started;

    CsvReader(Reader in, int maxRecordChars) {
        this.in = in;
        this.maxRecordChars = maxRecordChars;
    }

    /** A syntax error at a line. */
    static final class MalformedCsvException extends Exception {
        private final int line;

        MalformedCsvException(int line, String message) {
            super(message);
            this.line = line;
        }

        int line() {
            return line;
        }
    }

    /** The fields of the next record, or null at the end of the input. A blank line is one empty field. */
    @Nullable List<String> next() throws IOException, MalformedCsvException {
        int c = read();
        if (!started) {
            started = true;
            if (c == '\uFEFF') {
                c = read();
            }
        }
        if (c == END) {
            return null;
        }
        recordLine = line;
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        int chars = 0;
        boolean quoted = false;
        boolean afterQuote = false;
        while (true) {
            if (++chars > maxRecordChars) {
                throw new MalformedCsvException(recordLine, "a record longer than " + maxRecordChars + " characters");
            }
            if (quoted) {
                if (c == END) {
                    throw new MalformedCsvException(recordLine, "a quoted field is not closed");
                }
                if (c == '"') {
                    int next = read();
                    if (next == '"') {
                        field.append('"');
                    } else {
                        quoted = false;
                        afterQuote = true;
                        c = next;
                        continue;
                    }
                } else {
                    if (c == '\n') {
                        line++;
                    }
                    field.append((char) c);
                }
            } else if (c == ',' || c == '\n' || c == END || (c == '\r' && peek() == '\n')) {
                fields.add(field.toString());
                field.setLength(0);
                afterQuote = false;
                if (c == '\r') {
                    read();
                    c = '\n';
                }
                if (c != ',') {
                    if (c == '\n') {
                        line++;
                    }
                    return fields;
                }
            } else if (afterQuote) {
                throw new MalformedCsvException(line, "text after the closing quote of a field");
            } else if (c == '"') {
                if (field.length() > 0) {
                    throw new MalformedCsvException(line, "a quote inside an unquoted field (quote the whole field)");
                }
                quoted = true;
            } else {
                field.append((char) c);
            }
            c = read();
        }
    }

    /** The line on which the record last returned began. */
    int recordLine() {
        return recordLine;
    }

    private int read() throws IOException {
        if (pending != -2) {
            int c = pending;
            pending = -2;
            return c;
        }
        return in.read();
    }

    private int peek() throws IOException {
        if (pending == -2) {
            pending = in.read();
        }
        return pending;
    }
}
