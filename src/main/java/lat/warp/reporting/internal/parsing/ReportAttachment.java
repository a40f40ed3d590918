package lat.warp.reporting.internal.parsing;

import org.jspecify.annotations.Nullable;

/** A file that came with a report, kept as received. */
public record ReportAttachment(@Nullable String filename, String contentType, byte[] content) {
}
