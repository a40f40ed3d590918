package lat.warp.reporting;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * One thing that happened to an incident.
 *
 * @param kind what happened, e.g. {@code OPENED}, {@code STATE_CHANGED}, {@code REPORT_ATTACHED}
 * @param detail a short description (the new state, the report, the note's first words)
 */
public record TimelineEntry(Instant at, String kind, String actorLabel, @Nullable String detail, Audience audience) {
}
