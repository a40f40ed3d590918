package lat.warp.events.internal;

import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * One batch of a feed job, ready to write: its events as binary COPY rows with their keys, days and rollup
 * dimensions (so that the writer can drop duplicates and count the rollups without reading anything back),
 * the rows refused, and the number of the last parser item it covers (the job's resume point once it commits).
 *
 * @param data the events' binary COPY rows, one after the other (no header, no trailer)
 * @param ends where each event's row ends in {@code data}
 * @param keys each event's 16-byte key as two longs, event i at 2i and 2i+1
 * @param epochDays each event's day (the UTC day of time.source)
 * @param dims each event's rollup dimensions, as an index into {@code dimensions}
 * @param staged for each event, whether its day is left to the database (not held in memory)
 * @param threats for each event, whether it is a shared threat ({@link lat.warp.events.EventSearch#isThreat})
 * @param events the events to write (new as far as the job's keys tell, or of a day not held)
 * @param duplicates the rows found to be duplicates in memory, counted but not in the batch
 */
public record EventBatch(CopyBuffer data, int[] ends, long[] keys, int[] epochDays, int[] dims, boolean[] staged,
        boolean[] threats, List<Dims> dimensions, int events, int duplicates, List<Reject> rejects, Set<LocalDate> days, long lastItem) {

    /** A refused row; {@code item} orders it among the parser's output, {@code line} is where it was in the file. */
    public record Reject(long item, long line, String reason, @Nullable String raw) {
    }

    /** What the rollups count by (event_rollups). */
    public record Dims(LocalDate day, @Nullable UUID holder, @Nullable String country, @Nullable Long asn,
            String taxonomy, String type, @Nullable String feedName) {
    }

    public int rows() {
        return events + duplicates + rejects.size();
    }

    int start(int event) {
        return event == 0 ? 0 : ends[event - 1];
    }
}
