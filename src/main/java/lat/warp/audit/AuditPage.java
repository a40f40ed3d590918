package lat.warp.audit;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Entries newest first.
 *
 * @param nextBefore the cursor for the next, older page; none when this page is the oldest
 */
public record AuditPage(List<AuditEntry> entries, @Nullable Long nextBefore) {
}
