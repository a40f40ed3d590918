package lat.warp.events;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * What an events search asks for; {@code timeMin} is required, and the window is at most
 * {@link EventSearch#MAX_WINDOW}.
 *
 * @param timeMax exclusive; now when absent
 * @param sourceIp an address, or a prefix whose addresses all match
 * @param cursor the {@code next} of the previous page
 * @param limit events per page, 1 to {@link EventSearch#MAX_LIMIT}
 */
public record EventQuery(Instant timeMin, @Nullable Instant timeMax, @Nullable String type, @Nullable String sourceIp,
        @Nullable Long sourceAsn, @Nullable String feedName, @Nullable String cursor, int limit) {
}
