package lat.warp.events.internal;

import java.time.LocalDate;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * Where one feed job writes each day's rows (ADR 0017): a large job into a segment of its own per day, opened the
 * first time it meets the day (or found again when the job resumes), a small one into each day's segment 0.
 * Only days whose keys the job holds in memory go to a segment: nothing but those keys judges a duplicate there.
 */
final class JobSegments {

    private final UUID job;
    private final boolean own;
    private final EventPartitions partitions;
    private final Map<LocalDate, String> open;

    private JobSegments(UUID job, boolean own, EventPartitions partitions) {
        this.job = job;
        this.own = own;
        this.partitions = partitions;
        // A resumed job finds those it opened before, even if it is now judged small.
        this.open = partitions.segmentsOf(job);
    }

    /** A job whose file has at least {@code minBytes} loads into segments of its own. */
    static JobSegments of(UUID job, long fileBytes, long minBytes, EventPartitions partitions) {
        return new JobSegments(job, fileBytes >= minBytes, partitions);
    }

    /** The job's segment for the day, opened now if need be; null when the day's rows go to segment 0. */
    @Nullable String leaf(LocalDate day) {
        String leaf = open.get(day);
        if (leaf == null && own) {
            leaf = partitions.openSegment(day, job);
            open.put(day, leaf);
        }
        return leaf;
    }
}
