package lat.warp.events.internal.parsers;

import java.io.IOException;
import java.io.InputStream;

/** Turns one feed file into events. */
public interface FeedParser {

    /**
     * Reads a whole file, plain or gzip, handing each event and each rejected row to the sink as they are
     * read. When the result has {@link ParseResult#failed() failed}, the file as a whole is refused: the sink
     * may already have seen events from before the point where that became clear, and the caller discards
     * them.
     *
     * @param in the file; not closed here
     * @throws IOException only when reading the stream itself fails (a broken upload); everything wrong
     *     with the content is in the result
     */
    ParseResult parse(InputStream in, FeedContext context, EventSink sink) throws IOException;
}
