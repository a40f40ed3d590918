package lat.warp.events.internal;

import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * One batch of a feed job, ready to write: the events as COPY text for the staging table, the rows
 * refused, and the number of the last parser item it covers (the job's resume point once it commits).
 *
 * @param rows input rows in the batch: events plus rejected rows
 */
public record EventBatch(String copyText, int events, List<Reject> rejects, Set<LocalDate> days, long lastItem) {

    /** A refused row; {@code item} orders it among the parser's output, {@code line} is where it was in the file. */
    public record Reject(long item, long line, String reason, @Nullable String raw) {
    }

    public int rows() {
        return events + rejects.size();
    }
}
