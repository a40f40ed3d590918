package lat.warp.reporting;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * The service-level clocks of an incident: by when it must be triaged, the member notified, and the
 * member's acknowledgement arrive; each due time is null once that step is done (or not yet started).
 *
 * @param overdue a step is late now: the queue highlights the incident
 */
public record SlaClock(@Nullable Instant triageDue, @Nullable Instant notifyDue, @Nullable Instant acknowledgeDue,
        boolean overdue) {
}
