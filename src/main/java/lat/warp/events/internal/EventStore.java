package lat.warp.events.internal;

import java.io.IOException;
import java.io.StringReader;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.UUID;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Writes a batch of a feed job in one transaction: COPY into a temporary staging table, one insert into
 * the events with ON CONFLICT DO NOTHING (its RETURNING rows are exactly the new events, so the counts of
 * accepted and duplicates are exact), the rollups of those rows, the rejected rows, and the job's progress.
 * Either all of it commits or none: a job resumed after a crash goes on from the last committed batch.
 */
@Component
public class EventStore {

    private static final String STAGE = """
            create temporary table if not exists events_stage (like events including defaults)
            on commit delete rows""";

    private static final String INSERT = """
            with ins as (
                insert into events (%1$s)
                select distinct on (day, dedup_key) %1$s from events_stage
                on conflict (day, dedup_key) do nothing
                returning day, holder_id, source_geolocation_cc, source_asn, classification_taxonomy,
                          classification_type, feed_name
            ), roll as (
                insert into event_rollups (day, holder_id, country, asn, taxonomy, type, feed_name, count)
                select day, holder_id, source_geolocation_cc, source_asn, classification_taxonomy,
                       classification_type, feed_name, count(*)
                from ins group by 1, 2, 3, 4, 5, 6, 7 order by 1, 2, 3, 4, 5, 6, 7
                on conflict on constraint event_rollups_dimensions
                do update set count = event_rollups.count + excluded.count
            )
            select count(*) from ins""".formatted(EventRows.COLUMNS);

    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final DataSource dataSource;
    private final EventPartitions partitions;
    private final FeedJobs jobs;

    EventStore(JdbcClient jdbc, TransactionTemplate tx, DataSource dataSource, EventPartitions partitions,
            FeedJobs jobs) {
        this.jobs = jobs;
        this.jdbc = jdbc;
        this.tx = tx;
        this.dataSource = dataSource;
        this.partitions = partitions;
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

    public Written write(UUID jobId, int attempt, EventBatch batch) {
        partitions.ensure(batch.days());
        return tx.execute(status -> {
            long accepted = 0;
            if (batch.events() > 0) {
                jdbc.sql(STAGE).update();
                copy("events_stage (" + EventRows.COLUMNS + ")", batch.copyText());
                accepted = jdbc.sql(INSERT).query(Long.class).single();
            }
            if (!batch.rejects().isEmpty()) {
                StringBuilder text = new StringBuilder();
                for (EventBatch.Reject r : batch.rejects()) {
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
                copy("feed_rejects (job_id, item, line, reason, raw)", text.toString());
            }
            long duplicates = batch.events() - accepted;
            // Last, so that the job row is locked only until the commit; a lost claim rolls the whole batch back.
            if (!jobs.recordBatch(jobId, attempt, batch.rows(), accepted, batch.rejects().size(),
                    duplicates, batch.lastItem())) {
                throw new ClaimLost(jobId);
            }
            return new Written(accepted, duplicates);
        });
    }

    private void copy(String target, String text) {
        Connection connection = DataSourceUtils.getConnection(dataSource);
        try {
            connection.unwrap(PGConnection.class).getCopyAPI().copyIn("COPY " + target + " FROM STDIN",
                    new StringReader(text));
        } catch (SQLException | IOException e) {
            throw new IllegalStateException("COPY into " + target + " failed: " + e.getMessage(), e);
        } finally {
            DataSourceUtils.releaseConnection(connection, dataSource);
        }
    }

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
