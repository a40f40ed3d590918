package lat.warp.reporting.web;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.List;
import java.util.Map;
import lat.warp.events.Tlp;
import lat.warp.registry.Organisation;
import lat.warp.reporting.Incident;
import lat.warp.reporting.IncidentId;
import lat.warp.reporting.Report;
import lat.warp.reporting.ReportId;
import lat.warp.reporting.ReportIntake;
import lat.warp.reporting.ReportQueue;
import lat.warp.reporting.ReporterConfirmation;
import lat.warp.reporting.ReportRateLimitedException;
import lat.warp.reporting.ReportStatus;
import lat.warp.reporting.ReportTooLargeException;
import lat.warp.reporting.ReportTracking;
import lat.warp.reporting.RejectReason;
import lat.warp.reporting.Severity;
import lat.warp.reporting.SubmittedReport;
import lat.warp.reporting.TrackingView;
import lat.warp.reporting.TriageDecision;
import lat.warp.reporting.internal.ReportingProperties;
import lat.warp.shared.InvalidInputException;
import lat.warp.shared.OrganisationId;
import lat.warp.shared.Permission;
import lat.warp.shared.PublicEndpoint;
import lat.warp.shared.RequiresPermission;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Reports over the API (CONTRACT.md): submission by members and machines, the analysts' queue, tracking. */
@RestController
@RequestMapping("/api/v1/reports")
@Tag(name = "Reports")
class ReportApiController {

    private final ReportIntake intake;
    private final ReportQueue queue;
    private final ReportTracking tracking;
    private final ReportingProperties properties;
    private final ReporterConfirmation confirmation;

    ReportApiController(ReportIntake intake, ReportQueue queue, ReportTracking tracking,
            ReportingProperties properties, ReporterConfirmation confirmation) {
        this.intake = intake;
        this.confirmation = confirmation;
        this.queue = queue;
        this.tracking = tracking;
        this.properties = properties;
    }

    /** An analyst's decision as JSON: TLP in any usual spelling, severity by name. */
    record Decision(String classificationType, @Nullable String tlp, @Nullable String severity,
            @Nullable String organisation, @Nullable String title) {
        TriageDecision toDecision() {
            return new TriageDecision(classificationType, tlp == null ? Tlp.AMBER : Tlp.parse(tlp),
                    severity == null ? Severity.MEDIUM : Severity.parse(severity), organisation, title);
        }
    }

    record AttachRequest(String incident) {
    }

    record RejectRequest(String reason, @Nullable String note) {
    }

    record ForwardRequest(String csirt, Decision decision, @Nullable String note) {
    }

    @PostMapping
    @RequiresPermission(Permission.REPORT_SUBMIT)
    @Operation(summary = "Submit an incident report: application/json, message/rfc822 (an e-mail, incl. X-ARF and "
            + "ARF) or application/xml (IODEF). The body is stored as received before it is parsed; 201 with "
            + "{reportId, trackingUrl}")
    ResponseEntity<Map<String, String>> submit(@RequestHeader(value = HttpHeaders.CONTENT_TYPE, required = false)
            @Nullable String contentType, HttpServletRequest request) throws IOException {
        byte[] body = read(request.getInputStream(), properties.maxReportSize().toBytes());
        SubmittedReport submitted = intake.submit(body, contentType);
        return ResponseEntity.created(URI.create("/api/v1/reports/" + submitted.reportId()))
                .body(Map.of("reportId", submitted.reportId().toString(), "trackingUrl", submitted.trackingUrl()));
    }

    @GetMapping("/queue")
    @RequiresPermission(Permission.INCIDENT_MANAGE)
    @Operation(summary = "The analysts' queue: reports waiting for triage, oldest first")
    List<Report> queue(@RequestParam(defaultValue = "200") int limit) {
        return queue.queue(limit);
    }

    @GetMapping
    @RequiresPermission(Permission.INCIDENT_MANAGE)
    @Operation(summary = "Reports in the given states (status=QUEUED,OUT_OF_REGION...), oldest first")
    List<Report> list(@RequestParam(required = false) @Nullable List<String> status,
            @RequestParam(defaultValue = "200") int limit) {
        List<ReportStatus> statuses = status == null ? List.of() : status.stream().map(s -> {
            try {
                return ReportStatus.valueOf(s.strip().toUpperCase(java.util.Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new InvalidInputException("status", "Unknown report status '" + s + "'.");
            }
        }).toList();
        return queue.list(statuses, limit);
    }

    @GetMapping("/{id}")
    @RequiresPermission(Permission.INCIDENT_MANAGE)
    @Operation(summary = "One report, with its indicators and their attribution, and the parser's problems")
    Report get(@PathVariable String id) {
        return queue.get(ReportId.of(id));
    }

    @GetMapping("/{id}/raw")
    @RequiresPermission(Permission.INCIDENT_MANAGE)
    @Operation(summary = "The report exactly as received, served inert (application/octet-stream, attachment)")
    ResponseEntity<byte[]> raw(@PathVariable String id) {
        return ApiProblems.inert(queue.raw(ReportId.of(id)));
    }

    @GetMapping("/{id}/attachments/{attachment}")
    @RequiresPermission(Permission.INCIDENT_MANAGE)
    @Operation(summary = "A file that came with the report, served inert")
    ResponseEntity<byte[]> attachment(@PathVariable String id, @PathVariable String attachment) {
        return ApiProblems.inert(queue.attachment(ReportId.of(id), attachment));
    }

    @PostMapping("/{id}/incident")
    @RequiresPermission(Permission.INCIDENT_MANAGE)
    @Operation(summary = "Open an incident from the report: {classificationType, tlp, severity, organisation, title}")
    ResponseEntity<Incident> open(@PathVariable String id, @RequestBody Decision decision) {
        Incident incident = queue.openIncident(ReportId.of(id), decision.toDecision());
        return ResponseEntity.created(URI.create("/api/v1/incidents/" + incident.id())).body(incident);
    }

    @PostMapping("/{id}/attach")
    @RequiresPermission(Permission.INCIDENT_MANAGE)
    @Operation(summary = "Add the report to an existing incident: {incident}")
    Incident attach(@PathVariable String id, @RequestBody AttachRequest body) {
        return queue.attachToIncident(ReportId.of(id), incidentId(body.incident()));
    }

    @PostMapping("/{id}/reject")
    @RequiresPermission(Permission.INCIDENT_MANAGE)
    @Operation(summary = "Reject the report: {reason: SPAM or OUT_OF_SCOPE, note}")
    Report reject(@PathVariable String id, @RequestBody RejectRequest body) {
        RejectReason reason;
        try {
            reason = RejectReason.valueOf(body.reason().strip().toUpperCase(java.util.Locale.ROOT));
        } catch (RuntimeException e) {
            throw new InvalidInputException("reason", "The reason must be SPAM or OUT_OF_SCOPE.");
        }
        return queue.reject(ReportId.of(id), reason, body.note());
    }

    @GetMapping("/{id}/csirts")
    @RequiresPermission(Permission.INCIDENT_MANAGE)
    @Operation(summary = "The registered CSIRTs of the countries the report's addresses are in")
    List<Organisation> csirts(@PathVariable String id) {
        return queue.csirtsFor(ReportId.of(id));
    }

    @PostMapping("/{id}/forward")
    @RequiresPermission(Permission.INCIDENT_MANAGE)
    @Operation(summary = "Hand the report to a registered CSIRT: {csirt, decision:{classificationType, tlp, "
            + "severity}, note}; the CSIRT sees the incident opened for it")
    Incident forward(@PathVariable String id, @RequestBody ForwardRequest body) {
        OrganisationId csirt;
        try {
            csirt = OrganisationId.of(body.csirt());
        } catch (RuntimeException e) {
            throw new InvalidInputException("csirt", "Not an organisation id.");
        }
        return queue.forwardToCsirt(ReportId.of(id), csirt, body.decision().toDecision(), body.note());
    }

    @PostMapping("/confirm/{token}")
    @PublicEndpoint("the link a public reporter gets by e-mail to confirm the address; the token is the key")
    @Operation(summary = "Confirm a public reporter's e-mail address; the report is then processed. Replies "
            + "{reportId, trackingUrl}: the tracking link, also e-mailed to the confirmed address")
    Map<String, String> confirm(@PathVariable String token) {
        SubmittedReport confirmed = confirmation.confirm(token);
        return Map.of("reportId", confirmed.reportId().toString(), "trackingUrl", confirmed.trackingUrl());
    }

    @GetMapping("/track/{token}")
    @PublicEndpoint("the reporter's secret tracking link; the token is the key")
    @Operation(summary = "The reporter's view of a report: status, the steps and messages meant for the reporter")
    TrackingView track(@PathVariable String token) {
        return tracking.view(token);
    }

    @ExceptionHandler(ReportTooLargeException.class)
    ResponseEntity<ProblemDetail> tooLarge(ReportTooLargeException e, HttpServletRequest request) {
        ResponseEntity<ProblemDetail> response = ApiProblems.problem(HttpStatus.CONTENT_TOO_LARGE, "Report too large",
                e.getMessage(), request);
        response.getBody().setProperty("limit", e.limit());
        return response;
    }

    @ExceptionHandler(ReportRateLimitedException.class)
    ResponseEntity<ProblemDetail> rateLimited(ReportRateLimitedException e, HttpServletRequest request) {
        return ApiProblems.problem(HttpStatus.TOO_MANY_REQUESTS, "Too Many Requests", e.getMessage(), request);
    }

    static IncidentId incidentId(String text) {
        try {
            return IncidentId.of(text.strip());
        } catch (RuntimeException e) {
            throw new InvalidInputException("incident", "Not an incident id.");
        }
    }

    private static byte[] read(InputStream in, long limit) throws IOException {
        byte[] body = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, limit + 1));
        if (body.length > limit) {
            throw new ReportTooLargeException(limit);
        }
        return body;
    }
}
