package lat.warp.events.web;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import lat.warp.events.FeedIngest;
import lat.warp.events.FeedMapping;
import lat.warp.events.FeedMappings;
import lat.warp.events.FeedJob;
import lat.warp.events.FeedReject;
import lat.warp.events.UploadTooLargeException;
import lat.warp.events.internal.parsers.ShadowserverSchema;
import lat.warp.shared.InvalidInputException;
import lat.warp.shared.Permission;
import lat.warp.shared.RequiresPermission;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Feed intake for analysts: upload a Shadowserver report or a JSON Lines file, then follow its job. The job page
 * polls its progress fragment with htmx every two seconds until the job has finished (the finished fragment
 * carries no trigger, so polling stops); without JavaScript, its "Refresh" link does the same.
 */
@Controller
@RequestMapping("/feeds")
@RequiresPermission(Permission.FEED_INGEST)
class FeedsPageController {

    static final int RECENT_JOBS = 20;
    static final int REJECTS_SHOWN = 20;
    static final List<String> FORMATS = List.of("shadowserver", "jsonl", "csv");
    private static final DateTimeFormatter SHOWN_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

    private final FeedIngest ingest;
    private final FeedMappings mappings;

    FeedsPageController(FeedIngest ingest, FeedMappings mappings) {
        this.ingest = ingest;
        this.mappings = mappings;
    }

    /** A Shadowserver report type as the select offers it. */
    record ReportType(String key, String name) {
    }

    /** A job as the pages show it: the counts, the rate in rows per second and the times in UTC. */
    record JobView(FeedJob job, long rate, String created, @Nullable String started, @Nullable String finished) {

        static JobView of(FeedJob job, Instant now) {
            long rate = 0;
            if (job.startedAt() != null) {
                Instant end = job.finishedAt() == null ? now : job.finishedAt();
                long millis = Math.max(Duration.between(job.startedAt(), end).toMillis(), 1);
                rate = Math.round(job.rows() * 1000.0 / millis);
            }
            return new JobView(job, rate, SHOWN_TIME.format(job.createdAt()),
                    job.startedAt() == null ? null : SHOWN_TIME.format(job.startedAt()),
                    job.finishedAt() == null ? null : SHOWN_TIME.format(job.finishedAt()));
        }
    }

    @GetMapping
    String page(Model model) {
        Instant now = Instant.now();
        model.addAttribute("formats", FORMATS);
        model.addAttribute("reportTypes", ShadowserverSchema.bundled().reports().stream()
                .map(r -> new ReportType(r.key(), r.name())).toList());
        // A csv file is read with a saved column mapping (made through the API): the form offers those.
        model.addAttribute("mappings", mappings.list().stream().map(FeedMapping::name).toList());
        model.addAttribute("jobs", ingest.recent(RECENT_JOBS).stream().map(j -> JobView.of(j, now)).toList());
        return "events/feeds";
    }

    @PostMapping
    String upload(@RequestParam(defaultValue = "") String format, @RequestParam(defaultValue = "") String report,
            @RequestParam(defaultValue = "") String mapping,
            @RequestParam(required = false) @Nullable MultipartFile file, RedirectAttributes redirect) throws IOException {
        if (!FORMATS.contains(format)) {
            return refuse(redirect, "feeds.error.format");
        }
        String reportType = format.equals("shadowserver") && !report.isBlank() ? report.strip() : null;
        if (reportType != null && ShadowserverSchema.bundled().report(reportType) == null) {
            return refuse(redirect, "feeds.error.report");
        }
        String mappingName = format.equals("csv") && !mapping.isBlank() ? mapping.strip() : null;
        if (format.equals("csv") && (mappingName == null || !mappings.list().stream().map(FeedMapping::name)
                .toList().contains(mappingName))) {
            return refuse(redirect, "feeds.error.mapping");
        }
        if (file == null || file.isEmpty()) {
            return refuse(redirect, "feeds.error.file");
        }
        String jobId;
        try (InputStream in = file.getInputStream()) {
            jobId = ingest.upload(format, reportType, mappingName, sourceName(file.getOriginalFilename()), in);
        } catch (UploadTooLargeException e) {
            return refuse(redirect, "feeds.error.tooLarge");
        } catch (InvalidInputException e) {
            return refuse(redirect, "feeds.error.invalid");
        }
        return "redirect:/feeds/jobs/" + jobId;
    }

    @GetMapping("/jobs/{jobId}")
    String job(@PathVariable String jobId, Model model) {
        addJob(jobId, model);
        return "events/job";
    }

    /** The progress fragment that the job page polls. */
    @GetMapping("/jobs/{jobId}/progress")
    String progress(@PathVariable String jobId, Model model) {
        addJob(jobId, model);
        return "events/job :: progress";
    }

    private void addJob(String jobId, Model model) {
        FeedJob job = ingest.job(jobId);
        List<FeedReject> rejects = job.rejected() == 0 ? List.of() : ingest.rejects(jobId, REJECTS_SHOWN);
        model.addAttribute("view", JobView.of(job, Instant.now()));
        model.addAttribute("rejects", rejects);
        model.addAttribute("rejectsShown", REJECTS_SHOWN);
    }

    private static String refuse(RedirectAttributes redirect, String key) {
        redirect.addFlashAttribute("uploadError", key);
        return "redirect:/feeds";
    }

    /** The file's own name, without any folder a browser may send along. */
    static String sourceName(@Nullable String original) {
        if (original == null || original.isBlank()) {
            return "upload";
        }
        String name = original.substring(Math.max(original.lastIndexOf('/'), original.lastIndexOf('\\')) + 1).strip();
        if (name.isEmpty()) {
            return "upload";
        }
        return name.length() > 200 ? name.substring(0, 200) : name;
    }
}
