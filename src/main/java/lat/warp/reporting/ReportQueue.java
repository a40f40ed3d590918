package lat.warp.reporting;

import java.util.List;
import java.util.UUID;
import lat.warp.access.AccessControl;
import lat.warp.audit.AuditAction;
import lat.warp.audit.AuditTrail;
import lat.warp.events.Classification;
import lat.warp.events.Tlp;
import lat.warp.registry.Organisation;
import lat.warp.registry.Organisations;
import lat.warp.reporting.internal.IncidentLifecycle;
import lat.warp.reporting.internal.IncidentRows;
import lat.warp.reporting.internal.ReportRows;
import lat.warp.shared.Actor;
import lat.warp.shared.InvalidInputException;
import lat.warp.shared.NotFoundException;
import lat.warp.shared.OrganisationId;
import lat.warp.shared.OrganisationKind;
import lat.warp.shared.Permission;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The analysts' queue of reports: read them (raw too), open an incident from one or add it to an existing
 * one, reject it as spam or out of scope, or hand it to the CSIRT of its country. Analysts only
 * ({@link Permission#INCIDENT_MANAGE}).
 */
@Service
public class ReportQueue {

    private final AccessControl access;
    private final AuditTrail audit;
    private final ReportRows reports;
    private final IncidentRows incidents;
    private final IncidentLifecycle lifecycle;
    private final Organisations organisations;

    ReportQueue(AccessControl access, AuditTrail audit, ReportRows reports, IncidentRows incidents,
            IncidentLifecycle lifecycle, Organisations organisations) {
        this.access = access;
        this.audit = audit;
        this.reports = reports;
        this.incidents = incidents;
        this.lifecycle = lifecycle;
        this.organisations = organisations;
    }

    /** Reports waiting for an analyst (QUEUED, and RECEIVED ones whose processing failed), oldest first. */
    @Transactional(readOnly = true)
    public List<Report> queue(int limit) {
        return list(List.of(ReportStatus.QUEUED, ReportStatus.RECEIVED), limit);
    }

    /** Reports in the given states, oldest first. */
    @Transactional(readOnly = true)
    public List<Report> list(List<ReportStatus> statuses, int limit) {
        access.require(Permission.INCIDENT_MANAGE, "read the report queue");
        audit.entry(AuditAction.CONFIDENTIAL_READ).object("reports", statuses.toString()).success();
        return reports.byStatus(statuses.isEmpty() ? List.of(ReportStatus.values()) : statuses,
                Math.clamp(limit, 1, 1_000)).stream().map(ReportRows.Row::report).toList();
    }

    @Transactional(readOnly = true)
    public Report get(ReportId id) {
        access.require(Permission.INCIDENT_MANAGE, "read a report");
        Report report = row(id).report();
        audit.entry(AuditAction.CONFIDENTIAL_READ).object("report", id).success();
        return report;
    }

    /** The report exactly as received (served as inert bytes). */
    @Transactional(readOnly = true)
    public AttachmentContent raw(ReportId id) {
        access.require(Permission.INCIDENT_MANAGE, "read a raw report");
        ReportRows.Row row = row(id);
        audit.entry(AuditAction.CONFIDENTIAL_READ).object("report", id).detail("raw", true).success();
        return new AttachmentContent(new AttachmentInfo(id.toString(), "report-" + id + ".raw", row.contentType(),
                row.raw().length, lat.warp.reporting.internal.Secrets.sha256Hex(row.raw()), false,
                row.report().receivedAt()), row.raw());
    }

    /** A file that came with a report. */
    @Transactional(readOnly = true)
    public AttachmentContent attachment(ReportId id, String attachmentId) {
        access.require(Permission.INCIDENT_MANAGE, "read a report's attachment");
        AttachmentContent content = reports.attachment(id, uuid(attachmentId))
                .orElseThrow(() -> new NotFoundException("No such attachment."));
        audit.entry(AuditAction.CONFIDENTIAL_READ).object("report", id).detail("attachment", attachmentId).success();
        return content;
    }

    /** Opens a new incident from the report, classified, with its TLP and severity. */
    @Transactional
    public Incident openIncident(ReportId id, TriageDecision decision) {
        Actor actor = access.require(Permission.INCIDENT_MANAGE, "open an incident");
        Report report = triageable(id);
        Classification classification = lifecycle.classification(decision.classificationType());
        OrganisationId organisation = organisation(decision.organisation(), report.attributedOrganisation());
        String title = decision.title() != null && !decision.title().isBlank() ? decision.title()
                : report.subject() == null ? "" : report.subject();
        Incident incident = lifecycle.open(title, classification, decision.tlp(), decision.severity(), organisation,
                actor);
        lifecycle.attachReport(incident.id(), id, actor, "opened from");
        return lifecycle.get(incident.id());
    }

    /** Adds the report to an existing incident (a duplicate, a follow-up). */
    @Transactional
    public Incident attachToIncident(ReportId id, IncidentId incident) {
        Actor actor = access.require(Permission.INCIDENT_MANAGE, "add a report to an incident");
        triageable(id);
        Incident target = lifecycle.get(incident);
        if (target.mergedInto() != null) {
            throw new InvalidInputException("incident", "That incident was merged into another; use that one.");
        }
        lifecycle.attachReport(incident, id, actor, "added by an analyst:");
        return lifecycle.get(incident);
    }

    /** Turns the report away as spam or out of scope; no incident, no answer. */
    @Transactional
    public Report reject(ReportId id, RejectReason reason, @Nullable String note) {
        Actor actor = access.require(Permission.INCIDENT_MANAGE, "reject a report");
        triageable(id);
        reports.reject(id, reason.name() + (note == null || note.isBlank() ? "" : ": " + note.strip()));
        audit.entry(AuditAction.REPORT_TRIAGED).actor(actor).object("report", id).detail("outcome", "rejected")
                .detail("reason", reason).success();
        return row(id).report();
    }

    /** The registered CSIRTs of the countries the report's addresses are in. */
    @Transactional(readOnly = true)
    public List<Organisation> csirtsFor(ReportId id) {
        access.require(Permission.INCIDENT_MANAGE, "find the CSIRTs for a report");
        List<String> countries = row(id).report().indicators().stream().map(ReportIndicator::country)
                .filter(c -> c != null && !c.isBlank()).distinct().toList();
        return countries.stream().flatMap(c -> organisations.findCsirtsForSystem(c).stream()).distinct().toList();
    }

    /**
     * Hands the report to a registered CSIRT: an incident is opened for it, the hand-off recorded, and
     * the CSIRT sees the incident among its own.
     */
    @Transactional
    public Incident forwardToCsirt(ReportId id, OrganisationId csirt, TriageDecision decision, @Nullable String note) {
        Actor actor = access.require(Permission.INCIDENT_MANAGE, "forward a report to a CSIRT");
        Report report = triageable(id);
        Organisation team = organisations.findForSystem(csirt)
                .filter(o -> o.kind() == OrganisationKind.CSIRT)
                .orElseThrow(() -> new InvalidInputException("csirt", "That is not a registered CSIRT."));
        Classification classification = lifecycle.classification(decision.classificationType());
        String title = decision.title() != null && !decision.title().isBlank() ? decision.title()
                : report.subject() == null ? "" : report.subject();
        Incident incident = lifecycle.open(title, classification, decision.tlp(), decision.severity(),
                organisation(decision.organisation(), report.attributedOrganisation()), actor);
        lifecycle.attachReport(incident.id(), id, actor, "opened from");
        reports.forwarded(id, incident.id());
        lifecycle.forward(incident.id(), team.id(), actor, note);
        return lifecycle.get(incident.id());
    }

    private Report triageable(ReportId id) {
        Report report = row(id).report();
        if (report.status() == ReportStatus.UNCONFIRMED) {
            throw new InvalidInputException("report", "The reporter has not confirmed the address yet.");
        }
        if (report.status() == ReportStatus.ATTACHED || report.status() == ReportStatus.FORWARDED) {
            throw new InvalidInputException("report", "The report is part of an incident already.");
        }
        return report;
    }

    private ReportRows.Row row(ReportId id) {
        return reports.find(id).orElseThrow(() -> new NotFoundException("No such report."));
    }

    private @Nullable OrganisationId organisation(@Nullable String chosen, @Nullable String attributed) {
        String id = chosen != null && !chosen.isBlank() ? chosen : attributed;
        if (id == null) {
            return null;
        }
        OrganisationId organisation;
        try {
            organisation = OrganisationId.of(id);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("organisation", "Not an organisation id.");
        }
        organisations.findForSystem(organisation)
                .orElseThrow(() -> new InvalidInputException("organisation", "No such organisation."));
        return organisation;
    }

    static UUID uuid(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw new NotFoundException("No such attachment.");
        }
    }

    static Tlp defaultTlp() {
        return Tlp.AMBER;
    }
}
