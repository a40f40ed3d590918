package lat.warp.events.internal;

import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import lat.warp.events.FeedReject;

/**
 * One batch of a feed job, ready to write: the events as COPY text for the staging table, the rows
 * refused, and the last input line it covers (the job's resume point once it commits).
 *
 * @param rows input rows in the batch: events plus rejected rows
 */
public record EventBatch(String copyText, int events, List<FeedReject> rejects, Set<LocalDate> days, long lastLine) {

    public int rows() {
        return events + rejects.size();
    }
}
