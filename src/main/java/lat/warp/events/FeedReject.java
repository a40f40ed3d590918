package lat.warp.events;

import org.jspecify.annotations.Nullable;

/** An input row a feed job refused: where it was, why, and what it said. */
public record FeedReject(long line, String reason, @Nullable String raw) {
}
