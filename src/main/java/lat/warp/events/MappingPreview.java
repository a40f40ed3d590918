package lat.warp.events;

import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The first rows of a sample file read with a column mapping, before it is applied to a whole feed.
 *
 * @param columns the file's columns as the mapping sees them
 * @param events the mapped events, with IntelMQ field names
 * @param problems the rows that would be rejected, with line numbers and reasons
 * @param failure why the whole file would be refused, or null
 */
public record MappingPreview(List<String> columns, List<Map<String, Object>> events, List<Problem> problems,
        @Nullable String failure) {

    /** A rejected row. */
    public record Problem(long line, String reason) {
    }
}
