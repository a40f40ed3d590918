package lat.warp.events;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A feed file being ingested, as the job API shows it. The counts grow batch by batch while it runs.
 *
 * @param rows input rows read so far (events and rejected rows)
 * @param accepted events stored
 * @param rejected rows refused, each kept with its line number and reason
 * @param duplicates events already stored (same key on the same day)
 * @param error why the whole file failed, when {@code state} is FAILED
 */
public record FeedJob(String jobId, State state, String format, @Nullable String report, String sourceName,
        long sizeBytes, long rows, long accepted, long rejected, long duplicates, @Nullable String error,
        String createdBy, Instant createdAt, @Nullable Instant startedAt, @Nullable Instant finishedAt,
        @Nullable String mapping) {

    public enum State { QUEUED, RUNNING, SUCCEEDED, FAILED }

    public boolean finished() {
        return state == State.SUCCEEDED || state == State.FAILED;
    }
}
