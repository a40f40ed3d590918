package lat.warp.events.internal;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Supplier;
import lat.warp.events.Event;
import lat.warp.events.EventSearch;
import lat.warp.events.internal.parsers.EventSink;
import lat.warp.events.internal.parsers.RowProblem;
import lat.warp.registry.Attribution;
import lat.warp.registry.AttributionResult;
import org.jspecify.annotations.Nullable;

/**
 * The parsing side of a job: takes what the parser reads, attributes each event, computes its key, its
 * binary COPY row and its rollup dimensions, and hands over full batches. Runs on the parse thread, so that
 * the writer thread only deduplicates and talks to the database.
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
    private final IngestTimes times;
    private final Supplier<CopyBuffer> buffers;
    private final MessageDigest sha;
    /** What the key hashes; for key version 2 also the extra's values, copied into the row. */
    private final CopyBuffer scratch = new CopyBuffer(1 << 12);
    private final EventRows.ExtraNames extraNames = new EventRows.ExtraNames();
    /** Where key version 2 wrote the event's fields and extra in {@link #scratch}, for the row to copy them. */
    private final EventRows.KeySpans keySpans = new EventRows.KeySpans();
    private final DayKeys keys;
    private final DedupProperties dedup;
    private final ExtraLayouts layouts;
    private java.util.function.Function<lat.warp.registry.IpPrefix.IpAddress, AttributionResult.Holding> holdings;

    private CopyBuffer rows;
    private int[] ends;
    private long[] rowKeys;
    private int[] epochDays;
    private int[] dims;
    private boolean[] staged;
    private boolean[] threats;
    private int duplicates;
    private Map<EventBatch.Dims, Integer> dimIndex = new HashMap<>();
    private List<EventBatch.Dims> dimensions = new ArrayList<>();
    private int events;
    private List<EventBatch.Reject> rejects = new ArrayList<>();
    private Set<LocalDate> days = new HashSet<>();
    private int lastEpochDay = Integer.MIN_VALUE;
    private LocalDate lastDate = LocalDate.EPOCH;
    private long item;
    private long lastItem;

    /**
     * @param skipThrough items up to this one are already committed (a resumed job): they are read again
     *     but not written again
     * @param buffers where the batches' row buffers come from (the writer gives them back once written)
     */
    Batcher(UUID jobId, long skipThrough, Attribution attribution, ExtraLayouts layouts, int batchSize, IngestTimes times,
            DayKeys keys, DedupProperties dedup, Supplier<CopyBuffer> buffers, Consumer<EventBatch> out) {
        this.layouts = layouts;
        this.dedup = dedup;
        this.keys = keys;
        this.times = times;
        this.jobId = jobId;
        this.skipThrough = skipThrough;
        this.attribution = attribution;
        this.batchSize = batchSize;
        this.buffers = buffers;
        this.out = out;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        startBatch();
    }

    private void startBatch() {
        // The attribution index as it is now, for the whole batch: a registry change applies from the next one.
        holdings = attribution.holdings();
        rows = buffers.get();
        rows.reset();
        int n = Math.max(1, batchSize);
        ends = new int[n];
        rowKeys = new long[2 * n];
        epochDays = new int[n];
        dims = new int[n];
        staged = new boolean[n];
        threats = new boolean[n];
        duplicates = 0;
        dimIndex = new HashMap<>();
        dimensions = new ArrayList<>();
        events = 0;
        rejects = new ArrayList<>();
        days = new HashSet<>();
        lastEpochDay = Integer.MIN_VALUE;
    }

    @Override
    public void accept(Event event) {
        accept(event, 0);
    }

    @Override
    public void accept(Event event, long line) {
        if (++item <= skipThrough) {
            return;
        }
        cutIfFull();
        lastItem = item;
        if (event.timeSource() == null) {
            // Without it there is no day to store the event in, and no stable key: a re-sent file would differ.
            rejects.add(new EventBatch.Reject(item, line, "time.source is missing", cut(event.raw())));
            return;
        }
        // The key is taken from what the feed said, before enrichment, so that a later registry change
        // does not turn a re-sent row into a new event.
        long t = System.nanoTime();
        int epochDay = (int) Math.floorDiv(event.timeSource().getEpochSecond(), 86_400);
        byte[] key;
        EventRows.KeySpans spans = null;
        if (keys.version(epochDay) == 1) {
            key = EventRows.keyV1(event, sha, scratch, dedup.windowOf(event));
        } else {
            // The extra's values are encoded here once, for the key and then copied into the row.
            spans = keySpans;
            EventRows.keyInputV2(scratch, event, dedup.windowOf(event), extraNames, spans);
            key = EventRows.key(sha, scratch);
        }
        long hi = long8(key, 0);
        long lo = long8(key, 8);
        times.add(IngestTimes.Stage.KEY, t);
        t = System.nanoTime();
        KeySet day = keys.day(epochDay);
        times.add(IngestTimes.Stage.LOAD_KEYS, t);
        if (day != null) {
            if (!day.add(hi, lo)) {
                // Stored already, or earlier in this file: neither attributed nor encoded.
                duplicates++;
                return;
            }
            keys.added();
        }
        t = System.nanoTime();
        // Enriched from the registry where the feed said nothing: written into the row, the event left as it is.
        AttributionResult.Holding found = event.sourceIp() == null ? null : holdings.apply(event.sourceIp());
        UUID holder;
        Long asn = event.sourceAsn();
        String asName = event.sourceAsName();
        String cc = event.sourceGeolocationCc();
        if (found != null) {
            holder = found.holderId();
            asn = asn == null ? found.asn() : asn;
            asName = asName == null ? found.asName() : asName;
            cc = cc == null ? found.country() : cc;
        } else {
            holder = event.holderId() == null ? null : UUID.fromString(event.holderId());
        }
        times.add(IngestTimes.Stage.ATTRIBUTE, t);
        t = System.nanoTime();
        EventRows.appendBinary(rows, jobId, key, event, holder, asn, asName, cc, line, layouts, scratch, spans);
        ends[events] = rows.size();
        rowKeys[2 * events] = hi;
        rowKeys[2 * events + 1] = lo;
        staged[events] = day == null;
        threats[events] = EventSearch.isThreat(event.tlp(), event.classification().taxonomy());
        if (epochDay != lastEpochDay) {
            // Rows are mostly of one day: the date made and the batch's set of days asked once per day met.
            lastDate = LocalDate.ofEpochDay(epochDay);
            lastEpochDay = epochDay;
            days.add(lastDate);
        }
        LocalDate date = lastDate;
        epochDays[events] = epochDay;
        EventBatch.Dims d = new EventBatch.Dims(date, holder, cc, asn, event.classification().taxonomy(),
                event.classification().type(), event.feedName());
        Integer index = dimIndex.get(d);
        if (index == null) {
            index = dimensions.size();
            dimensions.add(d);
            dimIndex.put(d, index);
        }
        dims[events] = index;
        events++;
        times.add(IngestTimes.Stage.ENCODE, t);
    }

    private static long long8(byte[] b, int at) {
        long v = 0;
        for (int i = at; i < at + 8; i++) {
            v = (v << 8) | (b[i] & 0xFF);
        }
        return v;
    }

    /** Raw stays in the archived file (ADR 0012); a row without time.source, refused here, has its line. */
    @Override
    public boolean keepsRaw() {
        return false;
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
        if (events + rejects.size() + duplicates >= batchSize) {
            flush();
        }
    }

    /** Hands over what is pending, if anything. */
    void flush() {
        if (events + rejects.size() + duplicates == 0) {
            return;
        }
        out.accept(new EventBatch(rows, Arrays.copyOf(ends, events), Arrays.copyOf(rowKeys, 2 * events),
                Arrays.copyOf(epochDays, events), Arrays.copyOf(dims, events), Arrays.copyOf(staged, events),
                Arrays.copyOf(threats, events), dimensions, events, duplicates, rejects, days, lastItem));
        startBatch();
    }
}
