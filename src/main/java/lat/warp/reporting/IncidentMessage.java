package lat.warp.reporting;

import java.time.Instant;

/**
 * A message on an incident.
 *
 * @param audience who may read it: {@link Audience#INTERNAL} is an analysts' note
 * @param author {@code ANALYST}, {@code MEMBER}, {@code REPORTER} or {@code SYSTEM}
 */
public record IncidentMessage(String id, Audience audience, String author, String authorLabel, String body,
        Instant at) {
}
