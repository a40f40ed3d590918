package lat.warp.events.internal;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The daily partitions of the events table: made on demand before a batch is written, and dropped
 * whole when older than the retention (rollups are kept). See ADR 0010.
 */
@Component
public class EventPartitions {

    private static final Logger log = LoggerFactory.getLogger(EventPartitions.class);
    private static final DateTimeFormatter NAME = DateTimeFormatter.ofPattern("'events_'yyyyMMdd");

    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final int retentionDays;

    EventPartitions(JdbcClient jdbc, TransactionTemplate tx,
            @Value("${warp.events.retention-days:180}") int retentionDays) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.retentionDays = retentionDays;
    }

    public static String name(LocalDate day) {
        return day.format(NAME);
    }

    /**
     * Makes sure each day has its partition. In a transaction of its own, before the batch's: creating
     * a partition locks the parent table, which must not be held through a whole batch.
     */
    public void ensure(Collection<LocalDate> days) {
        for (LocalDate day : days) {
            String table = name(day);
            if (exists(table)) {
                continue;
            }
            tx.executeWithoutResult(s -> {
                // Two workers meeting a new day at once: the second waits here, then finds the table.
                jdbc.sql("select pg_advisory_xact_lock(hashtext('events-partitions'))").query(Object.class).list();
                jdbc.sql("create table if not exists " + table + " partition of events for values from ('" + day
                        + "') to ('" + day.plusDays(1) + "')").update();
            });
        }
    }

    private boolean exists(String table) {
        return jdbc.sql("select to_regclass(?) is not null").param(table).query(Boolean.class).single();
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
     * The analysts' search indexes (by time, by source address) of each partition, made once no feed job is
     * queued or running rather than maintained row by row during ingest (ADR 0012). A day indexed once stays
     * indexed: rows that arrive for it later are indexed as they come. CONCURRENTLY, so that a job starting
     * meanwhile is not blocked.
     */
    @Scheduled(fixedDelayString = "${warp.events.index-interval:5m}", initialDelayString = "${warp.events.index-delay:1m}")
    public void indexIngested() {
        for (LocalDate day : days()) {
            boolean busy = jdbc.sql("select exists (select 1 from feed_jobs where state in ('QUEUED', 'RUNNING'))")
                    .query(Boolean.class).single();
            if (busy) {
                return;
            }
            String table = name(day);
            for (String[] index : SEARCH_INDEXES) {
                if (!exists(table + index[0])) {
                    jdbc.sql("create index concurrently if not exists " + table + index[0] + " on " + table + index[1])
                            .update();
                }
            }
        }
    }

    /** Name suffix and definition of each partition's search indexes. */
    static final String[][] SEARCH_INDEXES = {{"_time", " (time_source desc, id desc)"}, {"_source_ip", " (source_ip)"}};

    /** Nightly: drops the partitions older than the configured retention. */
    @Scheduled(cron = "${warp.events.retention-cron:0 40 3 * * *}", zone = "UTC")
    void applyRetention() {
        List<LocalDate> dropped = dropOlderThan(LocalDate.now(ZoneOffset.UTC).minusDays(retentionDays));
        if (!dropped.isEmpty()) {
            log.info("Event retention ({} days) dropped the partitions of {}", retentionDays, dropped);
        }
    }

    /** Detaches and drops every partition of a day before {@code cutoff}; returns those days. */
    public List<LocalDate> dropOlderThan(LocalDate cutoff) {
        List<LocalDate> dropped = new ArrayList<>();
        for (LocalDate day : days()) {
            if (!day.isBefore(cutoff)) {
                break;
            }
            tx.executeWithoutResult(s -> {
                jdbc.sql("select pg_advisory_xact_lock(hashtext('events-partitions'))").query(Object.class).list();
                // Detached first, so that queries on the parent stop seeing it before its storage goes.
                jdbc.sql("alter table events detach partition " + name(day)).update();
                jdbc.sql("drop table " + name(day)).update();
            });
            dropped.add(day);
        }
        return dropped;
    }
}
