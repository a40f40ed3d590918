package lat.warp.events.internal;

import java.util.HashMap;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.IntUnaryOperator;
import org.jspecify.annotations.Nullable;

/**
 * The deduplication keys of the days one job writes to (ADR 0012), on the job's parse thread: read from the
 * table the first time the job meets a day, then every key the job sends is added as it is seen, so that a
 * repeat (in the file, or of an earlier sending) is counted as a duplicate before it is attributed or encoded.
 * Adding before the commit is safe: a batch either commits (its keys are then stored, by this job or by
 * another) or the job stops, and a resumed job reads the keys again.
 */
final class DayKeys {

    private final Map<Integer, @Nullable KeySet> days = new HashMap<>();
    private final Map<Integer, Integer> versions = new HashMap<>();
    private final BiFunction<Integer, Long, @Nullable KeySet> loader;
    private final IntUnaryOperator versionOf;
    private final long limit;
    private long held;
    /** The last day asked for, its keys and its version: a file's rows are mostly of one day. */
    private int lastDay = Integer.MIN_VALUE;
    private @Nullable KeySet lastKeys;
    private int lastVersionDay = Integer.MIN_VALUE;
    private int lastVersion;

    /**
     * @param loader reads a day's stored keys (epoch day, most keys wanted), or null when there are more
     * @param limit the most keys held in memory for the job; days past it are left to the database
     * @param versionOf the key version of a day (epoch day; ADR 0019)
     */
    DayKeys(BiFunction<Integer, Long, @Nullable KeySet> loader, long limit, IntUnaryOperator versionOf) {
        this.loader = loader;
        this.versionOf = versionOf;
        this.limit = limit;
    }

    /** The keys of a day, or null when the day is left to the database (the staged insert). */
    @Nullable KeySet day(int epochDay) {
        if (epochDay == lastDay) {
            return lastKeys;
        }
        KeySet set;
        if (days.containsKey(epochDay)) {
            set = days.get(epochDay);
        } else {
            set = loader.apply(epochDay, limit - held);
            days.put(epochDay, set);
            held += set == null ? 0 : set.size();
        }
        lastDay = epochDay;
        lastKeys = set;
        return set;
    }

    /** The key version of a day's events (ADR 0019): read once per job and day. */
    int version(int epochDay) {
        if (epochDay != lastVersionDay) {
            lastVersion = versions.computeIfAbsent(epochDay, versionOf::applyAsInt);
            lastVersionDay = epochDay;
        }
        return lastVersion;
    }

    /** Counts a key added to a held day against the limit; past it, later days are left to the database. */
    void added() {
        held++;
    }
}
