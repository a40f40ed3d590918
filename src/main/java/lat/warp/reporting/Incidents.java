package lat.warp.reporting;

import java.util.List;
import java.util.Set;
import java.util.UUID;
import lat.warp.access.AccessControl;
import lat.warp.audit.AuditAction;
import lat.warp.audit.AuditTrail;
import lat.warp.events.Classification;
import lat.warp.events.Tlp;
import lat.warp.identity.User;
import lat.warp.identity.Users;
import lat.warp.registry.Organisation;
import lat.warp.registry.Organisations;
import lat.warp.reporting.internal.IncidentLifecycle;
import lat.warp.reporting.internal.IncidentRows;
import lat.warp.reporting.internal.IodefExport;
import lat.warp.reporting.internal.ReportRows;
import lat.warp.reporting.internal.ReporterMail;
import lat.warp.reporting.internal.ReportingProperties;
import lat.warp.reporting.internal.Sniffer;
import lat.warp.shared.AccessDeniedException;
import lat.warp.shared.Actor;
import lat.warp.shared.Actors;
import lat.warp.shared.InvalidInputException;
import lat.warp.shared.NotFoundException;
import lat.warp.shared.OrganisationId;
import lat.warp.shared.OrganisationKind;
import lat.warp.shared.Permission;
import lat.warp.shared.Role;
import lat.warp.shared.UserId;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Incidents: the analysts run every one ({@link Permission#INCIDENT_MANAGE}); a member or CSIRT
 * ({@link Permission#INCIDENT_ACT_OWN}) sees those that concern its organisation once it has been notified,
 * and those forwarded to it, and acknowledges, replies, resolves or asks for advice.
 *
 * <p>An incident the caller may not see is answered as if it did not exist ({@link NotFoundException}),
 * after an {@code ACCESS_DENIED} audit entry: incident numbers are sequential, so a refusal would tell
 * that a number exists (ADR 0012).
 */
@Service
public class Incidents {

    private static final Set<IncidentState> MEMBER_CLOSABLE = Set.of(IncidentState.NOTIFIED,
            IncidentState.ACKNOWLEDGED);

    private final AccessControl access;
    private final AuditTrail audit;
    private final IncidentRows incidents;
    private final ReportRows reports;
    private final IncidentLifecycle lifecycle;
    private final ReporterMail mail;
    private final ReportingProperties properties;
    private final Organisations organisations;
    private final Users users;
    private final lat.warp.platform.WarpProperties warp;

    Incidents(AccessControl access, AuditTrail audit, IncidentRows incidents, ReportRows reports,
            IncidentLifecycle lifecycle, ReporterMail mail, ReportingProperties properties,
            Organisations organisations, Users users, lat.warp.platform.WarpProperties warp) {
        this.warp = warp;
        this.access = access;
        this.audit = audit;
        this.incidents = incidents;
        this.reports = reports;
        this.lifecycle = lifecycle;
        this.mail = mail;
        this.properties = properties;
        this.organisations = organisations;
        this.users = users;
    }

    // ---- reading

    /** The incidents the caller may see, newest change first. */
    @Transactional(readOnly = true)
    public IncidentPage list(IncidentFilter filter) {
        Actor actor = access.requireAny("list incidents", Permission.INCIDENT_MANAGE, Permission.INCIDENT_ACT_OWN);
        OrganisationId visibleTo = actor.has(Permission.INCIDENT_MANAGE) ? null : actor.organisation();
        if (visibleTo == null && !actor.has(Permission.INCIDENT_MANAGE)) {
            return new IncidentPage(List.of(), 0, 0, 0);
        }
        int size = Math.clamp(filter.size(), 1, 200);
        int page = Math.max(0, filter.page());
        var now = lifecycle.now();
        List<Incident> items = incidents.list(visibleTo, filter.state(), filter.overdueOnly(), page * size, size, now);
        long total = incidents.count(visibleTo, filter.state(), filter.overdueOnly(), now);
        audit.entry(AuditAction.CONFIDENTIAL_READ).actor(actor).object("incidents", "list")
                .detail("state", filter.state()).detail("page", page).detail("returned", items.size()).success();
        return new IncidentPage(items, page, size, total);
    }

    /**
     * One incident with everything the caller may see of it; by id or by number ({@code WARP-2026-000042}).
     */
    @Transactional(readOnly = true)
    public IncidentDetail get(String idOrNumber) {
        Actor actor = access.requireAny("read an incident", Permission.INCIDENT_MANAGE, Permission.INCIDENT_ACT_OWN);
        Incident incident = find(idOrNumber);
        visible(actor, incident, "read this incident");
        boolean analyst = actor.has(Permission.INCIDENT_MANAGE);
        List<Audience> audiences = analyst ? List.of(Audience.values()) : List.of(Audience.MEMBER, Audience.REPORTER);
        List<Report> incidentReports = analyst ? reports.byIncident(incident.id()).stream().map(ReportRows.Row::report)
                .toList() : List.of();
        List<ReportIndicator> indicators = reports.byIncident(incident.id()).stream()
                .flatMap(r -> r.report().indicators().stream()).distinct().toList();
        if (incident.tlp() != Tlp.CLEAR) {
            audit.entry(AuditAction.CONFIDENTIAL_READ).actor(actor).organisation(organisationOf(incident))
                    .object("incident", incident.id()).detail("number", incident.number())
                    .detail("tlp", incident.tlp().label()).success();
        }
        return new IncidentDetail(incident, incidents.timeline(incident.id(), audiences),
                incidents.messages(incident.id(), audiences), incidents.attachments(incident.id(), !analyst),
                incidents.evidence(incident.id()), indicators, incidentReports);
    }

    @Transactional(readOnly = true)
    public IncidentDetail get(IncidentId id) {
        return get(id.toString());
    }

    /** A stored file of the incident (members only those shared with them), to be served inert. */
    @Transactional(readOnly = true)
    public AttachmentContent attachment(IncidentId id, String attachmentId) {
        Actor actor = access.requireAny("read an incident's attachment", Permission.INCIDENT_MANAGE,
                Permission.INCIDENT_ACT_OWN);
        Incident incident = visible(actor, find(id.toString()), "read this incident's attachment");
        AttachmentContent content = incidents.attachment(id, ReportQueue.uuid(attachmentId))
                .filter(a -> actor.has(Permission.INCIDENT_MANAGE) || a.info().sharedWithMember())
                .orElseThrow(() -> new NotFoundException("No such attachment."));
        audit.entry(AuditAction.CONFIDENTIAL_READ).actor(actor).organisation(organisationOf(incident))
                .object("incident", id).detail("attachment", attachmentId).success();
        return content;
    }

    /** The incident as an IODEF 2.0 (RFC 7970) document. */
    @Transactional(readOnly = true)
    public String iodef(IncidentId id) {
        IncidentDetail detail = get(id.toString());
        String host = java.net.URI.create(warp.publicUrl()).getHost();
        return IodefExport.write(detail, host == null ? "warp" : host, warp.mail().from());
    }

    // ---- analysts

    /** Classifies the incident, sets its TLP, severity and member; a new or reopened one becomes triaged. */
    @Transactional
    public Incident triage(IncidentId id, TriageDecision decision) {
        Actor actor = access.require(Permission.INCIDENT_MANAGE, "triage an incident");
        Incident incident = lifecycle.get(id);
        Classification classification = lifecycle.classification(decision.classificationType());
        OrganisationId organisation = organisation(decision.organisation());
        incidents.classify(id, classification.taxonomy(), classification.type(), decision.tlp(), decision.severity(),
                organisation, blankToNull(decision.title()), lifecycle.now());
        lifecycle.step(id, "CLASSIFIED", actor, classification.type() + ", " + decision.tlp().marking() + ", "
                + decision.severity(), Audience.MEMBER);
        lifecycle.audited(incident, actor, "triaged", "classification", classification.type(), "tlp",
                decision.tlp().label(), "severity", decision.severity(), "organisation", organisation);
        if (incident.state() == IncidentState.NEW || incident.state() == IncidentState.REOPENED) {
            return lifecycle.move(id, IncidentState.TRIAGED, actor, null);
        }
        return lifecycle.get(id);
    }

    /** Moves the incident to another state, as the state machine allows. */
    @Transactional
    public Incident changeState(IncidentId id, IncidentState target, @Nullable String note) {
        Actor actor = access.require(Permission.INCIDENT_MANAGE, "change an incident's state");
        if (target == IncidentState.NOTIFIED) {
            return notifyMember(id, note == null ? "" : note);
        }
        return lifecycle.move(id, target, actor, blankToNull(note));
    }

    /** Tells the member: the incident becomes NOTIFIED and notification sends the message over its channel. */
    @Transactional
    public Incident notifyMember(IncidentId id, String message) {
        Actor actor = access.require(Permission.INCIDENT_MANAGE, "notify a member");
        Incident incident = lifecycle.get(id);
        if (incident.organisation() == null) {
            throw new InvalidInputException("organisation", "Choose the member concerned before notifying it.");
        }
        if (incident.classificationType() == null) {
            throw new InvalidInputException("classification", "Classify the incident before notifying the member.");
        }
        if (message != null && !message.isBlank()) {
            incidents.message(id, Audience.MEMBER, "ANALYST", actor.label(), message.strip(), null, lifecycle.now());
        }
        return lifecycle.move(id, IncidentState.NOTIFIED, actor, blankToNull(message));
    }

    /** Gives the incident to an analyst, or to nobody. */
    @Transactional
    public Incident assign(IncidentId id, @Nullable UserId analyst) {
        Actor actor = access.require(Permission.INCIDENT_MANAGE, "assign an incident");
        Incident incident = lifecycle.get(id);
        String label = null;
        if (analyst != null) {
            User user = Actors.runAsSystem("reporting: assignee", () -> users.get(analyst));
            if (!user.roles().contains(Role.ANALYST) && !user.roles().contains(Role.ADMIN)) {
                throw new InvalidInputException("assignee", "Incidents are assigned to analysts.");
            }
            label = user.name() + " <" + user.email() + ">";
        }
        incidents.assign(id, analyst == null ? null : analyst.value(), label, lifecycle.now());
        lifecycle.step(id, "ASSIGNED", actor, label == null ? "unassigned" : label, Audience.INTERNAL);
        lifecycle.audited(incident, actor, "assigned", "assignee", analyst);
        return lifecycle.get(id);
    }

    /** An internal note: analysts only, never shown to the member or the reporter. */
    @Transactional
    public void addNote(IncidentId id, String text) {
        Actor actor = access.require(Permission.INCIDENT_MANAGE, "write an internal note");
        Incident incident = lifecycle.get(id);
        incidents.message(id, Audience.INTERNAL, "ANALYST", actor.label(), text(text), null, lifecycle.now());
        lifecycle.step(id, "NOTE", actor, null, Audience.INTERNAL);
        lifecycle.audited(incident, actor, "internal note");
    }

    /** A message shared with the member; notification delivers it. */
    @Transactional
    public void messageMember(IncidentId id, String text) {
        Actor actor = access.require(Permission.INCIDENT_MANAGE, "write to the member");
        Incident incident = lifecycle.get(id);
        if (incident.organisation() == null && incident.forwardedTo() == null) {
            throw new InvalidInputException("organisation", "No member is concerned yet.");
        }
        String body = text(text);
        incidents.message(id, Audience.MEMBER, "ANALYST", actor.label(), body, null, lifecycle.now());
        lifecycle.step(id, "MESSAGE_TO_MEMBER", actor, null, Audience.MEMBER);
        lifecycle.audited(incident, actor, "message to member");
        lifecycle.publish(lifecycle.get(id), IncidentChanged.Kind.MESSAGE_TO_MEMBER, body, null);
    }

    /** A message to the reporters of the incident's reports, e-mailed in each reporter's language. */
    @Transactional
    public void messageReporter(IncidentId id, String text) {
        Actor actor = access.require(Permission.INCIDENT_MANAGE, "write to the reporter");
        Incident incident = lifecycle.get(id);
        String body = text(text);
        incidents.message(id, Audience.REPORTER, "ANALYST", actor.label(), body, null, lifecycle.now());
        for (String[] reporter : reports.reportersOf(id)) {
            mail.messageToReporter(reporter[0], reporter[1], incident.number(), body);
        }
        lifecycle.step(id, "MESSAGE_TO_REPORTER", actor, null, Audience.REPORTER);
        lifecycle.audited(incident, actor, "message to reporter");
    }

    /** Merges a duplicate into another incident: reports, messages, evidence and files move; the duplicate closes. */
    @Transactional
    public Incident merge(IncidentId duplicate, IncidentId into) {
        Actor actor = access.require(Permission.INCIDENT_MANAGE, "merge incidents");
        if (duplicate.equals(into)) {
            throw new InvalidInputException("into", "An incident cannot be merged into itself.");
        }
        Incident from = lifecycle.get(duplicate);
        Incident target = lifecycle.get(into);
        if (from.mergedInto() != null || target.mergedInto() != null) {
            throw new InvalidInputException("into", "One of these incidents was merged already.");
        }
        var at = lifecycle.now();
        reports.moveReports(duplicate, into);
        incidents.moveMessagesAndTimeline(duplicate, into);
        incidents.mergeInto(duplicate, into, at);
        lifecycle.step(duplicate, "MERGED_INTO", actor, target.number(), Audience.MEMBER);
        lifecycle.step(into, "MERGED", actor, from.number(), Audience.MEMBER);
        lifecycle.audited(from, actor, "merged", "into", target.number());
        lifecycle.audited(target, actor, "received merge", "from", from.number());
        lifecycle.publish(lifecycle.get(duplicate), IncidentChanged.Kind.STATE_CHANGED, null, null);
        return lifecycle.get(into);
    }

    /** Hands the incident to a registered CSIRT, which then sees it among its own. */
    @Transactional
    public Incident forwardToCsirt(IncidentId id, OrganisationId csirt, @Nullable String note) {
        Actor actor = access.require(Permission.INCIDENT_MANAGE, "forward an incident to a CSIRT");
        lifecycle.get(id);
        Organisation team = organisations.findForSystem(csirt).filter(o -> o.kind() == OrganisationKind.CSIRT)
                .orElseThrow(() -> new InvalidInputException("csirt", "That is not a registered CSIRT."));
        return lifecycle.forward(id, team.id(), actor, blankToNull(note));
    }

    /** Adds feed events as evidence; already present ones are skipped. */
    @Transactional
    public int addEvidence(IncidentId id, List<EventRef> events) {
        Actor actor = access.require(Permission.INCIDENT_MANAGE, "add evidence to an incident");
        Incident incident = lifecycle.get(id);
        checkEvents(events);
        int added = incidents.addEvidence(id, events, lifecycle.now());
        lifecycle.step(id, "EVIDENCE_ADDED", actor, added + " event(s)", Audience.MEMBER);
        lifecycle.audited(incident, actor, "evidence added", "events", added);
        return added;
    }

    /** Opens an incident from a selection of feed events. */
    @Transactional
    public Incident openFromEvents(List<EventRef> events, TriageDecision decision) {
        Actor actor = access.require(Permission.INCIDENT_MANAGE, "open an incident from events");
        checkEvents(events);
        if (events.isEmpty()) {
            throw new InvalidInputException("events", "Select at least one event.");
        }
        Classification classification = lifecycle.classification(decision.classificationType());
        String title = decision.title() != null && !decision.title().isBlank() ? decision.title()
                : classification.type() + ": " + events.size() + " event(s)";
        Incident incident = lifecycle.open(title, classification, decision.tlp(), decision.severity(),
                organisation(decision.organisation()), actor);
        incidents.addEvidence(incident.id(), events, lifecycle.now());
        lifecycle.step(incident.id(), "EVIDENCE_ADDED", actor, events.size() + " event(s)", Audience.MEMBER);
        return lifecycle.get(incident.id());
    }

    /** Stores a file on the incident (analysts may share it with the member; a member's file is shared). */
    @Transactional
    public AttachmentInfo addAttachment(IncidentId id, Upload upload, boolean sharedWithMember) {
        Actor actor = access.requireAny("add a file to an incident", Permission.INCIDENT_MANAGE,
                Permission.INCIDENT_ACT_OWN);
        Incident incident = visible(actor, find(id.toString()), "add a file to this incident");
        long limit = properties.maxAttachmentSize().toBytes();
        if (upload.content().length > limit) {
            throw new ReportTooLargeException(limit);
        }
        if (upload.content().length == 0) {
            throw new InvalidInputException("file", "The file is empty.");
        }
        boolean shared = sharedWithMember || !actor.has(Permission.INCIDENT_MANAGE);
        AttachmentInfo info = incidents.addAttachment(id, clipName(upload.filename()), Sniffer.sniff(upload.content()),
                upload.content(), shared, actor.label(), lifecycle.now());
        lifecycle.step(id, "ATTACHMENT_ADDED", actor, info.filename(), shared ? Audience.MEMBER : Audience.INTERNAL);
        lifecycle.audited(incident, actor, "attachment added", "sha256", info.sha256(), "type", info.sniffedType());
        return info;
    }

    // ---- the member's side

    /** The member confirms it got the notification and is on it. */
    @Transactional
    public Incident acknowledge(IncidentId id, @Nullable String note) {
        Actor actor = memberAction(id, "acknowledge this incident");
        if (note != null && !note.isBlank()) {
            incidents.message(id, Audience.MEMBER, "MEMBER", actor.label(), note.strip(), null, lifecycle.now());
        }
        return lifecycle.move(id, IncidentState.ACKNOWLEDGED, actor, null);
    }

    /** The member answers the WARP. */
    @Transactional
    public void reply(IncidentId id, String text) {
        Actor actor = memberAction(id, "reply on this incident");
        Incident incident = lifecycle.get(id);
        incidents.message(id, Audience.MEMBER, actor.has(Permission.INCIDENT_MANAGE) ? "ANALYST" : "MEMBER",
                actor.label(), text(text), null, lifecycle.now());
        lifecycle.step(id, "MEMBER_REPLIED", actor, null, Audience.MEMBER);
        lifecycle.audited(incident, actor, "member reply");
    }

    /** The member says the problem is fixed. */
    @Transactional
    public Incident resolve(IncidentId id, @Nullable String note) {
        Actor actor = memberAction(id, "mark this incident resolved");
        Incident incident = lifecycle.get(id);
        if (!MEMBER_CLOSABLE.contains(incident.state()) && !actor.has(Permission.INCIDENT_MANAGE)) {
            throw new lat.warp.reporting.IllegalTransitionException(incident.state(), IncidentState.RESOLVED);
        }
        if (note != null && !note.isBlank()) {
            incidents.message(id, Audience.MEMBER, "MEMBER", actor.label(), note.strip(), null, lifecycle.now());
        }
        return lifecycle.move(id, IncidentState.RESOLVED, actor, null);
    }

    /** The member asks the WARP for advice: a flag the analysts' queue shows, and the question as a message. */
    @Transactional
    public Incident askAdvice(IncidentId id, String question) {
        Actor actor = memberAction(id, "ask for advice on this incident");
        Incident incident = lifecycle.get(id);
        incidents.message(id, Audience.MEMBER, "MEMBER", actor.label(), text(question), null, lifecycle.now());
        incidents.adviceRequested(id, lifecycle.now());
        lifecycle.step(id, "ADVICE_REQUESTED", actor, null, Audience.MEMBER);
        lifecycle.audited(incident, actor, "advice requested");
        return lifecycle.get(id);
    }

    // ---- access

    private Actor memberAction(IncidentId id, String useCase) {
        Actor actor = access.requireAny(useCase, Permission.INCIDENT_MANAGE, Permission.INCIDENT_ACT_OWN);
        visible(actor, find(id.toString()), useCase);
        return actor;
    }

    /**
     * The one rule of who sees an incident: analysts every one; a member or CSIRT those concerning its
     * organisation once notified, and those forwarded to it. Anything else is audited as refused and
     * answered as not found.
     */
    private Incident visible(Actor actor, Incident incident, String useCase) {
        if (actor.has(Permission.INCIDENT_MANAGE)) {
            return incident;
        }
        boolean own = actor.has(Permission.INCIDENT_ACT_OWN) && ((incident.organisation() != null
                && actor.belongsTo(OrganisationId.of(incident.organisation())) && incident.notifiedAt() != null)
                || (incident.forwardedTo() != null && actor.belongsTo(OrganisationId.of(incident.forwardedTo()))));
        if (!own) {
            try {
                access.refuse(useCase, "incident " + incident.number() + " does not concern the organisation");
            } catch (AccessDeniedException e) {
                throw new NotFoundException("No such incident.");
            }
        }
        return incident;
    }

    private Incident find(String idOrNumber) {
        String key = idOrNumber == null ? "" : idOrNumber.strip();
        var now = lifecycle.now();
        if (key.toUpperCase(java.util.Locale.ROOT).startsWith("WARP-")) {
            return incidents.findByNumber(key.toUpperCase(java.util.Locale.ROOT), now)
                    .orElseThrow(() -> new NotFoundException("No such incident."));
        }
        try {
            return incidents.find(new IncidentId(UUID.fromString(key)), now)
                    .orElseThrow(() -> new NotFoundException("No such incident."));
        } catch (IllegalArgumentException e) {
            throw new NotFoundException("No such incident.");
        }
    }

    private @Nullable OrganisationId organisation(@Nullable String id) {
        if (id == null || id.isBlank()) {
            return null;
        }
        OrganisationId organisation;
        try {
            organisation = OrganisationId.of(id.strip());
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("organisation", "Not an organisation id.");
        }
        organisations.findForSystem(organisation)
                .orElseThrow(() -> new InvalidInputException("organisation", "No such organisation."));
        return organisation;
    }

    private static @Nullable OrganisationId organisationOf(Incident incident) {
        return incident.organisation() == null ? null : OrganisationId.of(incident.organisation());
    }

    private static void checkEvents(List<EventRef> events) {
        if (events.size() > 10_000) {
            throw new InvalidInputException("events", "At most 10,000 events at once.");
        }
        for (EventRef e : events) {
            if (e == null || e.timeSource() == null || e.classificationType() == null
                    || e.classificationType().isBlank()) {
                throw new InvalidInputException("events", "Each event needs its time.source and classification.type.");
            }
        }
    }

    private static String text(@Nullable String text) {
        if (text == null || text.isBlank()) {
            throw new InvalidInputException("text", "Write something.");
        }
        if (text.length() > 100_000) {
            throw new InvalidInputException("text", "At most 100,000 characters.");
        }
        return text.strip();
    }

    private static @Nullable String blankToNull(@Nullable String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    private static @Nullable String clipName(@Nullable String name) {
        if (name == null) {
            return null;
        }
        String base = name.replace('\\', '/');
        base = base.substring(base.lastIndexOf('/') + 1).replaceAll("[\\p{Cntrl}\"]", "_");
        return base.length() > 200 ? base.substring(0, 200) : base;
    }
}
