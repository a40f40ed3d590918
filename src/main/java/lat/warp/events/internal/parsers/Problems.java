package lat.warp.events.internal.parsers;

import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Counts rejected rows, passes each to the sink and keeps the first {@link #LIMIT} for the result: a file
 * of garbage must not become an unbounded list.
 */
final class Problems {

    static final int LIMIT = 1_000;

    private final EventSink sink;
    private final List<RowProblem> first = new ArrayList<>();
    private long count;

    Problems(EventSink sink) {
        this.sink = sink;
    }

    void add(long line, String reason, @Nullable String raw) {
        RowProblem problem = new RowProblem(line, reason, raw);
        count++;
        if (first.size() < LIMIT) {
            first.add(problem);
        }
        sink.reject(problem);
    }

    long count() {
        return count;
    }

    List<RowProblem> first() {
        return first;
    }

    /** Quotes a piece of input for a message, cut short so a huge field cannot flood a log. */
    static String quote(CharSequence text) {
        String s = text.toString();
        return "'" + (s.length() > 60 ? s.substring(0, 60) + "…" : s) + "'";
    }
}
