package lat.warp.events.internal.parsers;

import lat.warp.events.Event;

/**
 * Where a parser puts what it reads. A sink that blocks when its consumer is behind gives the parser
 * back-pressure for free.
 */
public interface EventSink {

    /** An accepted event. */
    void accept(Event event);

    /**
     * An accepted event and the line its row starts on in the file (1 is the first line), for the sinks that
     * keep a reference to the row instead of its text. Parsers call this one.
     */
    default void accept(Event event, long line) {
        accept(event);
    }

    /**
     * Whether the events need their {@code raw} text. The pipeline's sink does not (raw stays in the archived
     * file, ADR 0012), and copying every row's text into a String was a tenth of a file's parsing; rejected
     * rows keep theirs either way.
     */
    default boolean keepsRaw() {
        return true;
    }

    /** A rejected row, with its line number and reason; every one comes here, not only the first thousand. */
    default void reject(RowProblem problem) {
    }
}
