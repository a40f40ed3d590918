package lat.warp.events.internal.parsers;

import org.jspecify.annotations.Nullable;

/**
 * A row a parser rejected.
 *
 * @param line the 1-based line on which the row starts (a quoted field may span lines); 0 when the problem
 *     concerns the file as a whole
 * @param reason what is wrong, for a person to read
 * @param rawLine the row as it was in the file, cut at {@link #MAX_RAW} characters; null when there is none
 */
public record RowProblem(long line, String reason, @Nullable String rawLine) {

    /** How much of a rejected row is kept. */
    public static final int MAX_RAW = 8_192;

    public RowProblem {
        if (rawLine != null && rawLine.length() > MAX_RAW) {
            rawLine = rawLine.substring(0, MAX_RAW) + "…";
        }
    }

    @Override
    public String toString() {
        return "line " + line + ": " + reason;
    }
}
