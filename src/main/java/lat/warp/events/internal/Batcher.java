package lat.warp.events.internal;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import lat.warp.events.Event;
import lat.warp.events.FeedReject;
import lat.warp.registry.Attribution;
import lat.warp.registry.AttributionResult;
import org.jspecify.annotations.Nullable;

/**
 * The parsing side of a job: takes what the {@link EventSource} reads, attributes each event, computes
 * its key and its COPY text, and hands over full batches. Runs on the parse thread, so that the writer
 * thread only talks to the database.
 */
final class Batcher implements EventSink {

    private static final int RAW_LIMIT = 2_000;

    private final UUID jobId;
    private final long skipThrough;
    private final Instant observedAt;
    private final Attribution attribution;
    private final int batchSize;
    private final Consumer<EventBatch> out;

    private StringBuilder copy = new StringBuilder(1 << 16);
    private int events;
    private List<FeedReject> rejects = new ArrayList<>();
    private Set<LocalDate> days = new HashSet<>();
    private long lastLine;

    /**
     * @param skipThrough lines up to this one are already committed (a resumed job): they are read again
     *     but not written again
     * @param observedAt {@code time.observation} for events that have none: when the file was received
     */
    Batcher(UUID jobId, long skipThrough, Instant observedAt, Attribution attribution, int batchSize,
            Consumer<EventBatch> out) {
        this.jobId = jobId;
        this.skipThrough = skipThrough;
        this.observedAt = observedAt;
        this.attribution = attribution;
        this.batchSize = batchSize;
        this.out = out;
    }

    @Override
    public void event(long line, Event event) {
        if (line <= skipThrough) {
            return;
        }
        cutBefore(line);
        if (event.timeSource() == null) {
            // Without it there is no day to store the event in, and no stable key: a re-sent file would differ.
            add(line, "time.source is missing", event.raw());
            return;
        }
        // The key is taken from what the feed said, before enrichment, so that a later registry change
        // does not turn a re-sent row into a new event.
        byte[] key = EventRows.dedupKey(event);
        Event stored = enrich(event);
        EventRows.appendCopy(copy, jobId, key, stored);
        days.add(EventRows.day(stored));
        events++;
        lastLine = line;
    }

    @Override
    public void reject(long line, String reason, @Nullable String raw) {
        if (line <= skipThrough) {
            return;
        }
        cutBefore(line);
        add(line, reason, raw);
    }

    private void add(long line, String reason, @Nullable String raw) {
        rejects.add(new FeedReject(line, reason, raw == null || raw.length() <= RAW_LIMIT ? raw : raw.substring(0, RAW_LIMIT)));
        lastLine = line;
    }

    /** A batch ends only between lines, so that the resume point never splits a line's events. */
    private void cutBefore(long line) {
        if (events + rejects.size() >= batchSize && line != lastLine) {
            flush();
        }
    }

    /** Hands over what is pending, if anything. */
    void flush() {
        if (events + rejects.size() == 0) {
            return;
        }
        out.accept(new EventBatch(copy.toString(), events, rejects, days, lastLine));
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
        if (event.timeObservation() == null) {
            b = (b == null ? event.toBuilder() : b).timeObservation(observedAt);
        }
        return b == null ? event : b.build();
    }
}
