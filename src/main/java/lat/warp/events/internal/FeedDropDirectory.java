package lat.warp.events.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import lat.warp.events.FeedIngest;
import lat.warp.events.UploadTooLargeException;
import lat.warp.shared.Actors;
import lat.warp.shared.InvalidInputException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Takes feed files that other systems drop into {@code warp.feeds.drop-dir} (off when unset). The format comes
 * from the sub-folder ({@code shadowserver/}, {@code jsonl/}, {@code csv-<mapping>/}) or, at the top, from the
 * extension ({@code .csv} is a Shadowserver report, {@code .jsonl}/{@code .ndjson} JSON Lines). A file is taken
 * only once its size and modification time have stayed the same for a whole poll, so that a file still being
 * copied waits; files it cannot use go to {@code rejected/} with a {@code .reason} file beside them.
 */
@Component
public class FeedDropDirectory {

    private static final Logger log = LoggerFactory.getLogger(FeedDropDirectory.class);
    static final String REJECTED = "rejected";

    private final FeedIngest ingest;
    private final @Nullable Path dir;
    /** What each waiting file looked like at the last poll. */
    private final Map<Path, String> seen = new HashMap<>();

    FeedDropDirectory(FeedIngest ingest, @Value("${warp.feeds.drop-dir:}") String dropDir) {
        this.ingest = ingest;
        this.dir = dropDir.isBlank() ? null : Path.of(dropDir).toAbsolutePath();
    }

    @Scheduled(fixedDelayString = "${warp.feeds.drop-poll:10s}", initialDelayString = "${warp.feeds.drop-poll:10s}")
    void onSchedule() {
        if (dir != null) {
            pollNow();
        }
    }

    /** One poll: the ids of the jobs it queued. Synchronised because a test may call it beside the schedule. */
    public synchronized List<String> pollNow() {
        List<String> jobs = new ArrayList<>();
        if (dir == null || !Files.isDirectory(dir)) {
            return jobs;
        }
        Map<Path, String> now = new HashMap<>();
        for (Path file : candidates()) {
            String state = state(file);
            if (state == null) {
                continue;
            }
            if (!state.equals(seen.get(file))) {
                now.put(file, state);
                continue;
            }
            String job = take(file);
            if (job != null) {
                jobs.add(job);
            } else if (Files.exists(file)) {
                // Not taken for a passing reason (logged): try again at the next poll.
                now.put(file, state);
            }
        }
        seen.clear();
        seen.putAll(now);
        return jobs;
    }

    /** Regular files at the top and one folder down, except rejected/ and hidden (partly written) ones. */
    private List<Path> candidates() {
        List<Path> files = new ArrayList<>();
        try (Stream<Path> top = Files.list(dir)) {
            for (Path p : top.toList()) {
                String name = p.getFileName().toString();
                if (name.startsWith(".") || name.equals(REJECTED)) {
                    continue;
                }
                if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                    try (Stream<Path> inner = Files.list(p)) {
                        inner.filter(f -> !f.getFileName().toString().startsWith(".")
                                && Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)).forEach(files::add);
                    }
                } else if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                    files.add(p);
                }
            }
        } catch (IOException e) {
            log.warn("Cannot list the feed drop directory {}: {}", dir, e.getMessage());
        }
        return files;
    }

    private static @Nullable String state(Path file) {
        try {
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            return a.size() + "@" + a.lastModifiedTime().toMillis();
        } catch (IOException e) {
            return null;
        }
    }

    private @Nullable String take(Path file) {
        String name = file.getFileName().toString();
        String format;
        String mapping = null;
        Path parent = file.getParent();
        if (parent.equals(dir)) {
            format = formatOf(name);
            if (format == null) {
                reject(file, "Unknown file type '" + name + "': at the top of the drop directory .csv is a Shadowserver "
                        + "report and .jsonl or .ndjson is JSON Lines; put other files in shadowserver/, jsonl/ or csv-<mapping>/.");
                return null;
            }
        } else {
            String folder = parent.getFileName().toString().toLowerCase(Locale.ROOT);
            if (folder.startsWith("csv-")) {
                format = "csv";
                mapping = parent.getFileName().toString().substring(4);
            } else if (folder.equals("shadowserver") || folder.equals("jsonl")) {
                format = folder;
            } else {
                reject(file, "Unknown folder '" + parent.getFileName() + "': use shadowserver/, jsonl/ or csv-<mapping>/.");
                return null;
            }
        }
        try {
            String f = format;
            String m = mapping;
            String job = Actors.runAsSystem("feed-drop", () -> ingest.take(f, null, m, name, file));
            log.info("Feed drop: took {} as {} (job {})", dir.relativize(file), format, job);
            return job;
        } catch (InvalidInputException | UploadTooLargeException e) {
            reject(file, e.getMessage());
        } catch (RuntimeException e) {
            log.warn("Feed drop: could not take {}: {}", file, e.getMessage());
        }
        return null;
    }

    private static @Nullable String formatOf(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        if (n.endsWith(".csv")) {
            return "shadowserver";
        }
        if (n.endsWith(".jsonl") || n.endsWith(".ndjson")) {
            return "jsonl";
        }
        return null;
    }

    /** Moves the file aside with its reason, so that the directory holds only what is still to come. */
    private void reject(Path file, String reason) {
        try {
            Path rejected = Files.createDirectories(dir.resolve(REJECTED));
            Path target = rejected.resolve(file.getFileName());
            if (Files.exists(target)) {
                target = rejected.resolve(Instant.now().toEpochMilli() + "-" + file.getFileName());
            }
            Files.move(file, target, StandardCopyOption.ATOMIC_MOVE);
            Files.writeString(target.resolveSibling(target.getFileName() + ".reason"), reason + "\n", StandardCharsets.UTF_8);
            log.warn("Feed drop: rejected {}: {}", dir.relativize(file), reason);
        } catch (IOException e) {
            log.error("Feed drop: could not move {} to {}/: {}", file, REJECTED, e.getMessage());
        }
    }
}
