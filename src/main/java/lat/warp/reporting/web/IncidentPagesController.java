package lat.warp.reporting.web;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import lat.warp.access.AccessControl;
import lat.warp.events.Taxonomy;
import lat.warp.events.Tlp;
import lat.warp.registry.Organisation;
import lat.warp.registry.Organisations;
import lat.warp.reporting.Audience;
import lat.warp.reporting.EventRef;
import lat.warp.reporting.Incident;
import lat.warp.reporting.IncidentDetail;
import lat.warp.reporting.IncidentFilter;
import lat.warp.reporting.IncidentId;
import lat.warp.reporting.IncidentPage;
import lat.warp.reporting.IncidentState;
import lat.warp.reporting.Incidents;
import lat.warp.reporting.ReportTooLargeException;
import lat.warp.reporting.Severity;
import lat.warp.reporting.TriageDecision;
import lat.warp.reporting.Upload;
import lat.warp.shared.Actor;
import lat.warp.shared.InvalidInputException;
import lat.warp.shared.NotFoundException;
import lat.warp.shared.OrganisationKind;
import lat.warp.shared.Permission;
import lat.warp.shared.RequiresPermission;
import org.jspecify.annotations.Nullable;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * Incidents for people. Analysts ({@code INCIDENT_MANAGE}) list every incident and run each one from its
 * page: the state with the moves the state machine allows as buttons, notifying the member, assignment,
 * classification, internal notes and messages to the member or the reporter (each marked as what it is),
 * files served inert, linked events, the timeline and the SLA clocks; they also open an incident from a
 * selection on the events page. Members and CSIRTs ({@code INCIDENT_ACT_OWN}) list and open the incidents
 * that concern their organisation, and acknowledge, reply, resolve or ask for advice. Who sees what is
 * decided by {@link Incidents}; an incident the reader may not see does not exist for them (404).
 */
@Controller
class IncidentPagesController {

    static final int PAGE_SIZE = 50;

    private final Incidents incidents;
    private final AccessControl access;
    private final Organisations organisations;
    private final ReportingTime time;

    IncidentPagesController(Incidents incidents, AccessControl access, Organisations organisations, ReportingTime time) {
        this.incidents = incidents;
        this.access = access;
        this.organisations = organisations;
        this.time = time;
    }

    /**
     * One SLA clock as the page shows it.
     *
     * @param key the clock's name (a message key)
     * @param phase {@code done}, {@code running} or {@code waiting} (not started)
     * @param took how long it took or has run so far
     * @param due when it is due, while it runs
     */
    record Clock(String key, String phase, String took, String due, boolean overdue) {
    }

    // ---- reading

    @GetMapping("/incidents")
    @RequiresPermission({Permission.INCIDENT_MANAGE, Permission.INCIDENT_ACT_OWN})
    String list(@RequestParam(required = false) @Nullable String state,
            @RequestParam(required = false) @Nullable String overdue, @RequestParam(defaultValue = "0") String page,
            Model model) {
        boolean analyst = access.current().has(Permission.INCIDENT_MANAGE);
        IncidentState chosen = state(state);
        boolean overdueOnly = analyst && "true".equals(overdue);
        int number = page(page);
        IncidentPage result = incidents.list(new IncidentFilter(chosen, overdueOnly, number, PAGE_SIZE));
        model.addAttribute("analyst", analyst);
        model.addAttribute("page", result);
        model.addAttribute("states", IncidentState.values());
        model.addAttribute("state", chosen);
        model.addAttribute("overdue", overdueOnly);
        model.addAttribute("previousLink", number > 0 ? link(chosen, overdueOnly, number - 1) : null);
        model.addAttribute("nextLink", (long) (number + 1) * PAGE_SIZE < result.total()
                ? link(chosen, overdueOnly, number + 1) : null);
        return "reporting/incidents";
    }

    @GetMapping("/incidents/{id}")
    @RequiresPermission({Permission.INCIDENT_MANAGE, Permission.INCIDENT_ACT_OWN})
    String page(@PathVariable String id, Model model) {
        // By id, or by number (WARP-2026-000042) as people quote it.
        IncidentDetail detail = incidents.get(id.strip().toUpperCase(java.util.Locale.ROOT).startsWith("WARP-") ? id
                : incidentId(id).toString());
        Incident incident = detail.incident();
        Actor viewer = access.current();
        model.addAttribute("detail", detail);
        model.addAttribute("i", incident);
        if (!viewer.has(Permission.INCIDENT_MANAGE)) {
            model.addAttribute("canAcknowledge", incident.state() == IncidentState.NOTIFIED);
            model.addAttribute("canResolve", incident.state() == IncidentState.NOTIFIED
                    || incident.state() == IncidentState.ACKNOWLEDGED);
            return "reporting/member-incident";
        }
        Set<IncidentState> next = incident.mergedInto() == null ? incident.state().next() : EnumSet.noneOf(IncidentState.class);
        boolean notifiable = next.contains(IncidentState.NOTIFIED);
        List<IncidentState> transitions = next.stream().filter(s -> s != IncidentState.NOTIFIED).sorted().toList();
        model.addAttribute("transitions", transitions);
        model.addAttribute("canNotify", notifiable && incident.organisation() != null
                && incident.classificationType() != null);
        model.addAttribute("notifyNeedsOrganisation", notifiable && (incident.organisation() == null
                || incident.classificationType() == null));
        model.addAttribute("viewerId", viewer.user() == null ? null : viewer.user().value().toString());
        model.addAttribute("clocks", clocks(incident, Instant.now()));
        model.addAttribute("typesByClass", Taxonomy.rsit().typesByClass());
        model.addAttribute("tlps", Tlp.values());
        model.addAttribute("severities", Severity.values());
        model.addAttribute("audiences", Audience.values());
        model.addAttribute("csirts", csirts());
        return "reporting/incident";
    }

    @GetMapping("/incidents/{id}/attachments/{attachment}")
    @RequiresPermission({Permission.INCIDENT_MANAGE, Permission.INCIDENT_ACT_OWN})
    ResponseEntity<byte[]> attachment(@PathVariable String id, @PathVariable String attachment) {
        return Downloads.inert(incidents.attachment(incidentId(id), attachment));
    }

    // ---- analysts

    @PostMapping("/incidents/{id}/state")
    @RequiresPermission(Permission.INCIDENT_MANAGE)
    String changeState(@PathVariable String id, @RequestParam(defaultValue = "") String to,
            @RequestParam(defaultValue = "") String note, RedirectAttributes redirect) {
        IncidentId incident = incidentId(id);
        IncidentState target = state(to);
        if (target == null) {
            return back(redirect, incident, "incidentPage.error.transition", null);
        }
        return act(redirect, incident, "incidentPage.notice.state",
                () -> incidents.changeState(incident, target, note.isBlank() ? null : note));
    }

    @PostMapping("/incidents/{id}/notify")
    @RequiresPermission(Permission.INCIDENT_MANAGE)
    String notifyMember(@PathVariable String id, @RequestParam(defaultValue = "") String message,
            RedirectAttributes redirect) {
        IncidentId incident = incidentId(id);
        return act(redirect, incident, "incidentPage.notice.notified", () -> incidents.notifyMember(incident, message));
    }

    @PostMapping("/incidents/{id}/assign")
    @RequiresPermission(Permission.INCIDENT_MANAGE)
    String assignToMe(@PathVariable String id, RedirectAttributes redirect) {
        IncidentId incident = incidentId(id);
        return act(redirect, incident, "incidentPage.notice.saved",
                () -> incidents.assign(incident, access.current().user()));
    }

    @PostMapping("/incidents/{id}/classify")
    @RequiresPermission(Permission.INCIDENT_MANAGE)
    String classify(@PathVariable String id, @RequestParam(defaultValue = "") String type,
            @RequestParam(defaultValue = "AMBER") String tlp, @RequestParam(defaultValue = "MEDIUM") String severity,
            @RequestParam(defaultValue = "") String organisation, @RequestParam(defaultValue = "") String title,
            RedirectAttributes redirect) {
        IncidentId incident = incidentId(id);
        return act(redirect, incident, "incidentPage.notice.saved", () -> incidents.triage(incident,
                TriageQueueController.decision(type, tlp, severity, organisation, title)));
    }

    @PostMapping("/incidents/{id}/messages")
    @RequiresPermission(Permission.INCIDENT_MANAGE)
    String message(@PathVariable String id, @RequestParam(defaultValue = "INTERNAL") String audience,
            @RequestParam(defaultValue = "") String body, RedirectAttributes redirect) {
        IncidentId incident = incidentId(id);
        if (body.isBlank()) {
            return back(redirect, incident, "incidentPage.error.body", null);
        }
        return act(redirect, incident, "incidentPage.notice.sent", () -> {
            switch (audience) {
                case "MEMBER" -> incidents.messageMember(incident, body);
                case "REPORTER" -> incidents.messageReporter(incident, body);
                default -> incidents.addNote(incident, body);
            }
            return null;
        });
    }

    @PostMapping("/incidents/{id}/attachments")
    @RequiresPermission(Permission.INCIDENT_MANAGE)
    String upload(@PathVariable String id, @RequestParam(required = false) @Nullable MultipartFile file,
            @RequestParam(defaultValue = "false") boolean shared, RedirectAttributes redirect) throws IOException {
        IncidentId incident = incidentId(id);
        if (file == null || file.isEmpty()) {
            return back(redirect, incident, "pageError.file", null);
        }
        Upload upload = new Upload(ReportFormController.fileName(file.getOriginalFilename()), file.getBytes());
        try {
            return act(redirect, incident, "incidentPage.notice.saved",
                    () -> incidents.addAttachment(incident, upload, shared));
        } catch (ReportTooLargeException e) {
            return back(redirect, incident, "pageError.fileTooLarge", e.limit() / (1024 * 1024));
        }
    }

    @PostMapping("/incidents/{id}/merge")
    @RequiresPermission(Permission.INCIDENT_MANAGE)
    String merge(@PathVariable String id, @RequestParam(defaultValue = "") String number, RedirectAttributes redirect) {
        IncidentId incident = incidentId(id);
        IncidentId into;
        try {
            into = incidents.get(number.strip()).incident().id();
        } catch (NotFoundException | IllegalArgumentException e) {
            return back(redirect, incident, "triage.error.number", number.strip());
        }
        try {
            Incident kept = incidents.merge(incident, into);
            redirect.addFlashAttribute("notice", "incidentPage.notice.merged");
            return "redirect:/incidents/" + kept.id();
        } catch (InvalidInputException e) {
            return back(redirect, incident, PageErrors.key(e), null);
        }
    }

    @PostMapping("/incidents/{id}/forward")
    @RequiresPermission(Permission.INCIDENT_MANAGE)
    String forward(@PathVariable String id, @RequestParam(defaultValue = "") String csirt,
            @RequestParam(defaultValue = "") String note, RedirectAttributes redirect) {
        IncidentId incident = incidentId(id);
        return act(redirect, incident, "triage.done.forwarded", () -> incidents.forwardToCsirt(incident,
                TriageQueueController.csirt(csirt), note.isBlank() ? null : note.strip()));
    }

    // ---- from the events page

    /** The selection from the events page: the events, and the form that opens an incident from them. */
    @PostMapping("/incidents/from-events")
    @RequiresPermission(Permission.INCIDENT_MANAGE)
    String fromEvents(@RequestParam(name = "event", required = false) @Nullable List<String> selected, Model model,
            HttpServletResponse response) {
        List<String> refs = selected == null ? List.of() : new ArrayList<>(new LinkedHashSet<>(selected));
        List<EventRef> events = new ArrayList<>();
        for (String ref : refs) {
            EventRef event = eventRef(ref);
            if (event != null) {
                events.add(event);
            }
        }
        if (events.isEmpty()) {
            response.setStatus(400);
            model.addAttribute("error", "incidents.fromEvents.none");
        }
        String holder = commonHolder(refs);
        model.addAttribute("chosen", new String[] {"AMBER", "MEDIUM", "", holder == null ? "" : holder});
        fromEventsModel(model, refs, events);
        model.addAttribute("suggestedType", events.stream().map(EventRef::classificationType)
                .reduce((a, b) -> a.equals(b) ? a : "").filter(t -> !t.isEmpty()).orElse(null));
        return "reporting/from-events";
    }

    @PostMapping("/incidents/from-events/open")
    @RequiresPermission(Permission.INCIDENT_MANAGE)
    String openFromEvents(@RequestParam(name = "event", required = false) @Nullable List<String> selected,
            @RequestParam(defaultValue = "") String type, @RequestParam(defaultValue = "AMBER") String tlp,
            @RequestParam(defaultValue = "MEDIUM") String severity, @RequestParam(defaultValue = "") String title,
            @RequestParam(defaultValue = "") String organisation, Model model, HttpServletResponse response,
            RedirectAttributes redirect) {
        List<String> refs = selected == null ? List.of() : new ArrayList<>(new LinkedHashSet<>(selected));
        List<EventRef> events = refs.stream().map(IncidentPagesController::eventRef).filter(e -> e != null).toList();
        try {
            Incident incident = incidents.openFromEvents(events,
                    TriageQueueController.decision(type, tlp, severity, organisation, title));
            redirect.addFlashAttribute("notice", "incidentPage.notice.opened");
            return "redirect:/incidents/" + incident.id();
        } catch (InvalidInputException e) {
            model.addAttribute("error", PageErrors.key(e));
        } catch (PageErrors.Refused e) {
            model.addAttribute("error", e.key());
        }
        response.setStatus(400);
        fromEventsModel(model, refs, events);
        model.addAttribute("suggestedType", type.isBlank() ? null : type);
        model.addAttribute("chosen", new String[] {tlp, severity, title, organisation});
        return "reporting/from-events";
    }

    // ---- the member's side

    @PostMapping("/incidents/{id}/acknowledge")
    @RequiresPermission({Permission.INCIDENT_ACT_OWN, Permission.INCIDENT_MANAGE})
    String acknowledge(@PathVariable String id, RedirectAttributes redirect) {
        IncidentId incident = incidentId(id);
        return act(redirect, incident, "memberIncident.notice.acknowledged", () -> incidents.acknowledge(incident, null));
    }

    @PostMapping("/incidents/{id}/resolve")
    @RequiresPermission({Permission.INCIDENT_ACT_OWN, Permission.INCIDENT_MANAGE})
    String resolve(@PathVariable String id, RedirectAttributes redirect) {
        IncidentId incident = incidentId(id);
        return act(redirect, incident, "memberIncident.notice.resolved", () -> incidents.resolve(incident, null));
    }

    @PostMapping("/incidents/{id}/reply")
    @RequiresPermission({Permission.INCIDENT_ACT_OWN, Permission.INCIDENT_MANAGE})
    String reply(@PathVariable String id, @RequestParam(defaultValue = "") String body, RedirectAttributes redirect) {
        IncidentId incident = incidentId(id);
        if (body.isBlank()) {
            return back(redirect, incident, "incidentPage.error.body", null);
        }
        return act(redirect, incident, "memberIncident.notice.replied", () -> {
            incidents.reply(incident, body);
            return null;
        });
    }

    @PostMapping("/incidents/{id}/advice")
    @RequiresPermission({Permission.INCIDENT_ACT_OWN, Permission.INCIDENT_MANAGE})
    String advice(@PathVariable String id, @RequestParam(defaultValue = "") String body, RedirectAttributes redirect) {
        IncidentId incident = incidentId(id);
        if (body.isBlank()) {
            return back(redirect, incident, "incidentPage.error.body", null);
        }
        return act(redirect, incident, "memberIncident.notice.advice", () -> incidents.askAdvice(incident, body));
    }

    // ---- helpers

    /** The one organisation holding every selected event, if they share one: the incident's member. */
    static @Nullable String commonHolder(List<String> refs) {
        String holder = null;
        for (String ref : refs) {
            String[] parts = ref.split("\\|", 5);
            String h = parts.length < 4 ? "" : parts[3].strip();
            if (h.isEmpty() || (holder != null && !holder.equals(h))) {
                return null;
            }
            holder = h;
        }
        return holder;
    }

    /** Runs a change and goes back to the incident's page, with a notice or the refusal's message. */
    private static String act(RedirectAttributes redirect, IncidentId incident, String notice,
            java.util.function.Supplier<?> change) {
        try {
            change.get();
        } catch (InvalidInputException e) {
            return back(redirect, incident, PageErrors.key(e), null);
        } catch (PageErrors.Refused e) {
            return back(redirect, incident, e.key(), null);
        }
        redirect.addFlashAttribute("notice", notice);
        return "redirect:/incidents/" + incident;
    }

    private static String back(RedirectAttributes redirect, IncidentId incident, String error, @Nullable Object argument) {
        redirect.addFlashAttribute("error", error);
        redirect.addFlashAttribute("errorArgument", argument);
        return "redirect:/incidents/" + incident;
    }

    private void fromEventsModel(Model model, List<String> refs, List<EventRef> events) {
        model.addAttribute("refs", refs);
        model.addAttribute("events", events);
        model.addAttribute("typesByClass", Taxonomy.rsit().typesByClass());
        model.addAttribute("tlps", Tlp.values());
        model.addAttribute("severities", Severity.values());
        if (!model.containsAttribute("chosen")) {
            model.addAttribute("chosen", new String[] {"AMBER", "MEDIUM", "", ""});
        }
        if (!model.containsAttribute("error")) {
            model.addAttribute("error", null);
        }
    }

    /** An event's reference as the events page writes it: {@code time.source|source.ip|type|holder|feed.name}. */
    static @Nullable EventRef eventRef(String ref) {
        String[] parts = ref.split("\\|", 5);
        if (parts.length < 3 || parts[2].isBlank()) {
            return null;
        }
        try {
            return new EventRef(Instant.parse(parts[0]), parts[1].isBlank() ? null : parts[1], parts[2].strip(),
                    parts.length < 5 || parts[4].isBlank() ? null : parts[4]);
        } catch (java.time.format.DateTimeParseException e) {
            return null;
        }
    }

    private List<Clock> clocks(Incident i, Instant now) {
        List<Clock> clocks = new ArrayList<>();
        clocks.add(clock("incidentPage.sla.triage", i.createdAt(), i.triagedAt(), i.sla().triageDue(), now));
        clocks.add(clock("incidentPage.sla.notify", i.createdAt(), i.notifiedAt(), i.sla().notifyDue(), now));
        clocks.add(clock("incidentPage.sla.acknowledge", i.notifiedAt(), i.acknowledgedAt(), i.sla().acknowledgeDue(),
                now));
        return clocks;
    }

    private Clock clock(String key, @Nullable Instant start, @Nullable Instant done, @Nullable Instant due, Instant now) {
        if (start == null) {
            return new Clock(key, "waiting", "", "", false);
        }
        if (done != null) {
            return new Clock(key, "done", time.duration(Duration.between(start, done)), "", false);
        }
        if (due == null) {
            return new Clock(key, "waiting", "", "", false);
        }
        return new Clock(key, "running", time.duration(Duration.between(start, now)), time.at(due), now.isAfter(due));
    }

    private List<Organisation> csirts() {
        return organisations.list("").stream().filter(o -> o.kind() == OrganisationKind.CSIRT)
                .sorted(Comparator.comparing(Organisation::country).thenComparing(Organisation::name)).toList();
    }

    private static String link(@Nullable IncidentState state, boolean overdue, int page) {
        UriComponentsBuilder b = UriComponentsBuilder.fromPath("/incidents");
        if (state != null) {
            b.queryParam("state", state);
        }
        if (overdue) {
            b.queryParam("overdue", "true");
        }
        return b.queryParam("page", page).build().toUriString();
    }

    private static @Nullable IncidentState state(@Nullable String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return IncidentState.valueOf(text.strip());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static int page(String text) {
        try {
            return Math.clamp(Integer.parseInt(text.strip()), 0, 100_000);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static IncidentId incidentId(String id) {
        try {
            return IncidentId.of(id);
        } catch (IllegalArgumentException e) {
            throw new NotFoundException("No such incident.");
        }
    }
}
