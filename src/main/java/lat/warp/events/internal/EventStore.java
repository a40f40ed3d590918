package lat.warp.events.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;
import lat.warp.events.FeedJob;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.postgresql.copy.PGCopyInputStream;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.stereotype.Component;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Writes a batch of a feed job in one transaction (ADR 0012, 0015, 0017): the events that are new, by binary COPY
 * in holder order, into the job's own segment of their day ({@link JobSegments}) or else into the events table
 * (each day's segment 0); the rollups of exactly those events, counted in memory and appended as the job's deltas
 * (a job writing in one transaction holds its counts until that transaction ends, and appends them once);
 * the rejected rows; and the job's counts and resume point. Either all of it commits or none: a job resumed after
 * a crash goes on from the last committed batch. {@link #finish} ends the job and folds its deltas into the
 * rollups.
 *
 * <p>Which events are new is decided in memory on the parse thread ({@link DayKeys}: the keys each day held
 * when the job first met it, plus those the job has sent since), exact because one feed job writes at a time
 * (FeedWorker's ingest lock). In segment 0 the unique key on (day, dedup_key) also judges: should a writer
 * outside the feed jobs have stored one of the keys since they were read, the COPY fails, and the batch is
 * written again the slow and exact way (COPY into a staging table, then {@code insert … on conflict do
 * nothing returning} into segment 0). Days with more keys than {@code warp.events.dedup-memory-keys} always go
 * that way.
 */
@Component
public class EventStore {

    private static final String STAGE = """
            create temporary table if not exists events_stage (like events including defaults)
            on commit delete rows""";

    // Into a day's segment 0: a key any segment of the day holds is a duplicate (each closed segment's unique
    // index answers), and segment 0's own unique index judges a key written meanwhile (ADR 0017).
    private static final String STAGED_INSERT = """
            with ins as (
                insert into %2$s (%1$s)
                select distinct on (day, dedup_key) %1$s from events_stage s where day = ?
                and not exists (select 1 from %3$s e where e.day = s.day and e.dedup_key = s.dedup_key)
                on conflict (day, dedup_key) do nothing
                returning day, holder_id, source_geolocation_cc, source_asn, classification_taxonomy,
                          classification_type, feed_name
            ), roll as (
                insert into event_rollup_deltas (job_id, day, holder_id, country, asn, taxonomy, type, feed_name, count)
                select cast(? as uuid), day, holder_id, source_geolocation_cc, source_asn, classification_taxonomy,
                       classification_type, feed_name, count(*)
                from ins group by 2, 3, 4, 5, 6, 7, 8
            )
            select count(*) from ins""";

    // Folds a job's deltas into the rollups, sorted so that two jobs ending together lock rows in the same order.
    private static final String MERGE_ROLLUPS = """
            with gone as (
                delete from event_rollup_deltas where job_id = ?
                returning day, holder_id, country, asn, taxonomy, type, feed_name, count
            )
            insert into event_rollups (day, holder_id, country, asn, taxonomy, type, feed_name, count)
            select day, holder_id, country, asn, taxonomy, type, feed_name, sum(count) from gone
            group by 1, 2, 3, 4, 5, 6, 7 order by 1, 2, 3, 4, 5, 6, 7
            on conflict on constraint event_rollups_dimensions
            do update set count = event_rollups.count + excluded.count""";

    /** The size of the COPY messages a batch is sent in. */
    private static final int MESSAGE_BYTES = 1 << 16;

    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    /** A transaction of its own, also from inside a job's one transaction: its progress shown as it goes. */
    private final TransactionTemplate apart;
    private final DataSource dataSource;
    private final EventPartitions partitions;
    private final FeedJobs jobs;
    private final int memoryKeys;

    EventStore(JdbcClient jdbc, TransactionTemplate tx, DataSource dataSource, EventPartitions partitions,
            FeedJobs jobs, @Value("${warp.events.dedup-memory-keys:3000000}") int memoryKeys) {
        this.jobs = jobs;
        this.jdbc = jdbc;
        this.tx = tx;
        this.apart = new TransactionTemplate(Objects.requireNonNull(tx.getTransactionManager()));
        this.apart.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.dataSource = dataSource;
        this.partitions = partitions;
        this.memoryKeys = memoryKeys;
    }

    /** Thrown when another worker has claimed the job since this one did: nothing of the batch is kept. */
    public static final class ClaimLost extends RuntimeException {
        ClaimLost(UUID job) {
            super("feed job " + job + " was taken over by another worker");
        }
    }

    /** What one batch added. */
    public record Written(long accepted, long duplicates) {
    }

    /** Writes a batch into the days' segments 0 (tests and callers without a job's segments). */
    public Written write(UUID jobId, int attempt, EventBatch batch, IngestTimes times) {
        return write(jobId, attempt, batch, times, null);
    }

    Written write(UUID jobId, int attempt, EventBatch batch, IngestTimes times, @Nullable JobSegments segments) {
        partitions.ensure(batch.days());
        List<Integer> direct = new ArrayList<>(batch.events());
        Map<String, List<Integer>> own = new LinkedHashMap<>();
        List<Integer> staged = new ArrayList<>();
        Map<Integer, Optional<String>> leaves = new HashMap<>();
        for (int i = 0; i < batch.events(); i++) {
            if (batch.staged()[i]) {
                staged.add(i);
                continue;
            }
            Optional<String> leaf = segments == null ? Optional.empty() : leaves.computeIfAbsent(batch.epochDays()[i],
                    d -> Optional.ofNullable(segments.leaf(LocalDate.ofEpochDay(d))));
            (leaf.isPresent() ? own.computeIfAbsent(leaf.get(), l -> new ArrayList<>()) : direct).add(i);
        }
        for (Map.Entry<String, List<Integer>> segment : own.entrySet()) {
            if (segment.getValue().stream().anyMatch(i -> batch.threats()[i])) {
                Objects.requireNonNull(segments).threatsComing(segment.getKey());
            }
        }
        boolean oneTransaction = segments != null && segments.oneTransaction();
        try {
            return commit(jobId, attempt, batch, direct, own, staged, batch.duplicates(), times, oneTransaction);
        } catch (UniqueKeyTaken e) {
            // Another writer stored one of these keys after they were read: the database decides, row by row.
            List<Integer> all = new ArrayList<>(batch.events());
            for (int i = 0; i < batch.events(); i++) {
                all.add(i);
            }
            return commit(jobId, attempt, batch, List.of(), Map.of(), all, batch.duplicates(), times, oneTransaction);
        }
    }

    /** The limit of keys a job holds in memory ({@code warp.events.dedup-memory-keys}). */
    int memoryKeys() {
        return memoryKeys;
    }

    /**
     * @param direct rows for the days' segments 0, through the parent (routed by day)
     * @param own rows for the job's own segments, by segment: straight into each, in holder order
     * @param staged rows of days not held in memory, judged by the keys of every segment of their day
     * @param oneTransaction the batch joins the job's one transaction (ADR 0018): its counts are shown at once
     *        from a transaction of their own, and the resume point does not move (a crash restarts the job)
     */
    private Written commit(UUID jobId, int attempt, EventBatch batch, List<Integer> direct,
            Map<String, List<Integer>> own, List<Integer> staged, long inMemoryDuplicates, IngestTimes times,
            boolean oneTransaction) {
        long t0 = System.nanoTime();
        long[] inside = new long[1];
        Written w = tx.execute(status -> {
            // The batch and the job's resume point commit together; losing the last commits in a crash only
            // makes the job resume earlier, so the ingest session need not wait for the WAL flush.
            jdbc.sql("set local synchronous_commit = off").update();
            long accepted = 0;
            long duplicates = inMemoryDuplicates;
            long t = System.nanoTime();
            List<Integer> written = new ArrayList<>(direct);
            if (!direct.isEmpty()) {
                copyRows("events (" + EventRows.COLUMNS + ")", batch, byHolder(batch, direct));
            }
            for (Map.Entry<String, List<Integer>> segment : own.entrySet()) {
                copyRows(segment.getKey() + " (" + EventRows.COLUMNS + ")", batch, byHolder(batch, segment.getValue()));
                written.addAll(segment.getValue());
            }
            if (!written.isEmpty()) {
                accepted += written.size();
                times.add(IngestTimes.Stage.COPY, t);
                t = System.nanoTime();
                if (oneTransaction) {
                    holdRollups(jobId, batch, written);
                } else {
                    rollupDeltas(jobId, batch, written);
                }
                times.add(IngestTimes.Stage.ROLLUPS, t);
            }
            if (!staged.isEmpty()) {
                t = System.nanoTime();
                jdbc.sql(STAGE).update();
                copyRows("events_stage (" + EventRows.COLUMNS + ")", batch, staged);
                Set<Integer> days = new TreeSet<>();
                for (int i : staged) {
                    days.add(batch.epochDays()[i]);
                }
                long added = 0;
                for (int d : days) {
                    LocalDate day = LocalDate.ofEpochDay(d);
                    added += jdbc.sql(STAGED_INSERT.formatted(EventRows.COLUMNS, EventPartitions.shared(day), EventPartitions.name(day)))
                            .params(day, jobId).query(Long.class).single();
                }
                // Emptied now: inside a job's one transaction "on commit delete rows" comes only at its end.
                jdbc.sql("truncate events_stage").update();
                accepted += added;
                duplicates += staged.size() - added;
                times.add(IngestTimes.Stage.STAGED_INSERT, t);
            }
            t = System.nanoTime();
            if (!batch.rejects().isEmpty()) {
                copyRejects(jobId, batch.rejects());
            }
            times.add(IngestTimes.Stage.REJECTS, t);
            t = System.nanoTime();
            // Last, so that the job row is locked only until the commit; a lost claim rolls the whole batch back.
            long a = accepted;
            long d = duplicates;
            boolean recorded = oneTransaction
                    ? Boolean.TRUE.equals(apart.execute(st -> jobs.recordBatch(jobId, attempt, batch.rows(), a,
                            batch.rejects().size(), d, 0)))
                    : jobs.recordBatch(jobId, attempt, batch.rows(), accepted, batch.rejects().size(), duplicates,
                            batch.lastItem());
            if (!recorded) {
                throw new ClaimLost(jobId);
            }
            times.add(IngestTimes.Stage.JOB_ROW, t);
            inside[0] = System.nanoTime() - t0;
            return new Written(accepted, duplicates);
        });
        times.add(IngestTimes.Stage.COMMIT, t0 + inside[0]);
        return w;
    }

    /**
     * The keys a day holds, or null past {@code limit}. Read with COPY, 16 bytes a key and no row objects, from
     * the parent table so that a day without a partition yet is simply empty.
     */
    @Nullable KeySet load(int epochDay, long limit) {
        LocalDate day = LocalDate.ofEpochDay(epochDay);
        return tx.execute(s -> {
            Connection connection = DataSourceUtils.getConnection(dataSource);
            try {
                long count = jdbc.sql("select count(*) from events where day = ?").param(day).query(Long.class).single();
                if (count > limit) {
                    return null;
                }
                KeySet set = new KeySet((int) Math.max(1024, count + count / 4));
                try (InputStream in = new java.io.BufferedInputStream(new PGCopyInputStream(
                        connection.unwrap(PGConnection.class),
                        "COPY (select dedup_key from events where day = '" + day + "') TO STDOUT (FORMAT binary)"), 1 << 16)) {
                    byte[] header = in.readNBytes(CopyBuffer.HEADER.length);
                    if (header.length != CopyBuffer.HEADER.length) {
                        throw new IllegalStateException("no COPY header");
                    }
                    byte[] row = new byte[2 + 4 + 16];
                    while (true) {
                        int n = in.readNBytes(row, 0, 2);
                        if (n < 2 || (row[0] == (byte) 0xFF && row[1] == (byte) 0xFF)) {
                            break;
                        }
                        if (in.readNBytes(row, 2, 4 + 16) != 20 || row[5] != 16) {
                            throw new IllegalStateException("unexpected dedup_key in " + day);
                        }
                        set.add(long8(row, 6), long8(row, 14));
                    }
                }
                return set;
            } catch (SQLException | IOException e) {
                throw new IllegalStateException("Could not read the keys of " + day + ": " + e.getMessage(), e);
            } finally {
                DataSourceUtils.releaseConnection(connection, dataSource);
            }
        });
    }

    /**
     * The key version of a day's events (ADR 0019): version 1 for the days stored before it (listed in
     * {@code event_days}), the current one for every other day, which has no event yet or was made since.
     */
    int keyVersion(int epochDay) {
        return jdbc.sql("select key_version from event_days where day = ?").param(LocalDate.ofEpochDay(epochDay))
                .query(Integer.class).optional().orElse(EventRows.KEY_VERSION);
    }

    private static long long8(byte[] b, int at) {
        long v = 0;
        for (int i = at; i < at + 8; i++) {
            v = (v << 8) | (b[i] & 0xFF);
        }
        return v;
    }

    /** Raised when the direct COPY meets a key already stored (SQLSTATE 23505): the batch is redone staged. */
    private static final class UniqueKeyTaken extends RuntimeException {
        UniqueKeyTaken(Throwable cause) {
            super("a key was stored by another writer", cause, false, false);
        }
    }

    /**
     * Binary COPY of the chosen rows of the batch, in their order, gathered into messages of about 64 kB: sent
     * row by row, a batch in holder order was 10,000 small messages for both sides to frame and read.
     */
    private void copyRows(String target, EventBatch batch, List<Integer> rows) {
        Connection connection = DataSourceUtils.getConnection(dataSource);
        CopyIn copy = null;
        try {
            copy = connection.unwrap(PGConnection.class).getCopyAPI()
                    .copyIn("COPY " + target + " FROM STDIN (FORMAT binary)");
            byte[] data = batch.data().array();
            CopyBuffer message = new CopyBuffer(MESSAGE_BYTES);
            message.write(CopyBuffer.HEADER, 0, CopyBuffer.HEADER.length);
            for (int i : rows) {
                int start = batch.start(i);
                int length = batch.ends()[i] - start;
                if (message.size() + length > MESSAGE_BYTES && message.size() > 0) {
                    copy.writeToCopy(message.array(), 0, message.size());
                    message.reset();
                }
                if (length > MESSAGE_BYTES) {
                    copy.writeToCopy(data, start, length);
                } else {
                    message.write(data, start, length);
                }
            }
            message.write(CopyBuffer.TRAILER, 0, CopyBuffer.TRAILER.length);
            copy.writeToCopy(message.array(), 0, message.size());
            copy.endCopy();
        } catch (SQLException e) {
            cancel(copy);
            if ("23505".equals(e.getSQLState())) {
                throw new UniqueKeyTaken(e);
            }
            throw new IllegalStateException("COPY into " + target + " failed: " + e.getMessage(), e);
        } finally {
            DataSourceUtils.releaseConnection(connection, dataSource);
        }
    }

    /**
     * The rows in the order of their holder (file order within one): the holder's index and the heap then take
     * each batch's rows in one sweep instead of scattered inserts, a third less work for PostgreSQL in a 1 M-row
     * ingest (ADR 0015), and a member's events lie together on fewer pages when read.
     */
    private static List<Integer> byHolder(EventBatch batch, List<Integer> rows) {
        List<Integer> sorted = new ArrayList<>(rows);
        sorted.sort((a, b) -> compareHolders(batch.dimensions().get(batch.dims()[a]).holder(),
                batch.dimensions().get(batch.dims()[b]).holder()));
        return sorted;
    }

    /** PostgreSQL's order of uuids (bytes, unsigned), unknown holders last like its nulls. */
    private static int compareHolders(@Nullable UUID a, @Nullable UUID b) {
        if (a == null || b == null) {
            return a == b ? 0 : a == null ? 1 : -1;
        }
        int c = Long.compareUnsigned(a.getMostSignificantBits(), b.getMostSignificantBits());
        return c != 0 ? c : Long.compareUnsigned(a.getLeastSignificantBits(), b.getLeastSignificantBits());
    }

    /**
     * The rollups of the events written directly, counted here and appended as the job's deltas (binary COPY),
     * sent in pieces of 64 kB from one small buffer: a buffer for the whole batch would be a humongous object
     * for G1 every other batch.
     */
    private void rollupDeltas(UUID jobId, EventBatch batch, List<Integer> rows) {
        Map<EventBatch.Dims, long[]> counts = new LinkedHashMap<>();
        count(batch, rows, counts);
        writeDeltas(jobId, counts);
    }

    /** Adds the batch's rows to counts by their rollup dimensions. */
    private static void count(EventBatch batch, List<Integer> rows, Map<EventBatch.Dims, long[]> counts) {
        long[] byDims = new long[batch.dimensions().size()];
        for (int i : rows) {
            byDims[batch.dims()[i]]++;
        }
        for (int d = 0; d < byDims.length; d++) {
            if (byDims[d] > 0) {
                counts.computeIfAbsent(batch.dimensions().get(d), k -> new long[1])[0] += byDims[d];
            }
        }
    }

    /**
     * The rollup counts of a job that writes in one transaction (ADR 0018), held here until that transaction
     * ends instead of appended batch by batch: a file's batches share most of their dimensions, so the job
     * appends a few thousand deltas once instead of some hundreds of thousands, and its end folds as few. Written
     * by {@link #finish}, or before the transaction commits, or when more than {@link #MAX_HELD_ROLLUPS}
     * dimensions are held (memory stays bounded); forgotten if it rolls back.
     */
    private final Map<UUID, Map<EventBatch.Dims, long[]>> heldRollups = new ConcurrentHashMap<>();
    private static final int MAX_HELD_ROLLUPS = 100_000;

    private void holdRollups(UUID jobId, EventBatch batch, List<Integer> rows) {
        Map<EventBatch.Dims, long[]> counts = heldRollups.get(jobId);
        if (counts == null) {
            counts = new HashMap<>();
            heldRollups.put(jobId, counts);
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void beforeCommit(boolean readOnly) {
                    writeHeldRollups(jobId);
                }

                @Override
                public void afterCompletion(int status) {
                    heldRollups.remove(jobId);
                }
            });
        }
        count(batch, rows, counts);
        if (counts.size() > MAX_HELD_ROLLUPS) {
            writeHeldRollups(jobId);
        }
    }

    private void writeHeldRollups(UUID jobId) {
        Map<EventBatch.Dims, long[]> counts = heldRollups.remove(jobId);
        if (counts != null && !counts.isEmpty()) {
            writeDeltas(jobId, counts);
        }
    }

    private void writeDeltas(UUID jobId, Map<EventBatch.Dims, long[]> counts) {
        Connection connection = DataSourceUtils.getConnection(dataSource);
        CopyIn copy = null;
        try {
            copy = connection.unwrap(PGConnection.class).getCopyAPI().copyIn(
                    "COPY event_rollup_deltas (job_id, day, holder_id, country, asn, taxonomy, type, feed_name, count)"
                            + " FROM STDIN (FORMAT binary)");
            CopyBuffer out = new CopyBuffer(MESSAGE_BYTES);
            out.write(CopyBuffer.HEADER, 0, CopyBuffer.HEADER.length);
            for (Map.Entry<EventBatch.Dims, long[]> c : counts.entrySet()) {
                EventBatch.Dims dims = c.getKey();
                out.int16(9);
                EventRows.uuid(out, jobId);
                EventRows.date(out, dims.day());
                EventRows.uuid(out, dims.holder());
                EventRows.text(out, dims.country());
                EventRows.int8(out, dims.asn());
                EventRows.text(out, dims.taxonomy());
                EventRows.text(out, dims.type());
                EventRows.text(out, dims.feedName());
                EventRows.int8(out, c.getValue()[0]);
                if (out.size() > MESSAGE_BYTES - 1024) {
                    copy.writeToCopy(out.array(), 0, out.size());
                    out.reset();
                }
            }
            out.write(CopyBuffer.TRAILER, 0, CopyBuffer.TRAILER.length);
            copy.writeToCopy(out.array(), 0, out.size());
            copy.endCopy();
        } catch (SQLException e) {
            cancel(copy);
            throw new IllegalStateException("COPY into event_rollup_deltas failed: " + e.getMessage(), e);
        } finally {
            DataSourceUtils.releaseConnection(connection, dataSource);
        }
    }

    private static void cancel(@Nullable CopyIn copy) {
        if (copy != null && copy.isActive()) {
            try {
                copy.cancelCopy();
            } catch (SQLException ignored) {
                // The transaction is rolled back anyway.
            }
        }
    }

    /**
     * Ends a job: its state, and its rollup deltas folded into the rollups, in one transaction; false (and
     * nothing changed) when another worker has taken the job since, which then does both.
     */
    public boolean finish(UUID jobId, int attempt, FeedJob.State state, @Nullable String error) {
        return Boolean.TRUE.equals(tx.execute(status -> {
            if (!jobs.finish(jobId, attempt, state, error)) {
                return false;
            }
            writeHeldRollups(jobId);
            jdbc.sql(MERGE_ROLLUPS).param(jobId).update();
            return true;
        }));
    }

    private void copyRejects(UUID jobId, List<EventBatch.Reject> rejects) {
        StringBuilder text = new StringBuilder();
        for (EventBatch.Reject r : rejects) {
            text.append(jobId).append('\t').append(r.item()).append('\t').append(r.line()).append('\t');
            escape(text, r.reason());
            text.append('\t');
            if (r.raw() == null) {
                text.append("\\N");
            } else {
                escape(text, r.raw());
            }
            text.append('\n');
        }
        Connection connection = DataSourceUtils.getConnection(dataSource);
        try {
            connection.unwrap(PGConnection.class).getCopyAPI().copyIn(
                    "COPY feed_rejects (job_id, item, line, reason, raw) FROM STDIN", new StringReader(text.toString()));
        } catch (SQLException | IOException e) {
            throw new IllegalStateException("COPY into feed_rejects failed: " + e.getMessage(), e);
        } finally {
            DataSourceUtils.releaseConnection(connection, dataSource);
        }
    }

    /** COPY's text format: backslash escapes for what would break a line; PostgreSQL text cannot hold NUL. */
    private static void escape(StringBuilder out, String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '\t' -> out.append("\\t");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\0' -> { }
                default -> out.append(c);
            }
        }
    }
}
