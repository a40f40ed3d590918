package lat.warp.events.internal;

import java.io.InputStream;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import jakarta.annotation.PreDestroy;
import javax.sql.DataSource;
import lat.warp.events.FeedJob;
import lat.warp.events.internal.parsers.FeedContext;
import lat.warp.events.internal.parsers.FeedParser;
import lat.warp.events.internal.parsers.ParseResult;
import lat.warp.registry.Attribution;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.util.unit.DataSize;

/**
 * Runs queued feed jobs: claims one, parses its stored file on one thread and writes batches on another,
 * with a small bounded queue between them (the parser waits when the database falls behind, so memory stays
 * bounded whatever the file's size). A job whose worker died is claimed again once its heartbeat is stale
 * and goes on after its last committed batch; a large job, written in one transaction, starts again from its
 * first row (ADR 0018). One job runs at a time on all nodes together ({@link #runNext}).
 */
@Component
public class FeedWorker {

    private static final Logger log = LoggerFactory.getLogger(FeedWorker.class);

    /** Marks the end of a file in the queue. */
    private static final Object END = new Object();

    private final FeedJobs jobs;
    private final EventSources sources;
    private final EventStore store;
    private final Attribution attribution;
    private final ExtraLayouts layouts;
    private final int batchSize;
    private final Duration staleAfter;
    private final DedupProperties dedup;
    private final EventPartitions partitions;
    private final DataSource dataSource;
    private final TransactionTemplate tx;
    private final long segmentMinBytes;
    private final long segmentMinRows;

    private final FeedFiles files;

    FeedWorker(FeedJobs jobs, EventSources sources, EventStore store, Attribution attribution, ExtraLayouts layouts,
            DedupProperties dedup, EventPartitions partitions, DataSource dataSource, TransactionTemplate tx,
            FeedFiles files, @Value("${warp.events.batch-size:10000}") int batchSize,
            @Value("${warp.events.stale-after:3m}") Duration staleAfter,
            @Value("${warp.events.segment-min-bytes:64MB}") DataSize segmentMinBytes,
            @Value("${warp.events.segment-min-rows:50000}") long segmentMinRows) {
        this.partitions = partitions;
        this.files = files;
        this.dataSource = dataSource;
        this.tx = tx;
        this.segmentMinBytes = segmentMinBytes.toBytes();
        this.segmentMinRows = segmentMinRows;
        this.jobs = jobs;
        this.sources = sources;
        this.store = store;
        this.attribution = attribution;
        this.layouts = layouts;
        this.batchSize = batchSize;
        this.staleAfter = staleAfter;
        this.dedup = dedup;
    }

    /** Whether this node is draining the queue now (one drain at a time per node: its memory is bounded for one job). */
    private final AtomicBoolean draining = new AtomicBoolean();
    /** Whether a drain was asked for since the last one began. */
    private final AtomicBoolean pending = new AtomicBoolean();
    private final ExecutorService waker = Executors.newSingleThreadExecutor(
            Thread.ofPlatform().name("feed-wake").daemon().factory());

    @Scheduled(fixedDelayString = "${warp.events.poll-interval:1s}", initialDelayString = "${warp.events.poll-delay:3s}")
    void poll() {
        drain();
    }

    /**
     * Starts on a job just queued on this node now rather than at the next poll (up to a second later); the
     * poll stays for jobs queued elsewhere and for those whose worker died.
     */
    public void wake() {
        try {
            waker.execute(this::drain);
        } catch (RejectedExecutionException e) {
            // Shutting down: the job stays queued for the next start.
        }
    }

    @PreDestroy
    void stopWaking() {
        waker.shutdown();
    }

    /** Runs queued jobs until there are none; a request that comes while another drain runs makes that one go on. */
    private void drain() {
        pending.set(true);
        while (pending.get() && draining.compareAndSet(false, true)) {
            try {
                pending.set(false);
                while (runNext()) {
                    // The next job, if any.
                }
            } finally {
                draining.set(false);
            }
        }
    }

    /**
     * Claims and runs one job, if there is one to claim and no other feed job runs on any node; true if it ran
     * one. One job at a time (ADR 0017): the keys it holds in memory are then the only judge of a duplicate it
     * needs, which lets it load its own segments without an index. The lock is a session lock on a connection
     * held for the job, so a node that dies lets it go with its connection.
     */
    public boolean runNext() {
        try (Connection lock = dataSource.getConnection()) {
            if (!ingestLock(lock, "pg_try_advisory_lock")) {
                return false;
            }
            try {
                var claimed = jobs.claim(staleAfter);
                if (claimed.isEmpty()) {
                    return false;
                }
                run(claimed.get());
                return true;
            } finally {
                ingestLock(lock, "pg_advisory_unlock");
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not take the feed ingest lock: " + e.getMessage(), e);
        }
    }

    private static boolean ingestLock(Connection connection, String function) throws SQLException {
        try (var statement = connection.prepareStatement("select " + function + "(hashtext('warp-feed-ingest'))");
                var result = statement.executeQuery()) {
            return result.next() && result.getBoolean(1);
        }
    }

    /**
     * A file refused as a whole ends the job FAILED with the parser's message. A small job's batches committed
     * before the refusal became clear (a wrong encoding deep in the file) stay: they are valid events, and a
     * corrected file sent again adds only what they lack. A large job's, all one transaction, are rolled back.
     */
    private void run(FeedJobs.Claimed job) {
        FeedJob view = job.job();
        JobSegments segments = JobSegments.of(job.id(), view.sizeBytes(), segmentMinBytes, job.itemsDone(), partitions);
        try {
            if (segments.oneTransaction()) {
                ingestInOneTransaction(job, segments);
            } else {
                ingest(job, segments);
                finish(job, FeedJob.State.SUCCEEDED, null);
            }
        } catch (FeedFileException e) {
            finish(job, FeedJob.State.FAILED, e.getMessage());
        } catch (EventStore.ClaimLost e) {
            log.warn("{}; leaving it to that worker", e.getMessage());
        } catch (NoSuchFileException e) {
            finish(job, FeedJob.State.FAILED, "The stored file is missing: " + e.getFile());
        } catch (Exception e) {
            log.error("Feed job {} ({} from {}) failed", job.id(), view.format(), view.sourceName(), e);
            finish(job, FeedJob.State.FAILED,
                    "The job stopped on an internal error (" + e.getClass().getSimpleName()
                            + "); the file is kept and sending it again adds nothing twice.");
        }
    }

    /**
     * A large job from its first row (ADR 0018): its batches, segments, indexes, rollups and end in one
     * transaction, so that its segments are created where they are loaded and write no WAL. Its counts are shown
     * as it goes from transactions of their own and set back to nothing if it does not commit: then nothing of
     * it is stored, and a crash makes the next attempt start again from the first row.
     */
    private void ingestInOneTransaction(FeedJobs.Claimed job, JobSegments segments) throws Exception {
        jobs.resetCounts(job.id(), job.attempt());
        long[] ending = new long[1];
        try {
            tx.executeWithoutResult(s -> {
                try {
                    ingest(job, segments);
                } catch (Exception e) {
                    throw new Failed(e);
                }
                long t = System.nanoTime();
                int closed = partitions.closeSegments(job.id(), segmentMinRows);
                log.info("Feed job {} closed {} segment(s) in {} ms", job.id(), closed, (System.nanoTime() - t) / 1_000_000);
                if (!store.finish(job.id(), job.attempt(), FeedJob.State.SUCCEEDED, null)) {
                    throw new EventStore.ClaimLost(job.id());
                }
                ending[0] = System.nanoTime();
            });
            // The commit forces the job's new segment files to disk (they wrote no WAL).
            log.info("Feed job {} committed in {} ms", job.id(), (System.nanoTime() - ending[0]) / 1_000_000);
        } catch (RuntimeException e) {
            // Rolled back: nothing of the job is stored (the attempt check leaves a job another worker took alone).
            jobs.resetCounts(job.id(), job.attempt());
            throw e instanceof Failed f ? f.cause : e;
        }
    }

    /** Carries a job's checked failure out of its transaction, which it rolls back. */
    private static final class Failed extends RuntimeException {
        private final Exception cause;

        Failed(Exception cause) {
            super(cause.getMessage(), cause, false, false);
            this.cause = cause;
        }
    }

    private void finish(FeedJobs.Claimed job, FeedJob.State state, @Nullable String error) {
        store.finish(job.id(), job.attempt(), state, error);
    }

    private void ingest(FeedJobs.Claimed job, JobSegments segments) throws Exception {
        Path file = Path.of(job.storedPath());
        FeedParser parser = sources.parser(job.job().format(), job.job().mapping());
        // time.observation is when the file arrived, the same on every reading of it.
        FeedContext context = FeedContext.of(job.job().sourceName(), job.createdAt()).withReportType(job.job().report());
        // Two batches waiting are enough to keep the writer busy (the parser still waits for it); each holds a
        // 10 to 16 MB row buffer, so fewer in flight keep the heap small under -Xmx512m.
        BlockingQueue<Object> queue = new ArrayBlockingQueue<>(2);
        AtomicBoolean stop = new AtomicBoolean();
        IngestTimes times = new IngestTimes();
        long started = System.nanoTime();
        // Row buffers go round between the two threads instead of a new one per batch.
        BlockingQueue<CopyBuffer> buffers = new ArrayBlockingQueue<>(4);
        DayKeys keys = new DayKeys(store::load, store.memoryKeys(), store::keyVersion);
        // A new buffer starts as large as the largest batch so far: grown by doubling, each would be allocated
        // four or five times over, every one a humongous object that starts a G1 marking cycle.
        java.util.concurrent.atomic.AtomicInteger largest = new java.util.concurrent.atomic.AtomicInteger(1 << 20);
        Batcher batcher = new Batcher(job.id(), job.itemsDone(), attribution, layouts, batchSize, times, keys, dedup,
                () -> {
                    CopyBuffer b = buffers.poll();
                    return b != null ? b : new CopyBuffer(largest.get());
                },
                batch -> put(queue, batch, stop, times));
        Thread parsing = Thread.ofPlatform().name("feed-parse-" + job.id()).daemon().start(() -> {
            long t0 = System.nanoTime();
            Object last = END;
            try (InputStream in = files.open(file)) {
                ParseResult result = parser.parse(in, context, batcher);
                if (result.failed()) {
                    last = new FeedFileException(result.failure());
                } else {
                    batcher.flush();
                }
            } catch (CancelledException c) {
                return;
            } catch (Throwable t) {
                last = t;
            }
            times.add(IngestTimes.Stage.PARSE_THREAD, t0);
            try {
                put(queue, last, stop, times);
            } catch (CancelledException c) {
                // The writer has already given up; nobody waits for the end mark.
            }
        });
        try {
            while (true) {
                long waited = System.nanoTime();
                Object item = queue.take();
                times.add(IngestTimes.Stage.WAIT_FOR_PARSER, waited);
                if (item == END) {
                    log.info("Feed job {} took {} ms: {}", job.id(), (System.nanoTime() - started) / 1_000_000, times);
                    return;
                }
                if (item instanceof Throwable t) {
                    throw t instanceof Exception e ? e : new IllegalStateException(t);
                }
                EventBatch batch = (EventBatch) item;
                store.write(job.id(), job.attempt(), batch, times, segments);
                largest.accumulateAndGet(batch.data().capacity(), Math::max);
                buffers.offer(batch.data());
            }
        } finally {
            stop.set(true);
            parsing.join(Duration.ofSeconds(5));
        }
    }

    /** Waits for room in the queue (back-pressure), unless the writer has given up. */
    private static void put(BlockingQueue<Object> queue, Object item, AtomicBoolean stop, IngestTimes times) {
        long t = System.nanoTime();
        try {
            while (!queue.offer(item, 200, TimeUnit.MILLISECONDS)) {
                if (stop.get()) {
                    throw new CancelledException();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancelledException();
        } finally {
            times.add(IngestTimes.Stage.WAIT_FOR_WRITER, t);
        }
    }

    /** Ends the parse thread when the writer has stopped taking batches. */
    private static final class CancelledException extends RuntimeException {
        CancelledException() {
            super("the writer stopped", null, false, false);
        }
    }
}
