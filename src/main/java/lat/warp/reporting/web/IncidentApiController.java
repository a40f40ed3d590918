package lat.warp.reporting.web;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import lat.warp.reporting.AttachmentInfo;
import lat.warp.reporting.EventRef;
import lat.warp.reporting.IllegalTransitionException;
import lat.warp.reporting.Incident;
import lat.warp.reporting.IncidentDetail;
import lat.warp.reporting.IncidentFilter;
import lat.warp.reporting.IncidentId;
import lat.warp.reporting.IncidentPage;
import lat.warp.reporting.IncidentState;
import lat.warp.reporting.Incidents;
import lat.warp.reporting.ReportTooLargeException;
import lat.warp.reporting.Upload;
import lat.warp.reporting.internal.ReportingProperties;
import lat.warp.shared.InvalidInputException;
import lat.warp.shared.OrganisationId;
import lat.warp.shared.Permission;
import lat.warp.shared.RequiresPermission;
import lat.warp.shared.UserId;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Incidents over the API (CONTRACT.md): the caller sees what the service lets it see; members act on their
 * own incidents, analysts on all. An incident the caller may not see is a 404; a forbidden state change a 409.
 */
@RestController
@RequestMapping("/api/v1/incidents")
@Tag(name = "Incidents")
class IncidentApiController {

    private final Incidents incidents;
    private final ReportingProperties properties;

    IncidentApiController(Incidents incidents, ReportingProperties properties) {
        this.incidents = incidents;
        this.properties = properties;
    }

    record Note(@Nullable String note) {
    }

    record Text(String text) {
    }

    record StateChange(String state, @Nullable String note) {
    }

    record Notify(@Nullable String message) {
    }

    record Assign(@Nullable String analyst) {
    }

    record Merge(String into) {
    }

    record Forward(String csirt, @Nullable String note) {
    }

    record FromEvents(List<EventRef> events, ReportApiController.Decision decision) {
    }

    @GetMapping
    @RequiresPermission({Permission.INCIDENT_ACT_OWN, Permission.INCIDENT_MANAGE})
    @Operation(summary = "Incidents visible to the caller, newest change first: state=NEW…CLOSED, overdue=true, "
            + "page (from 0), size (1–200)")
    IncidentPage list(@RequestParam(required = false) @Nullable String state,
            @RequestParam(defaultValue = "false") boolean overdue, @RequestParam(defaultValue = "0") int page,
            @RequestParam(defaultValue = "50") int size) {
        return incidents.list(new IncidentFilter(state == null || state.isBlank() ? null : state(state), overdue, page,
                size));
    }

    @GetMapping("/{id}")
    @RequiresPermission({Permission.INCIDENT_ACT_OWN, Permission.INCIDENT_MANAGE})
    @Operation(summary = "One incident by id or number (WARP-YYYY-NNNNNN): timeline, messages, files, evidence "
            + "the caller may see; 404 when it may not see it")
    IncidentDetail get(@PathVariable String id) {
        return incidents.get(id);
    }

    @GetMapping(value = "/{id}/iodef", produces = MediaType.APPLICATION_XML_VALUE)
    @RequiresPermission({Permission.INCIDENT_ACT_OWN, Permission.INCIDENT_MANAGE})
    @Operation(summary = "The incident as an IODEF 2.0 (RFC 7970) document")
    ResponseEntity<String> iodef(@PathVariable String id) {
        IncidentDetail detail = incidents.get(id);
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_XML)
                .header("X-Content-Type-Options", "nosniff").body(incidents.iodef(detail.incident().id()));
    }

    @GetMapping("/{id}/attachments/{attachment}")
    @RequiresPermission({Permission.INCIDENT_ACT_OWN, Permission.INCIDENT_MANAGE})
    @Operation(summary = "A file of the incident, served inert (application/octet-stream, attachment, nosniff)")
    ResponseEntity<byte[]> attachment(@PathVariable String id, @PathVariable String attachment) {
        return ApiProblems.inert(incidents.attachment(incidentId(id), attachment));
    }

    @PostMapping("/{id}/attachments")
    @RequiresPermission({Permission.INCIDENT_ACT_OWN, Permission.INCIDENT_MANAGE})
    @Operation(summary = "Add a file (the body) to the incident: filename, shared=true to show it to the member; "
            + "its type is recognised from its bytes")
    ResponseEntity<AttachmentInfo> addAttachment(@PathVariable String id,
            @RequestParam(required = false) @Nullable String filename,
            @RequestParam(defaultValue = "false") boolean shared, HttpServletRequest request) throws IOException {
        long limit = properties.maxAttachmentSize().toBytes();
        byte[] body = request.getInputStream().readNBytes((int) Math.min(Integer.MAX_VALUE - 8, limit + 1));
        if (body.length > limit) {
            throw new ReportTooLargeException(limit);
        }
        AttachmentInfo info = incidents.addAttachment(incidentId(id), new Upload(filename, body), shared);
        return ResponseEntity.created(URI.create("/api/v1/incidents/" + id + "/attachments/" + info.id())).body(info);
    }

    // ---- the member's actions

    @PostMapping("/{id}/acknowledge")
    @RequiresPermission({Permission.INCIDENT_ACT_OWN, Permission.INCIDENT_MANAGE})
    @Operation(summary = "The member acknowledges the notification: {note}")
    Incident acknowledge(@PathVariable String id, @RequestBody(required = false) @Nullable Note body) {
        return incidents.acknowledge(incidentId(id), body == null ? null : body.note());
    }

    @PostMapping("/{id}/reply")
    @RequiresPermission({Permission.INCIDENT_ACT_OWN, Permission.INCIDENT_MANAGE})
    @Operation(summary = "The member writes to the WARP: {text}")
    ResponseEntity<Void> reply(@PathVariable String id, @RequestBody Text body) {
        incidents.reply(incidentId(id), body.text());
        return ResponseEntity.noContent().build();
    }

    @PostMapping("/{id}/resolve")
    @RequiresPermission({Permission.INCIDENT_ACT_OWN, Permission.INCIDENT_MANAGE})
    @Operation(summary = "The member marks the incident resolved: {note}")
    Incident resolve(@PathVariable String id, @RequestBody(required = false) @Nullable Note body) {
        return incidents.resolve(incidentId(id), body == null ? null : body.note());
    }

    @PostMapping("/{id}/advice")
    @RequiresPermission({Permission.INCIDENT_ACT_OWN, Permission.INCIDENT_MANAGE})
    @Operation(summary = "The member asks the WARP for advice: {text}")
    Incident advice(@PathVariable String id, @RequestBody Text body) {
        return incidents.askAdvice(incidentId(id), body.text());
    }

    // ---- the analysts' actions

    @PostMapping("/{id}/triage")
    @RequiresPermission(Permission.INCIDENT_MANAGE)
    @Operation(summary = "Classify (RSIT type), set TLP, severity, member and title: {classificationType, tlp, "
            + "severity, organisation, title}")
    Incident triage(@PathVariable String id, @RequestBody ReportApiController.Decision body) {
        return incidents.triage(incidentId(id), body.toDecision());
    }

    @PostMapping("/{id}/state")
    @RequiresPermission(Permission.INCIDENT_MANAGE)
    @Operation(summary = "Move the incident to another state: {state, note}; 409 for a move the state machine forbids")
    Incident state(@PathVariable String id, @RequestBody StateChange body) {
        return incidents.changeState(incidentId(id), state(body.state()), body.note());
    }

    @PostMapping("/{id}/notify")
    @RequiresPermission(Permission.INCIDENT_MANAGE)
    @Operation(summary = "Notify the member (the incident becomes NOTIFIED): {message}")
    Incident notifyMember(@PathVariable String id, @RequestBody(required = false) @Nullable Notify body) {
        return incidents.notifyMember(incidentId(id), body == null || body.message() == null ? "" : body.message());
    }

    @PostMapping("/{id}/assign")
    @RequiresPermission(Permission.INCIDENT_MANAGE)
    @Operation(summary = "Assign the incident to an analyst (user id), or to nobody (null): {analyst}")
    Incident assign(@PathVariable String id, @RequestBody Assign body) {
        UserId analyst;
        try {
            analyst = body.analyst() == null || body.analyst().isBlank() ? null : UserId.of(body.analyst());
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("analyst", "Not a user id.");
        }
        return incidents.assign(incidentId(id), analyst);
    }

    @PostMapping("/{id}/notes")
    @RequiresPermission(Permission.INCIDENT_MANAGE)
    @Operation(summary = "An internal note, for analysts only: {text}")
    ResponseEntity<Void> note(@PathVariable String id, @RequestBody Text body) {
        incidents.addNote(incidentId(id), body.text());
        return ResponseEntity.noContent().build();
    }

    @PostMapping("/{id}/messages/member")
    @RequiresPermission(Permission.INCIDENT_MANAGE)
    @Operation(summary = "A message shared with the member, delivered by notification: {text}")
    ResponseEntity<Void> messageMember(@PathVariable String id, @RequestBody Text body) {
        incidents.messageMember(incidentId(id), body.text());
        return ResponseEntity.noContent().build();
    }

    @PostMapping("/{id}/messages/reporter")
    @RequiresPermission(Permission.INCIDENT_MANAGE)
    @Operation(summary = "A message to the reporters, e-mailed in their language: {text}")
    ResponseEntity<Void> messageReporter(@PathVariable String id, @RequestBody Text body) {
        incidents.messageReporter(incidentId(id), body.text());
        return ResponseEntity.noContent().build();
    }

    @PostMapping("/{id}/merge")
    @RequiresPermission(Permission.INCIDENT_MANAGE)
    @Operation(summary = "Merge this duplicate into another incident: {into}")
    Incident merge(@PathVariable String id, @RequestBody Merge body) {
        return incidents.merge(incidentId(id), incidentId(body.into()));
    }

    @PostMapping("/{id}/forward")
    @RequiresPermission(Permission.INCIDENT_MANAGE)
    @Operation(summary = "Hand the incident to a registered CSIRT: {csirt, note}")
    Incident forward(@PathVariable String id, @RequestBody Forward body) {
        OrganisationId csirt;
        try {
            csirt = OrganisationId.of(body.csirt());
        } catch (RuntimeException e) {
            throw new InvalidInputException("csirt", "Not an organisation id.");
        }
        return incidents.forwardToCsirt(incidentId(id), csirt, body.note());
    }

    @PostMapping("/{id}/evidence")
    @RequiresPermission(Permission.INCIDENT_MANAGE)
    @Operation(summary = "Add feed events as evidence: [{timeSource, sourceIp, classificationType, feedName}]")
    Map<String, Integer> evidence(@PathVariable String id, @RequestBody List<EventRef> events) {
        return Map.of("added", incidents.addEvidence(incidentId(id), events));
    }

    @PostMapping("/from-events")
    @RequiresPermission(Permission.INCIDENT_MANAGE)
    @Operation(summary = "Open an incident from a selection of feed events: {events:[…], decision:{…}}")
    ResponseEntity<Incident> fromEvents(@RequestBody FromEvents body) {
        Incident incident = incidents.openFromEvents(body.events() == null ? List.of() : body.events(),
                body.decision().toDecision());
        return ResponseEntity.created(URI.create("/api/v1/incidents/" + incident.id())).body(incident);
    }

    @ExceptionHandler(IllegalTransitionException.class)
    ResponseEntity<ProblemDetail> conflict(IllegalTransitionException e, HttpServletRequest request) {
        ResponseEntity<ProblemDetail> response = ApiProblems.problem(HttpStatus.CONFLICT, "Conflict", e.getMessage(),
                request);
        response.getBody().setProperty("from", e.from().name());
        response.getBody().setProperty("to", e.to().name());
        return response;
    }

    @ExceptionHandler(ReportTooLargeException.class)
    ResponseEntity<ProblemDetail> tooLarge(ReportTooLargeException e, HttpServletRequest request) {
        ResponseEntity<ProblemDetail> response = ApiProblems.problem(HttpStatus.CONTENT_TOO_LARGE, "File too large",
                e.getMessage(), request);
        response.getBody().setProperty("limit", e.limit());
        return response;
    }

    private static IncidentState state(String text) {
        try {
            return IncidentState.valueOf(text.strip().toUpperCase(Locale.ROOT));
        } catch (RuntimeException e) {
            throw new InvalidInputException("state", "Unknown state '" + text + "'.");
        }
    }

    private static IncidentId incidentId(String text) {
        try {
            return IncidentId.of(text.strip());
        } catch (RuntimeException e) {
            throw new lat.warp.shared.NotFoundException("No such incident.");
        }
    }

}
