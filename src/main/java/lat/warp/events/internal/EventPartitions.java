package lat.warp.events.internal;

import java.sql.SQLException;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import lat.warp.events.EventSearch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The partitions of the events table (ADR 0010, 0017): one per day, itself partitioned by segment. Segment 0 of a
 * day takes the rows written batch by batch, its indexes maintained as they come; a large feed job creates, in
 * its one transaction, a segment of its own for each day it meets, loads it with no index (and so, under
 * {@code wal_level = minimal}, no WAL), and when it ends builds the segment's indexes and attaches it, or folds
 * it into segment 0 if small ({@link #closeSegments}). The indexes live on each leaf, not on the parent: a
 * partitioned index would be built on a segment the moment it is attached. Whole days are dropped when older
 * than the retention (rollups are kept).
 */
@Component
public class EventPartitions {

    private static final Logger log = LoggerFactory.getLogger(EventPartitions.class);
    private static final DateTimeFormatter NAME = DateTimeFormatter.ofPattern("'events_'yyyyMMdd");
    /** How long retention waits for a day's partition before leaving it for its next run. */
    private static final Duration DETACH_WAIT = Duration.ofSeconds(2);
    /** PostgreSQL's SQLSTATE for a lock_timeout reached (Spring leaves it uncategorised). */
    private static final String LOCK_NOT_AVAILABLE = "55P03";

    /** The shared threats' partial index, the last of {@link #LEAF_INDEXES}. */
    private static final String THREATS_INDEX =
            "create index if not exists %1$s_threats on %1$s (time_source desc, id desc) where " + EventSearch.THREATS;

    /**
     * The indexes every leaf has once written (segment 0 from its creation, a job's segment from the job's end):
     * the key that identifies an event (unique: the arbiter of segment 0's staged insert), a member's own events
     * newest first, and the shared threats newest first (on the text of {@link EventSearch#THREATS}, so that the
     * planner matches it; not on a job's segment that holds no threat, ADR 0021). {@code %1$s} is the leaf.
     * "If not exists": a build cut short is simply run again.
     */
    static final List<String> LEAF_INDEXES = List.of(
            "create unique index if not exists %1$s_key on %1$s (day, dedup_key)",
            "create index if not exists %1$s_holder on %1$s (holder_id, time_source desc, id desc)",
            THREATS_INDEX);

    /** The name suffix of the CHECK of a job's segment that holds no shared threat ({@link #createSegment}). */
    private static final String NO_THREATS = "_no_threats";

    /** Name suffix and definition of each leaf's search indexes, built once ingest is idle ({@link #indexIngested}). */
    static final String[][] SEARCH_INDEXES = {{"_time", " (time_source desc, id desc)"}, {"_source_ip", " (source_ip)"}};

    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final int retentionDays;

    EventPartitions(JdbcClient jdbc, TransactionTemplate tx,
            @Value("${warp.events.retention-days:180}") int retentionDays) {
        this.jdbc = jdbc;
        // Partition changes commit on their own even when asked for inside a job's transaction (ADR 0018): held
        // to its end, the lock they take on the parent would stop every reader of the events.
        this.tx = new TransactionTemplate(Objects.requireNonNull(tx.getTransactionManager()));
        this.tx.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.retentionDays = retentionDays;
    }

    /** The table of a day (partitioned by segment). */
    public static String name(LocalDate day) {
        return day.format(NAME);
    }

    /** The leaf of a day's rows written row by row: segment 0. */
    public static String shared(LocalDate day) {
        return name(day) + "_0";
    }

    private static String segment(LocalDate day, int segment) {
        return name(day) + "_" + segment;
    }

    /**
     * Makes sure each day has its table and its segment 0 with that segment's indexes. In a transaction of its
     * own, before the batch's: creating a partition locks the parent table, which must not be held through a
     * whole batch.
     */
    public void ensure(Collection<LocalDate> days) {
        for (LocalDate day : days) {
            if (exists(shared(day))) {
                continue;
            }
            tx.executeWithoutResult(s -> {
                // Two workers meeting a new day at once: the second waits here, then finds the tables.
                lockPartitions();
                if (exists(shared(day))) {
                    return;
                }
                // Made apart and then attached rather than created as a partition of events: creating one locks
                // the parent against every reader, attaching only against other partition changes, so the open
                // transaction of a large job (ADR 0018), which has read the parent, does not hold it up.
                jdbc.sql("create table " + name(day) + " (like events including defaults including constraints) "
                        + "partition by list (segment)").update();
                jdbc.sql("create table " + shared(day) + " partition of " + name(day) + " for values in (0)").update();
                buildLeafIndexes(shared(day), true);
                // A new day's keys are of the current version (ADR 0019), also where retention dropped an older one.
                jdbc.sql("insert into event_days (day, key_version) values (?, ?) on conflict (day) do update "
                        + "set key_version = excluded.key_version").params(day, EventRows.KEY_VERSION).update();
                jdbc.sql("alter table events attach partition " + name(day) + " for values from ('" + day + "') to ('"
                        + day.plusDays(1) + "')").update();
            });
        }
    }

    private void lockPartitions() {
        jdbc.sql("select pg_advisory_xact_lock(hashtext('events-partitions'))").query(Object.class).list();
    }

    private boolean exists(String table) {
        return jdbc.sql("select to_regclass(?) is not null").param(table).query(Boolean.class).single();
    }

    /** Builds the leaf's indexes; the threats index only if the leaf may hold shared threats. */
    private void buildLeafIndexes(String leaf, boolean threats) {
        for (String index : LEAF_INDEXES) {
            if (threats || !index.equals(THREATS_INDEX)) {
                jdbc.sql(index.formatted(leaf)).update();
            }
        }
    }

    /**
     * Creates a segment of the day for a job that writes all its rows in one transaction, in that transaction
     * (ADR 0018): a table of its own, not yet attached, so that loading it writes no WAL under
     * {@code wal_level = minimal} and locks nothing the readers need; a CHECK matching its bound lets
     * {@link #closeSegments} attach it without reading it again.
     */
    String createSegment(LocalDate day, UUID job) {
        ensure(List.of(day));
        int number = jdbc.sql("select nextval('event_segments_seq')").query(Long.class).single().intValue();
        String leaf = segment(day, number);
        jdbc.sql("insert into event_segments (day, segment, job_id) values (?, ?, ?)").params(day, number, job).update();
        // Like the day's segment 0, not the parent: a lock on the parent held to the job's end would make the
        // next day's partition (a transaction of its own) wait for the job, and every reader wait behind that.
        // Made saying it holds no shared threat: a job's rows are most often of one kind (a report of exposed
        // services holds none), and then the segment needs no threats index, the planner leaving it out of a
        // threats query by this CHECK; the first threat sent to it drops the CHECK (allowThreats).
        jdbc.sql("create table " + leaf + " (like " + shared(day) + " including defaults, constraint " + leaf + "_bound check (day >= '"
                + day + "' and day < '" + day.plusDays(1) + "' and segment = " + number + "), constraint "
                + leaf + NO_THREATS + " check (not " + EventSearch.THREATS + "))").update();
        jdbc.sql("alter table " + leaf + " alter column segment set default " + number).update();
        // Written without WAL, the segment is flushed when the job commits (ADR 0018, 0022): its pages are handed
        // to the disk as they are written, so that the commit does not wait for a whole gigabyte at once.
        jdbc.sql("set local backend_flush_after = '2MB'").update();
        return leaf;
    }

    /** Lets a segment made by {@link #createSegment} hold shared threats, before the first is written to it. */
    void allowThreats(String leaf) {
        jdbc.sql("alter table " + leaf + " drop constraint " + leaf + NO_THREATS).update();
    }

    /**
     * At the end of a job that created segments ({@link #createSegment}), in its transaction, the only one that
     * sees them: each gets its indexes, built from the sorted rows at once rather than row by row, and is
     * attached (its CHECK spares the read that attaching would otherwise make); one with fewer than
     * {@code minRows} rows is folded into the day's segment 0 instead, so that a day is not split into many small
     * pieces a member's page would each have to read.
     */
    int closeSegments(UUID job, long minRows) {
        List<Segment> segments = unindexed("s.job_id = ?", job);
        for (Segment seg : segments) {
            String leaf = segment(seg.day(), seg.number());
            // Counted no further than needed: a full count would read the whole segment once more.
            long rows = jdbc.sql("select count(*) from (select from " + leaf + " limit ?) r").param(minRows)
                    .query(Long.class).single();
            if (rows >= minRows) {
                index(seg);
                jdbc.sql("alter table " + name(seg.day()) + " attach partition " + leaf + " for values in ("
                        + seg.number() + ")").update();
            } else {
                jdbc.sql("insert into " + shared(seg.day()) + " (id, " + EventRows.COLUMNS + ") select id, "
                        + EventRows.COLUMNS + " from " + leaf).update();
                jdbc.sql("drop table " + leaf).update();
                jdbc.sql("delete from event_segments where day = ? and segment = ?").params(seg.day(), seg.number())
                        .update();
            }
        }
        return segments.size();
    }

    private record Segment(LocalDate day, int number) {
    }

    /** The segments not yet indexed that match {@code where} (over event_segments s and feed_jobs j). */
    private List<Segment> unindexed(String where, Object... params) {
        return jdbc.sql("select s.day, s.segment from event_segments s left join feed_jobs j on j.id = s.job_id "
                        + "where not s.indexed and " + where + " order by s.day, s.segment").params(params)
                .query((rs, n) -> new Segment(rs.getObject(1, LocalDate.class), rs.getInt(2))).list();
    }

    private void index(Segment seg) {
        String leaf = segment(seg.day(), seg.number());
        // A segment that holds no shared threat, by its CHECK, is never read by a threats query: no index for one.
        boolean noThreats = jdbc.sql("select exists (select 1 from pg_constraint where conrelid = cast(? as regclass) "
                + "and conname = ?)").params(leaf, leaf + NO_THREATS).query(Boolean.class).single();
        buildLeafIndexes(leaf, !noThreats);
        jdbc.sql("update event_segments set indexed = true where day = ? and segment = ?")
                .params(seg.day(), seg.number()).update();
    }

    /** The days that have a partition, oldest first. */
    public List<LocalDate> days() {
        List<LocalDate> days = new ArrayList<>();
        for (String table : jdbc.sql("select c.relname from pg_inherits i join pg_class c on c.oid = i.inhrelid "
                + "where i.inhparent = 'events'::regclass order by c.relname").query(String.class).list()) {
            try {
                days.add(LocalDate.parse(table, NAME));
            } catch (java.time.format.DateTimeParseException e) {
                // A partition someone attached by hand under another name is not ours to drop.
            }
        }
        return days;
    }

    /**
     * Once no feed job is queued or running, the analysts' search indexes (by time, by source address) of each
     * leaf, made then rather than maintained row by row during ingest (ADR 0012). A leaf indexed once stays
     * indexed: rows that arrive for it later are indexed as they come. The search indexes CONCURRENTLY, so that
     * a job starting meanwhile is not blocked.
     */
    @Scheduled(fixedDelayString = "${warp.events.index-interval:5m}", initialDelayString = "${warp.events.index-delay:1m}")
    public void indexIngested() {
        indexAbandonedSegments();
        for (String leaf : jdbc.sql("select c.relname from pg_partition_tree('events') t join pg_class c on c.oid = t.relid "
                + "where t.isleaf order by c.relname").query(String.class).list()) {
            if (busy()) {
                return;
            }
            for (String[] index : SEARCH_INDEXES) {
                if (!exists(leaf + index[0])) {
                    jdbc.sql("create index concurrently if not exists " + leaf + index[0] + " on " + leaf + index[1])
                            .update();
                }
            }
        }
    }

    /**
     * Builds the indexes of segments that a job of the version before ADR 0018 left attached without
     * them (it loaded segments batch by batch and indexed them when it ended; one that died did not). A segment
     * made now is indexed in the transaction that attaches it, so is never seen without its indexes.
     */
    void indexAbandonedSegments() {
        for (Segment seg : unindexed("(j.state is null or j.state not in ('QUEUED', 'RUNNING'))")) {
            tx.executeWithoutResult(s -> index(seg));
        }
    }

    private boolean busy() {
        return jdbc.sql("select exists (select 1 from feed_jobs where state in ('QUEUED', 'RUNNING'))")
                .query(Boolean.class).single();
    }

    /** Nightly: drops the partitions older than the configured retention. */
    @Scheduled(cron = "${warp.events.retention-cron:0 40 3 * * *}", zone = "UTC")
    void applyRetention() {
        List<LocalDate> dropped = dropOlderThan(LocalDate.now(ZoneOffset.UTC).minusDays(retentionDays));
        if (!dropped.isEmpty()) {
            log.info("Event retention ({} days) dropped the partitions of {}", retentionDays, dropped);
        }
    }

    /** Detaches and drops every partition of a day before {@code cutoff}, with its segments; returns those days. */
    public List<LocalDate> dropOlderThan(LocalDate cutoff) {
        List<LocalDate> dropped = new ArrayList<>();
        for (LocalDate day : days()) {
            if (!day.isBefore(cutoff)) {
                break;
            }
            try {
                tx.executeWithoutResult(s -> {
                    lockPartitions();
                    // A large job writing the day holds it until the job ends (ADR 0018); detaching waits for
                    // the parent table, and every reader of the events would queue behind that wait.
                    jdbc.sql("set local lock_timeout = '" + DETACH_WAIT.toMillis() + "ms'").update();
                    // Detached first, so that queries on the parent stop seeing it before its storage goes.
                    jdbc.sql("alter table events detach partition " + name(day)).update();
                    jdbc.sql("drop table " + name(day)).update();
                    jdbc.sql("delete from event_segments where day = ?").param(day).update();
                    jdbc.sql("delete from event_days where day = ?").param(day).update();
                });
            } catch (DataAccessException e) {
                if (!(e.getMostSpecificCause() instanceof SQLException sql && LOCK_NOT_AVAILABLE.equals(sql.getSQLState()))) {
                    throw e;
                }
                log.warn("Event retention: the partition of {} is in use by a feed job; left for the next run", day);
                break;
            }
            dropped.add(day);
        }
        return dropped;
    }
}
