package lat.warp.events.internal;

import java.time.LocalDate;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * Where one feed job writes each day's rows (ADR 0017, 0018). A large job (its file at least
 * {@code warp.events.segment-min-bytes}) that starts from its first row writes everything in one transaction
 * and each day it meets into a segment of its own, created in that transaction so that loading it writes no
 * WAL; a crash makes it start again from its first row. Every other job writes each day's segment 0, batch by
 * batch. Only days whose keys the job holds in memory go to a segment: nothing but those keys judges a
 * duplicate there.
 */
final class JobSegments {

    private final UUID job;
    private final boolean oneTransaction;
    private final EventPartitions partitions;
    private final Map<LocalDate, String> created = new HashMap<>();
    /** The segments that have been sent a shared threat (each made without: {@link EventPartitions#createSegment}). */
    private final Set<String> withThreats = new HashSet<>();

    private JobSegments(UUID job, boolean oneTransaction, EventPartitions partitions) {
        this.job = job;
        this.oneTransaction = oneTransaction;
        this.partitions = partitions;
    }

    /**
     * A job whose file has at least {@code minBytes} and that has no committed batch ({@code itemsDone} 0, as a
     * large job always has until it ends) loads into segments of its own in one transaction.
     */
    static JobSegments of(UUID job, long fileBytes, long minBytes, long itemsDone, EventPartitions partitions) {
        return new JobSegments(job, fileBytes >= minBytes && itemsDone == 0, partitions);
    }

    /** Whether the job writes all its rows, its segments and its end in one transaction. */
    boolean oneTransaction() {
        return oneTransaction;
    }

    /** The job's segment for the day, created now if need be; null when the day's rows go to segment 0. */
    @Nullable String leaf(LocalDate day) {
        return oneTransaction ? created.computeIfAbsent(day, d -> partitions.createSegment(d, job)) : null;
    }

    /** Before the first shared threat is written into one of the job's segments: it may then hold threats. */
    void threatsComing(String leaf) {
        if (withThreats.add(leaf)) {
            partitions.allowThreats(leaf);
        }
    }
}
