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
import lat.warp.events.FeedMapping;
import lat.warp.events.FeedMappings;
import lat.warp.events.MappingPreview;
import lat.warp.events.FeedReject;
import lat.warp.events.UploadTooLargeException;
import lat.warp.shared.Permission;
import lat.warp.shared.RequiresPermission;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Feed intake over the API (CONTRACT.md): the body is the file itself; the job runs in the background. */
@RestController
@RequestMapping("/api/v1/feeds")
@Tag(name = "Feeds")
class FeedApiController {

    private final FeedIngest ingest;
    private final FeedMappings mappings;

    FeedApiController(FeedIngest ingest, FeedMappings mappings) {
        this.ingest = ingest;
        this.mappings = mappings;
    }

    @PostMapping("/uploads")
    @RequiresPermission(Permission.FEED_INGEST)
    @Operation(summary = "Upload a feed file (format=shadowserver with an optional report type, jsonl, or csv with "
            + "mapping=NAME of a saved column mapping); 202 with the job id once the file is stored and the job queued")
    ResponseEntity<Map<String, String>> upload(@RequestParam String format, @RequestParam(required = false) @Nullable String report,
            @RequestParam(required = false) @Nullable String mapping,
            @RequestParam(required = false) @Nullable String name, HttpServletRequest request) throws IOException {
        String jobId = ingest.upload(format, report, mapping, name == null ? "upload" : name, request.getInputStream());
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

    @GetMapping("/mappings")
    @RequiresPermission(Permission.FEED_INGEST)
    @Operation(summary = "The saved column mappings for csv feeds, by name")
    List<FeedMapping> mappings() {
        return mappings.list();
    }

    @GetMapping("/mappings/{name}")
    @RequiresPermission(Permission.FEED_INGEST)
    @Operation(summary = "One saved column mapping")
    FeedMapping mapping(@PathVariable String name) {
        return mappings.get(name);
    }

    @PutMapping(path = "/mappings/{name}", consumes = MediaType.APPLICATION_JSON_VALUE)
    @RequiresPermission(Permission.FEED_INGEST)
    @Operation(summary = "Save (create or replace) a column mapping: delimiter, header, columns (column → IntelMQ "
            + "field or extra.<name>), timeFormat, defaultClassification, tlp; 400 naming the wrong field")
    FeedMapping saveMapping(@PathVariable String name, @RequestBody FeedMapping body) {
        return mappings.save(name, body);
    }

    @DeleteMapping("/mappings/{name}")
    @RequiresPermission(Permission.FEED_INGEST)
    @Operation(summary = "Delete a saved column mapping; jobs already queued with it will fail")
    ResponseEntity<Void> deleteMapping(@PathVariable String name) {
        mappings.delete(name);
        return ResponseEntity.noContent().build();
    }

    @PostMapping("/mappings/{name}/preview")
    @RequiresPermission(Permission.FEED_INGEST)
    @Operation(summary = "Read the first rows of a sample file (the body) with a saved mapping: the mapped events, "
            + "the rows that would be rejected and why, or why the whole file would be refused")
    MappingPreview preview(@PathVariable String name, @RequestParam(defaultValue = "20") int rows,
            HttpServletRequest request) throws IOException {
        return mappings.preview(name, request.getInputStream(), rows);
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
