package lat.warp.events.internal.parsers;

import java.time.Instant;
import lat.warp.events.Tlp;
import org.jspecify.annotations.Nullable;

/**
 * What the pipeline knows about a file besides its bytes.
 *
 * @param fileName the file's name as uploaded or fetched (Shadowserver's names tell the report type), or null
 * @param reportType a report type chosen by the user or the feed's configuration (for Shadowserver, a key of
 *     the schema such as {@code scan_ssh}); when set, neither the name nor the header is asked
 * @param observedAt {@code time.observation} of every event: when the WARP received the file
 * @param tlp the TLP of the file's events; when null, events carry their own or {@link #DEFAULT_TLP}
 * @param feedName {@code feed.name} to use instead of the parser's own, or null
 * @param feedProvider {@code feed.provider} to use instead of the parser's own, or null
 * @param feedAccuracy {@code feed.accuracy}, or null
 */
public record FeedContext(@Nullable String fileName, @Nullable String reportType, Instant observedAt,
        @Nullable Tlp tlp, @Nullable String feedName, @Nullable String feedProvider, @Nullable Double feedAccuracy) {

    /** Everything the WARP learns is confidential unless marked otherwise. */
    public static final Tlp DEFAULT_TLP = Tlp.AMBER;

    public FeedContext {
        if (observedAt == null) {
            throw new IllegalArgumentException("observedAt is required");
        }
    }

    /** A context with only a file name and the time of receipt. */
    public static FeedContext of(@Nullable String fileName, Instant observedAt) {
        return new FeedContext(fileName, null, observedAt, null, null, null, null);
    }

    public FeedContext withReportType(@Nullable String type) {
        return new FeedContext(fileName, type, observedAt, tlp, feedName, feedProvider, feedAccuracy);
    }

    public FeedContext withTlp(@Nullable Tlp value) {
        return new FeedContext(fileName, reportType, observedAt, value, feedName, feedProvider, feedAccuracy);
    }

    public FeedContext withFeed(@Nullable String name, @Nullable String provider) {
        return new FeedContext(fileName, reportType, observedAt, tlp, name, provider, feedAccuracy);
    }
}
