package lat.warp.events.internal;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import lat.warp.events.Event;
import lat.warp.events.internal.parsers.EventSink;
import lat.warp.events.internal.parsers.RowProblem;
import lat.warp.registry.Attribution;
import lat.warp.registry.AttributionResult;
import org.jspecify.annotations.Nullable;

/**
 * The parsing side of a job: takes what the parser reads, attributes each event, computes its key and its
 * COPY text, and hands over full batches. Runs on the parse thread, so that the writer thread only talks to
 * the database.
 *
 * <p>Every sink call (an event or a rejected row) is one item, numbered from 1; parsers are deterministic,
 * so the n-th item of a file is the same on every reading, and a batch's last item number is the job's
 * resume point.
 */
final class Batcher implements EventSink {

    private static final int RAW_LIMIT = 2_000;

    private final UUID jobId;
    private final long skipThrough;
    private final Attribution attribution;
    private final int batchSize;
    private final Consumer<EventBatch> out;

    private StringBuilder copy = new StringBuilder(1 << 16);
    private int events;
    private List<EventBatch.Reject> rejects = new ArrayList<>();
    private Set<LocalDate> days = new HashSet<>();
    private long item;
    private long lastItem;

    /**
     * @param skipThrough items up to this one are already committed (a resumed job): they are read again
     *     but not written again
     */
    Batcher(UUID jobId, long skipThrough, Attribution attribution, int batchSize, Consumer<EventBatch> out) {
        this.jobId = jobId;
        this.skipThrough = skipThrough;
        this.attribution = attribution;
        this.batchSize = batchSize;
        this.out = out;
    }

    @Override
    public void accept(Event event) {
        if (++item <= skipThrough) {
            return;
        }
        cutIfFull();
        lastItem = item;
        if (event.timeSource() == null) {
            // Without it there is no day to store the event in, and no stable key: a re-sent file would differ.
            rejects.add(new EventBatch.Reject(item, 0, "time.source is missing", cut(event.raw())));
            return;
        }
        // The key is taken from what the feed said, before enrichment, so that a later registry change
        // does not turn a re-sent row into a new event.
        byte[] key = EventRows.dedupKey(event);
        Event stored = enrich(event);
        EventRows.appendCopy(copy, jobId, key, stored);
        days.add(EventRows.day(stored));
        events++;
    }

    @Override
    public void reject(RowProblem problem) {
        if (++item <= skipThrough) {
            return;
        }
        cutIfFull();
        lastItem = item;
        rejects.add(new EventBatch.Reject(item, problem.line(), problem.reason(), cut(problem.rawLine())));
    }

    private static @Nullable String cut(@Nullable String raw) {
        return raw == null || raw.length() <= RAW_LIMIT ? raw : raw.substring(0, RAW_LIMIT);
    }

    private void cutIfFull() {
        if (events + rejects.size() >= batchSize) {
            flush();
        }
    }

    /** Hands over what is pending, if anything. */
    void flush() {
        if (events + rejects.size() == 0) {
            return;
        }
        out.accept(new EventBatch(copy.toString(), events, rejects, days, lastItem));
        copy = new StringBuilder(Math.max(1 << 16, copy.length()));
        events = 0;
        rejects = new ArrayList<>();
        days = new HashSet<>();
    }

    private Event enrich(Event event) {
        Event.Builder b = null;
        if (event.sourceIp() != null) {
            AttributionResult found = attribution.attribute(event.sourceIp());
            b = event.toBuilder().holderId(found.holder() == null ? null : found.holder().id());
            if (event.sourceAsn() == null && found.asn() != null) {
                b.sourceAsn(found.asn());
            }
            if (event.sourceAsName() == null && found.asName() != null) {
                b.sourceAsName(found.asName());
            }
            if (event.sourceGeolocationCc() == null && found.country() != null) {
                b.sourceGeolocationCc(found.country());
            }
        }
        return b == null ? event : b.build();
    }
}
