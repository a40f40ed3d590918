package lat.warp.events;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import lat.warp.access.AccessControl;
import lat.warp.events.internal.EventSources;
import lat.warp.events.internal.FeedFiles;
import lat.warp.events.internal.FeedJobs;
import lat.warp.events.internal.FeedWorker;
import lat.warp.shared.Actor;
import lat.warp.shared.InvalidInputException;
import lat.warp.shared.NotFoundException;
import lat.warp.shared.Permission;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Feed intake: a file is stored first (never lost, even if it cannot be parsed), then a job is queued
 * for it; the answer comes only after both are durable, so an acknowledged upload survives a crash.
 * The pipeline's worker runs the job.
 */
@Service
public class FeedIngest {

    private final AccessControl access;
    private final FeedJobs jobs;
    private final EventSources sources;
    private final TransactionTemplate tx;
    private final Path root;
    private final long maxBytes;

    private final FeedWorker worker;
    private final FeedFiles files;

    FeedIngest(AccessControl access, FeedJobs jobs, EventSources sources, TransactionTemplate tx, FeedWorker worker,
            FeedFiles files, @Value("${warp.data-dir}") Path dataDir,
            @Value("${warp.events.max-upload-bytes:2147483648}") long maxBytes) {
        this.access = access;
        this.jobs = jobs;
        this.sources = sources;
        this.tx = tx;
        this.worker = worker;
        this.files = files;
        this.root = dataDir.resolve("feeds");
        this.maxBytes = maxBytes;
    }

    /**
     * Stores the file and queues its job.
     *
     * @param report the report type, for formats that have several (Shadowserver); else told from the file
     * @param sourceName where the file came from, e.g. its original file name
     * @return the job's id
     * @throws UploadTooLargeException past {@code warp.events.max-upload-bytes}; the partial file is deleted
     */
    public String upload(String format, @Nullable String report, String sourceName, InputStream body) {
        return upload(format, report, null, sourceName, body);
    }

    /**
     * Stores the file and queues its job.
     *
     * @param mapping the saved column mapping of a csv file; refused for other formats
     */
    public String upload(String format, @Nullable String report, @Nullable String mapping, String sourceName,
            InputStream body) {
        Actor actor = access.require(Permission.FEED_INGEST, "upload a feed");
        Intake in = intake(format, report, mapping, sourceName);
        long size = store(body, in.file());
        return queue(in, size, actor, () -> deleteQuietly(in.file()));
    }

    /**
     * Takes a file already on this server (a drop directory) into the archive by an atomic move, so that the
     * file is either wholly in the archive or still where it was, and queues its job.
     */
    public String take(String format, @Nullable String report, @Nullable String mapping, String sourceName, Path file) {
        Actor actor = access.require(Permission.FEED_INGEST, "take a dropped feed");
        Intake in = intake(format, report, mapping, sourceName);
        try {
            long size = Files.size(file);
            if (size > maxBytes) {
                throw new UploadTooLargeException(maxBytes);
            }
            Files.createDirectories(in.file().getParent());
            move(file, in.file());
            // Should the job not be queued, the file goes back where it was, to be taken at the next poll.
            return queue(in, size, actor, () -> {
                try {
                    move(in.file(), file);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("Could not take " + file, e);
        }
    }

    private record Intake(UUID id, String format, @Nullable String report, @Nullable String mapping, String name, Path file) {
    }

    private Intake intake(String format, @Nullable String report, @Nullable String mapping, String sourceName) {
        String f = sources.checkFormat(format);
        String m = sources.checkMapping(f, mapping);
        String name = sourceName == null || sourceName.isBlank() ? "upload" : sourceName.strip();
        if (name.length() > 200) {
            throw new InvalidInputException("name", "The source name is longer than 200 characters.");
        }
        UUID id = UUID.randomUUID();
        Path file = root.resolve(LocalDate.now(ZoneOffset.UTC).toString()).resolve(id + "." + f);
        String r = report == null || report.isBlank() ? null : report.strip();
        return new Intake(id, f, r, m, name, file);
    }

    private String queue(Intake in, long size, Actor actor, Runnable undo) {
        try {
            tx.executeWithoutResult(s -> jobs.insertQueued(in.id(), in.format(), in.report(), in.mapping(), in.name(),
                    in.file().toString(), size, actor.label()));
        } catch (RuntimeException e) {
            undo.run();
            throw e;
        }
        worker.wake();
        return in.id().toString();
    }

    /**
     * An atomic rename; across file systems (a drop directory on another mount) a copy to a temporary name beside
     * the target, forced to disk, then renamed, so that the archive never holds half a file.
     */
    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (java.nio.file.AtomicMoveNotSupportedException e) {
            Path tmp = to.resolveSibling(to.getFileName() + ".part");
            Files.copy(from, tmp, StandardCopyOption.REPLACE_EXISTING);
            try (var channel = java.nio.channels.FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                channel.force(true);
            }
            Files.move(tmp, to, StandardCopyOption.ATOMIC_MOVE);
            Files.delete(from);
        }
    }

    /** A job and its counts so far. */
    public FeedJob job(String jobId) {
        access.require(Permission.FEED_INGEST, "follow a feed job");
        return jobs.find(parse(jobId)).orElseThrow(() -> new NotFoundException("No feed job " + jobId + "."));
    }

    /** The most recent jobs, newest first. */
    public List<FeedJob> recent(int limit) {
        access.require(Permission.FEED_INGEST, "list the feed jobs");
        return jobs.recent(Math.clamp(limit, 1, 1_000));
    }

    /** The first rows a job refused, by line. */
    public List<FeedReject> rejects(String jobId, int limit) {
        access.require(Permission.FEED_INGEST, "see the rows a feed job refused");
        return jobs.rejects(parse(jobId), Math.clamp(limit, 1, 10_000));
    }

    private long store(InputStream body, Path file) {
        try {
            return files.store(body, file, maxBytes);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not store the uploaded feed", e);
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // Nothing refers to it; an operator may remove it.
        }
    }

    private static UUID parse(String jobId) {
        try {
            return UUID.fromString(jobId);
        } catch (IllegalArgumentException e) {
            throw new NotFoundException("No feed job " + jobId + ".");
        }
    }
}
