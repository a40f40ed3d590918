package lat.warp.reporting;

import org.jspecify.annotations.Nullable;

/** A file sent with a report or to an incident. Whatever type the client declared is ignored. */
public record Upload(@Nullable String filename, byte[] content) {
}
