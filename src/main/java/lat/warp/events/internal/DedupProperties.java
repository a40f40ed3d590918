package lat.warp.events.internal;

import java.time.Duration;
import java.util.Map;
import lat.warp.events.Event;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Per-feed deduplication windows (ADR 0012). By default a row is a duplicate only of a row with every field
 * equal, {@code time.source} included, on the same day (ADR 0010). A feed given a window here has
 * {@code time.source} rounded down to the window in its key: the same finding seen again within the window
 * (a scanner reporting one host every ten minutes) is one event, the first one stored.
 *
 * @param windows by {@code feed.code} (a Shadowserver report type such as {@code scan_rdp}) or {@code feed.name}
 *     (bracketed in properties when it has spaces: {@code warp.events.dedup.windows[My feed]=PT1H}); a window
 *     divides a day (PT10M, PT1H, PT6H, P1D), so that it never spans two partitions
 */
@ConfigurationProperties("warp.events.dedup")
public record DedupProperties(@DefaultValue Map<String, Duration> windows) {

    public DedupProperties {
        windows = Map.copyOf(windows);
        windows.forEach((feed, window) -> {
            long s = window.getSeconds();
            if (window.getNano() != 0 || s <= 0 || 86_400 % s != 0) {
                throw new IllegalArgumentException("warp.events.dedup.windows[" + feed + "] = " + window
                        + ": a window must be whole seconds that divide a day (PT10M, PT1H, P1D)");
            }
        });
    }

    /** The event's window, by its feed.code first, then its feed.name; null for exact (the default). */
    public @Nullable Duration windowOf(Event event) {
        if (windows.isEmpty()) {
            return null;
        }
        Duration w = event.feedCode() == null ? null : windows.get(event.feedCode());
        return w != null || event.feedName() == null ? w : windows.get(event.feedName());
    }
}
