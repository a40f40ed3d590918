package lat.warp.events.internal;

import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Feed URLs pulled on {@code warp.feeds.pull.cron} (off by default).
 *
 * @param sources each {@code warp.feeds.pull.sources[n]}
 */
@ConfigurationProperties("warp.feeds.pull")
public record FeedPullProperties(@DefaultValue List<Source> sources) {

    /**
     * One feed URL.
     *
     * @param url an http or https URL
     * @param format shadowserver, jsonl or csv
     * @param report the Shadowserver report type, when the URL's file name does not tell it
     * @param mapping the saved column mapping of a csv feed
     */
    public record Source(String url, String format, @Nullable String report, @Nullable String mapping) {
    }
}
