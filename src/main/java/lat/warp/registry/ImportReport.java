package lat.warp.registry;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What an import did: added, changed, removed and rejected counts, and for a refused import the
 * problems with their line numbers.
 *
 * @param outcome APPLIED (something changed), UNCHANGED (nothing to do) or REFUSED (nothing applied)
 * @param details counts by type, the file's header and summary, new holders created
 */
public record ImportReport(String id, String kind, String sourceName, String outcome, int added, int changed,
        int removed, int rejected, List<Problem> problems, Map<String, Object> details, Instant startedAt,
        Instant finishedAt, @Nullable String actor) {

    /** One refused line. */
    public record Problem(int line, String reason) {
    }

    public boolean refused() {
        return "REFUSED".equals(outcome);
    }

    /** How long the import took. */
    public Duration duration() {
        return Duration.between(startedAt, finishedAt);
    }
}
