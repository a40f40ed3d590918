package lat.warp.events;

import java.time.Instant;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A saved, named column mapping for generic CSV feeds, as the API shows and takes it.
 *
 * @param name the mapping's name: letters, digits, '.', '_' and '-' (it appears in URLs and in drop-folder names)
 * @param delimiter the one character between columns; null for a comma
 * @param header whether the first line names the columns; null for true
 * @param columns column name (or 1-based position without a header) → IntelMQ field name or {@code extra.<name>}
 * @param timeFormat null for ISO 8601, {@code epoch}, {@code epoch_ms} or a java.time pattern
 * @param defaultClassification the RSIT type (or {@code taxonomy/type}) of rows that give none
 * @param tlp the TLP label of the events, or null for the feed's default
 * @param createdBy who saved it first; ignored on input
 * @param createdAt when it was saved first; ignored on input
 * @param updatedAt when it was last saved; ignored on input
 */
public record FeedMapping(String name, @Nullable String delimiter, @Nullable Boolean header, Map<String, String> columns,
        @Nullable String timeFormat, @Nullable String defaultClassification, @Nullable String tlp,
        @Nullable String createdBy, @Nullable Instant createdAt, @Nullable Instant updatedAt) {

    /** The same definition under another name, without the bookkeeping fields. */
    public FeedMapping named(String other) {
        return new FeedMapping(other, delimiter, header, columns, timeFormat, defaultClassification, tlp, null, null, null);
    }
}
