package lat.warp.reporting;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A stored file, without its bytes.
 *
 * @param sniffedType the type recognised from the file's first bytes (never the client's word for it)
 * @param sharedWithMember whether the member may download it
 */
public record AttachmentInfo(String id, @Nullable String filename, String sniffedType, long size, String sha256,
        boolean sharedWithMember, @Nullable Instant createdAt) {
}
