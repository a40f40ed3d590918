package lat.warp.events.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import lat.warp.events.FeedJob;
import lat.warp.events.FeedReject;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The feed_jobs work queue and its rejected rows. */
@Repository
public class FeedJobs {

    private static final String COLUMNS = "id, state, format, report_type, source_name, stored_path, size_bytes, rows_read, "
            + "accepted, rejected, duplicates, items_done, attempt, error, created_by, created_at, started_at, finished_at, mapping_name";

    private final JdbcClient jdbc;

    FeedJobs(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** A job as the worker sees it: the public view plus where its file is and how many parser items are committed. */
    public record Claimed(FeedJob job, UUID id, String storedPath, long itemsDone, int attempt, Instant createdAt) {
    }

    public void insertQueued(UUID id, String format, @Nullable String report, @Nullable String mapping, String sourceName,
            String storedPath, long size, String createdBy) {
        jdbc.sql("insert into feed_jobs (id, state, format, report_type, mapping_name, source_name, stored_path, size_bytes, "
                        + "created_by) values (?, 'QUEUED', ?, ?, ?, ?, ?, ?, ?)")
                .params(id, format, report, mapping, sourceName, storedPath, size, createdBy).update();
    }

    public Optional<FeedJob> find(UUID id) {
        return jdbc.sql("select " + COLUMNS + " from feed_jobs where id = ?").param(id).query(FeedJobs::job).optional();
    }

    /**
     * Takes the oldest queued job, or a running one whose worker stopped sending heartbeats (a server that
     * died mid-ingest): several nodes may poll, SKIP LOCKED gives each job to one of them.
     */
    public Optional<Claimed> claim(Duration staleAfter) {
        return jdbc.sql("""
                update feed_jobs set state = 'RUNNING', attempt = attempt + 1, heartbeat = now(),
                       started_at = coalesce(started_at, now())
                where id = (select id from feed_jobs
                            where state = 'QUEUED' or (state = 'RUNNING' and heartbeat < now() - make_interval(secs => ?))
                            order by created_at limit 1 for update skip locked)
                returning\s""" + COLUMNS)
                .param((double) staleAfter.toSeconds())
                .query((rs, n) -> new Claimed(job(rs, n), rs.getObject("id", UUID.class), rs.getString("stored_path"),
                        rs.getLong("items_done"), rs.getInt("attempt"), rs.getTimestamp("created_at").toInstant()))
                .optional();
    }

    /**
     * Adds one batch's counts and moves the resume point, in the caller's transaction; false when another
     * worker has taken the job since (the caller must then roll back). Locks the job row until commit.
     */
    public boolean recordBatch(UUID id, int attempt, long rows, long accepted, long rejected, long duplicates,
            long itemsDone) {
        return jdbc.sql("""
                update feed_jobs set rows_read = rows_read + ?, accepted = accepted + ?, rejected = rejected + ?,
                       duplicates = duplicates + ?, items_done = greatest(items_done, ?), heartbeat = now()
                where id = ? and attempt = ? and state = 'RUNNING'""")
                .params(rows, accepted, rejected, duplicates, itemsDone, id, attempt).update() == 1;
    }

    /**
     * Sets the job's counts back to nothing, for a job whose rows are all written in one transaction that did
     * not commit (ADR 0018): its progress was shown as it went, but none of it is stored.
     */
    public void resetCounts(UUID id, int attempt) {
        jdbc.sql("update feed_jobs set rows_read = 0, accepted = 0, rejected = 0, duplicates = 0 "
                + "where id = ? and attempt = ?").params(id, attempt).update();
    }

    /**
     * Ends a job. The time is the clock's, not the transaction's start ({@code now()}): a large job ends in the
     * transaction that did all its work (ADR 0018), which began when the job did.
     */
    public boolean finish(UUID id, int attempt, FeedJob.State state, @Nullable String error) {
        return jdbc.sql("update feed_jobs set state = ?, error = ?, finished_at = clock_timestamp(), heartbeat = clock_timestamp() "
                        + "where id = ? and attempt = ? and state = 'RUNNING'")
                .params(state.name(), error, id, attempt).update() == 1;
    }

    /** The newest jobs first. */
    public List<FeedJob> recent(int limit) {
        return jdbc.sql("select " + COLUMNS + " from feed_jobs order by created_at desc limit ?").param(limit)
                .query(FeedJobs::job).list();
    }

    public List<FeedReject> rejects(UUID id, int limit) {
        return jdbc.sql("select line, reason, raw from feed_rejects where job_id = ? order by item limit ?")
                .params(id, limit).query((rs, n) -> new FeedReject(rs.getLong(1), rs.getString(2), rs.getString(3)))
                .list();
    }

    private static FeedJob job(ResultSet rs, int n) throws SQLException {
        return new FeedJob(rs.getString("id"), FeedJob.State.valueOf(rs.getString("state")), rs.getString("format"),
                rs.getString("report_type"), rs.getString("source_name"), rs.getLong("size_bytes"),
                rs.getLong("rows_read"), rs.getLong("accepted"), rs.getLong("rejected"), rs.getLong("duplicates"),
                rs.getString("error"), rs.getString("created_by"), rs.getTimestamp("created_at").toInstant(),
                instant(rs.getTimestamp("started_at")), instant(rs.getTimestamp("finished_at")),
                rs.getString("mapping_name"));
    }

    private static @Nullable Instant instant(@Nullable Timestamp t) {
        return t == null ? null : t.toInstant();
    }
}
