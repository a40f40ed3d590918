package lat.warp.reporting.web;

import java.nio.charset.StandardCharsets;
import lat.warp.reporting.AttachmentContent;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/**
 * Stored files served inert: always {@code application/octet-stream} as a download, never sniffed, never run
 * (a sandboxing CSP in case a browser renders it anyway), whatever the file claims to be.
 */
final class Downloads {

    private Downloads() {
    }

    static ResponseEntity<byte[]> inert(AttachmentContent file) {
        String name = file.info().filename() == null || file.info().filename().isBlank() ? "attachment.bin"
                : file.info().filename();
        return ResponseEntity.ok()
                .contentType(MediaType.APPLICATION_OCTET_STREAM)
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment()
                        .filename(name, StandardCharsets.UTF_8).build().toString())
                .header("X-Content-Type-Options", "nosniff")
                .header("Content-Security-Policy", "default-src 'none'; sandbox")
                .header(HttpHeaders.CACHE_CONTROL, "no-store")
                .body(file.content());
    }
}
