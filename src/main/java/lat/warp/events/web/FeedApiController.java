package lat.warp.events.web;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Map;
import lat.warp.events.FeedIngest;
import lat.warp.events.FeedJob;
import lat.warp.events.FeedReject;
import lat.warp.events.UploadTooLargeException;
import lat.warp.shared.Permission;
import lat.warp.shared.RequiresPermission;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Feed intake over the API (CONTRACT.md): the body is the file itself; the job runs in the background. */
@RestController
@RequestMapping("/api/v1/feeds")
@Tag(name = "Feeds")
class FeedApiController {

    private final FeedIngest ingest;

    FeedApiController(FeedIngest ingest) {
        this.ingest = ingest;
    }

    @PostMapping("/uploads")
    @RequiresPermission(Permission.FEED_INGEST)
    @Operation(summary = "Upload a feed file (format=shadowserver with an optional report type, or jsonl); "
            + "202 with the job id once the file is stored and the job queued")
    ResponseEntity<Map<String, String>> upload(@RequestParam String format, @RequestParam(required = false) @Nullable String report,
            @RequestParam(required = false) @Nullable String name, HttpServletRequest request) throws IOException {
        String jobId = ingest.upload(format, report, name == null ? "upload" : name, request.getInputStream());
        return ResponseEntity.accepted().location(URI.create("/api/v1/feeds/jobs/" + jobId)).body(Map.of("jobId", jobId));
    }

    @GetMapping("/jobs/{jobId}")
    @RequiresPermission(Permission.FEED_INGEST)
    @Operation(summary = "A feed job: state (QUEUED, RUNNING, SUCCEEDED, FAILED), rows, accepted, rejected, "
            + "duplicates so far, and the error of a failed one")
    FeedJob job(@PathVariable String jobId) {
        return ingest.job(jobId);
    }

    @GetMapping("/jobs/{jobId}/rejects")
    @RequiresPermission(Permission.FEED_INGEST)
    @Operation(summary = "The rows a feed job refused, with line numbers and reasons")
    List<FeedReject> rejects(@PathVariable String jobId, @RequestParam(defaultValue = "1000") int limit) {
        return ingest.rejects(jobId, limit);
    }

    @ExceptionHandler(UploadTooLargeException.class)
    ResponseEntity<ProblemDetail> tooLarge(UploadTooLargeException e, HttpServletRequest request) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONTENT_TOO_LARGE, e.getMessage());
        problem.setTitle("Upload too large");
        problem.setInstance(URI.create(request.getRequestURI()));
        problem.setProperty("limit", e.limit());
        return ResponseEntity.status(HttpStatus.CONTENT_TOO_LARGE).contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(problem);
    }
}
