package lat.warp.reporting;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A feed event kept as evidence, by what identifies an event across the events module's views:
 * its {@code time.source}, {@code source.ip} and {@code classification.type}.
 */
public record EventRef(Instant timeSource, @Nullable String sourceIp, String classificationType,
        @Nullable String feedName) {
}
