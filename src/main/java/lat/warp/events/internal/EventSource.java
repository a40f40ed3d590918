package lat.warp.events.internal;

import java.io.IOException;
import java.io.InputStream;

/**
 * Turns one stored feed file into events, streaming: the seam where a parser plugs into the pipeline.
 * A row that cannot be read goes to {@link EventSink#reject}; a file that cannot be read at all (unknown
 * report type, wrong encoding, wrong delimiter) throws {@link FeedFileException} with a message for the
 * person who sent it.
 */
public interface EventSource {

    void read(InputStream in, EventSink sink) throws IOException;
}
