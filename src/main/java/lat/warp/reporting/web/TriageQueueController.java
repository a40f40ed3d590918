package lat.warp.reporting.web;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import lat.warp.events.Taxonomy;
import lat.warp.events.Tlp;
import lat.warp.reporting.Incident;
import lat.warp.reporting.IncidentDetail;
import lat.warp.reporting.Incidents;
import lat.warp.reporting.RejectReason;
import lat.warp.reporting.Report;
import lat.warp.reporting.ReportId;
import lat.warp.reporting.ReportQueue;
import lat.warp.reporting.ReportStatus;
import lat.warp.reporting.Severity;
import lat.warp.reporting.TriageDecision;
import lat.warp.reporting.internal.ReportingProperties;
import lat.warp.shared.InvalidInputException;
import lat.warp.shared.NotFoundException;
import lat.warp.shared.OrganisationId;
import lat.warp.shared.Permission;
import lat.warp.shared.RequiresPermission;
import org.jspecify.annotations.Nullable;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The analysts' triage queue: the reports waiting, oldest first, with what was found in them and who holds
 * it, parser problems flagged and those waiting longer than the triage target highlighted; and one report's
 * page, where the analyst opens an incident (classified, with TLP and severity), adds it to an existing one,
 * forwards it to a country's CSIRT, or rejects it.
 */
@Controller
@RequestMapping("/triage")
@RequiresPermission(Permission.INCIDENT_MANAGE)
class TriageQueueController {

    static final int QUEUE_SIZE = 200;

    private final ReportQueue queue;
    private final Incidents incidents;
    private final ReportingProperties properties;
    private final ReportingTime time;

    TriageQueueController(ReportQueue queue, Incidents incidents, ReportingProperties properties, ReportingTime time) {
        this.queue = queue;
        this.incidents = incidents;
        this.properties = properties;
        this.time = time;
    }

    /** A report in the queue: how long it has waited and whether that is longer than the triage target. */
    record QueueRow(Report report, String waiting, boolean overdue) {
    }

    @GetMapping
    String queue(Model model) {
        Instant now = Instant.now();
        Duration target = properties.sla().triage();
        model.addAttribute("rows", queue.queue(QUEUE_SIZE).stream().map(r -> {
            Duration waited = Duration.between(r.receivedAt(), now);
            return new QueueRow(r, time.duration(waited), waited.compareTo(target) > 0);
        }).toList());
        return "reporting/triage";
    }

    @GetMapping("/reports/{id}")
    String report(@PathVariable String id, Model model) {
        ReportId reportId = ReportId.of(id);
        Report report = queue.get(reportId);
        boolean open = report.status() == ReportStatus.QUEUED || report.status() == ReportStatus.RECEIVED;
        model.addAttribute("r", report);
        model.addAttribute("open", open);
        model.addAttribute("suggestedType", suggested(report.classificationHint()));
        model.addAttribute("typesByClass", Taxonomy.rsit().typesByClass());
        model.addAttribute("tlps", Tlp.values());
        model.addAttribute("severities", Severity.values());
        model.addAttribute("rejectReasons", RejectReason.values());
        model.addAttribute("csirts", open ? queue.csirtsFor(reportId) : List.of());
        return "reporting/triage-report";
    }

    /** Open an incident from the report, or forward it to a CSIRT (an incident handed over): one decision form. */
    @PostMapping("/reports/{id}/decide")
    String decide(@PathVariable String id, @RequestParam(defaultValue = "open") String action,
            @RequestParam(defaultValue = "") String type, @RequestParam(defaultValue = "AMBER") String tlp,
            @RequestParam(defaultValue = "MEDIUM") String severity, @RequestParam(defaultValue = "") String title,
            @RequestParam(defaultValue = "") String organisation, @RequestParam(defaultValue = "") String csirt,
            @RequestParam(defaultValue = "") String note, RedirectAttributes redirect) {
        ReportId reportId = ReportId.of(id);
        try {
            TriageDecision decision = decision(type, tlp, severity, organisation, title);
            Incident incident;
            if ("forward".equals(action)) {
                incident = queue.forwardToCsirt(reportId, csirt(csirt), decision, note.isBlank() ? null : note.strip());
                redirect.addFlashAttribute("notice", "triage.done.forwarded");
            } else {
                incident = queue.openIncident(reportId, decision);
                redirect.addFlashAttribute("notice", "incidentPage.notice.opened");
            }
            return "redirect:/incidents/" + incident.id();
        } catch (InvalidInputException e) {
            return back(redirect, reportId, PageErrors.key(e), null);
        } catch (PageErrors.Refused e) {
            return back(redirect, reportId, e.key(), null);
        }
    }

    @PostMapping("/reports/{id}/link")
    String link(@PathVariable String id, @RequestParam(defaultValue = "") String number, RedirectAttributes redirect) {
        ReportId reportId = ReportId.of(id);
        IncidentDetail target;
        try {
            target = incidents.get(number.strip());
        } catch (NotFoundException | IllegalArgumentException e) {
            return back(redirect, reportId, "triage.error.number", number.strip());
        }
        try {
            Incident incident = queue.attachToIncident(reportId, target.incident().id());
            redirect.addFlashAttribute("notice", "incidentPage.notice.linked");
            return "redirect:/incidents/" + incident.id();
        } catch (InvalidInputException e) {
            return back(redirect, reportId, PageErrors.key(e), null);
        }
    }

    @PostMapping("/reports/{id}/reject")
    String reject(@PathVariable String id, @RequestParam(defaultValue = "") String reason, RedirectAttributes redirect) {
        ReportId reportId = ReportId.of(id);
        RejectReason why;
        try {
            why = RejectReason.valueOf(reason);
        } catch (IllegalArgumentException e) {
            return back(redirect, reportId, "pageError.invalid", null);
        }
        try {
            queue.reject(reportId, why, null);
        } catch (InvalidInputException e) {
            return back(redirect, reportId, PageErrors.key(e), null);
        }
        redirect.addFlashAttribute("notice", "triage.done.rejected");
        return "redirect:/triage";
    }

    @GetMapping("/reports/{id}/attachments/{attachment}")
    ResponseEntity<byte[]> attachment(@PathVariable String id, @PathVariable String attachment) {
        return Downloads.inert(queue.attachment(ReportId.of(id), attachment));
    }

    @GetMapping("/reports/{id}/raw")
    ResponseEntity<byte[]> raw(@PathVariable String id) {
        return Downloads.inert(queue.raw(ReportId.of(id)));
    }

    /** The analyst's reading from the form's fields; bad values are refused with the field's message. */
    static TriageDecision decision(String type, String tlp, String severity, String organisation, String title) {
        if (type.isBlank()) {
            throw new PageErrors.Refused("pageError.classification");
        }
        return new TriageDecision(type.strip(), Tlp.parse(tlp), Severity.parse(severity),
                organisation.isBlank() ? null : organisation.strip(), title.isBlank() ? null : title.strip());
    }

    static OrganisationId csirt(String id) {
        try {
            return OrganisationId.of(id.strip());
        } catch (IllegalArgumentException e) {
            throw new PageErrors.Refused("pageError.csirt");
        }
    }

    private static @Nullable String suggested(@Nullable String hint) {
        if (hint == null) {
            return null;
        }
        return Taxonomy.rsit().typesByClass().values().stream().anyMatch(t -> t.contains(hint)) ? hint : null;
    }

    private static String back(RedirectAttributes redirect, ReportId id, String error, @Nullable Object argument) {
        redirect.addFlashAttribute("error", error);
        redirect.addFlashAttribute("errorArgument", argument);
        return "redirect:/triage/reports/" + id;
    }
}
