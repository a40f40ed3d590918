package lat.warp.events.internal;

import java.util.EnumMap;
import java.util.Map;
import java.util.StringJoiner;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Where a job's time went, per stage, logged when it ends: cheap enough (two nanoTime calls a stage and a
 * batch, or a row for the parse-side stages) to stay on, and the first thing to read when a feed is slow.
 */
final class IngestTimes {

    enum Stage {
        /** The parse thread's whole time, including the stages below that run on it. */
        PARSE_THREAD, ATTRIBUTE, KEY, ENCODE, WAIT_FOR_WRITER,
        /** The writer thread: loading the keys of a day, COPY, the fallback insert, rollups, rejects, job row, commit. */
        LOAD_KEYS, COPY, STAGED_INSERT, ROLLUPS, REJECTS, JOB_ROW, COMMIT, WAIT_FOR_PARSER
    }

    private final AtomicLongArray nanos = new AtomicLongArray(Stage.values().length);

    void add(Stage stage, long startNanos) {
        nanos.addAndGet(stage.ordinal(), System.nanoTime() - startNanos);
    }

    Map<Stage, Long> millis() {
        Map<Stage, Long> m = new EnumMap<>(Stage.class);
        for (Stage s : Stage.values()) {
            m.put(s, nanos.get(s.ordinal()) / 1_000_000);
        }
        return m;
    }

    @Override
    public String toString() {
        StringJoiner j = new StringJoiner(", ");
        millis().forEach((s, ms) -> j.add(s.name().toLowerCase(java.util.Locale.ROOT) + " " + ms + " ms"));
        return j.toString();
    }
}
