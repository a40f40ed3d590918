package lat.warp.events.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;
import lat.warp.events.internal.parsers.RawRows;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The {@code raw} of stored events, read back from their jobs' archived files (ADR 0012, amendment): the
 * events of a page are grouped by job, each job's file is read once, sequentially, up to the last line
 * needed. The caller decides which events may be read (the access rules of the page they are on).
 */
@Component
public class EventRawReader {

    private static final Logger log = LoggerFactory.getLogger(EventRawReader.class);

    /** An event to read: its id, its job and the line its row starts on (null or 0 when unknown). */
    public record Ref(long id, @Nullable UUID jobId, @Nullable Long line) {
    }

    /**
     * What was read: the raw text by event id, and how many of the events asked for have none (no job or
     * line recorded, the archived file gone or unreadable, the row no longer at its line).
     */
    public record Result(Map<Long, String> raw, int missing, @Nullable String problem) {
    }

    private final JdbcClient jdbc;
    private final FeedMappingStore mappings;

    EventRawReader(JdbcClient jdbc, FeedMappingStore mappings) {
        this.jdbc = jdbc;
        this.mappings = mappings;
    }

    public Result read(List<Ref> refs) {
        Map<UUID, List<Ref>> byJob = new LinkedHashMap<>();
        int missing = 0;
        for (Ref r : refs) {
            if (r.jobId() == null || r.line() == null || r.line() <= 0) {
                missing++;
            } else {
                byJob.computeIfAbsent(r.jobId(), j -> new ArrayList<>()).add(r);
            }
        }
        Map<Long, String> raw = new HashMap<>();
        String problem = missing > 0 ? missing + " event(s) have no line recorded in an archived file." : null;
        for (Map.Entry<UUID, List<Ref>> job : byJob.entrySet()) {
            List<Ref> events = job.getValue();
            String jobProblem = readJob(job.getKey(), events, raw);
            int notFound = 0;
            for (Ref r : events) {
                if (!raw.containsKey(r.id())) {
                    notFound++;
                }
            }
            if (notFound > 0) {
                missing += notFound;
                if (problem == null) {
                    problem = jobProblem != null ? jobProblem
                            : "The archived file of job " + job.getKey() + " no longer has the rows of " + notFound + " event(s).";
                }
            }
        }
        return new Result(raw, missing, problem);
    }

    /** Reads one job's rows into {@code raw}; returns why none could be read, or null. */
    private @Nullable String readJob(UUID jobId, List<Ref> events, Map<Long, String> raw) {
        var job = jdbc.sql("select stored_path, format, mapping_name from feed_jobs where id = ?").param(jobId)
                .query((rs, n) -> new String[] {rs.getString(1), rs.getString(2), rs.getString(3)}).optional();
        if (job.isEmpty() || job.get()[0] == null) {
            return "The job " + jobId + " of " + events.size() + " event(s) is no longer recorded.";
        }
        String path = job.get()[0];
        char delimiter = switch (job.get()[1]) {
            case "jsonl" -> RawRows.JSON_LINES;
            // The mapping's delimiter as saved now (the job records only the mapping's name): should it have
            // changed since, a row with quoted line breaks may be cut differently.
            case "csv" -> delimiter(job.get()[2]);
            default -> ',';
        };
        TreeSet<Long> lines = new TreeSet<>();
        for (Ref r : events) {
            lines.add(r.line());
        }
        Map<Long, String> byLine;
        try (InputStream in = Files.newInputStream(Path.of(path))) {
            byLine = RawRows.read(in, delimiter, lines);
        } catch (NoSuchFileException e) {
            return "The archived file of job " + jobId + " is no longer kept (" + events.size() + " event(s) without raw).";
        } catch (IOException e) {
            log.warn("Reading raw rows of job {} from {} failed", jobId, path, e);
            return "The archived file of job " + jobId + " could not be read: " + e.getMessage() + ".";
        }
        for (Ref r : events) {
            String text = byLine.get(r.line());
            if (text != null) {
                raw.put(r.id(), text);
            }
        }
        return null;
    }

    private char delimiter(@Nullable String mapping) {
        if (mapping == null) {
            return ',';
        }
        return mappings.find(mapping).map(m -> m.delimiter() == null || m.delimiter().isEmpty() ? ',' : m.delimiter().charAt(0))
                .orElse(',');
    }
}
