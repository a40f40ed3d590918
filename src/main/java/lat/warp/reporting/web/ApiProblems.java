package lat.warp.reporting.web;

import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import lat.warp.reporting.AttachmentContent;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;

/** The problem responses and inert downloads the reporting API controllers share. */
final class ApiProblems {

    private ApiProblems() {
    }

    static ResponseEntity<ProblemDetail> problem(HttpStatus status, String title, String detail,
            HttpServletRequest request) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setTitle(title);
        problem.setInstance(URI.create(request.getRequestURI()));
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }

    /**
     * A stored file served so that no browser runs or renders it: application/octet-stream, as an
     * attachment, with nosniff and a sandboxing CSP.
     */
    static ResponseEntity<byte[]> inert(AttachmentContent content) {
        String name = content.info().filename() == null ? "attachment.bin" : content.info().filename();
        return ResponseEntity.ok()
                .contentType(MediaType.APPLICATION_OCTET_STREAM)
                .header(HttpHeaders.CONTENT_DISPOSITION,
                        ContentDisposition.attachment().filename(name, java.nio.charset.StandardCharsets.UTF_8)
                                .build().toString())
                .header("X-Content-Type-Options", "nosniff")
                .header("Content-Security-Policy", "sandbox; default-src 'none'")
                .header("X-Sniffed-Type", content.info().sniffedType())
                .body(content.content());
    }
}
