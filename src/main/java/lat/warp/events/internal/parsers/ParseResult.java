package lat.warp.events.internal.parsers;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What a parse found.
 *
 * @param feedCode the feed the file was read as (for Shadowserver the report type, e.g. {@code scan_ssh}),
 *     or null when not known
 * @param rows the data rows read (not counting a header or blank lines)
 * @param accepted the events handed to the sink
 * @param rejected the rows rejected
 * @param problems the first {@link Problems#LIMIT} rejected rows
 * @param failure why the whole file was refused, or null when it was not
 */
public record ParseResult(@Nullable String feedCode, long rows, long accepted, long rejected,
        List<RowProblem> problems, @Nullable String failure) {

    public ParseResult {
        problems = List.copyOf(problems);
    }

    /** Whether the file as a whole was refused (its events must not be kept). */
    public boolean failed() {
        return failure != null;
    }

    static ParseResult failure(@Nullable String feedCode, String message) {
        return new ParseResult(feedCode, 0, 0, 0, List.of(), message);
    }
}
