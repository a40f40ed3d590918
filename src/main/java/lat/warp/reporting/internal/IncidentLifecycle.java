package lat.warp.reporting.internal;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;
import lat.warp.audit.AuditAction;
import lat.warp.audit.AuditTrail;
import lat.warp.events.Classification;
import lat.warp.events.Taxonomy;
import lat.warp.events.Tlp;
import lat.warp.reporting.Audience;
import lat.warp.reporting.IllegalTransitionException;
import lat.warp.reporting.Incident;
import lat.warp.reporting.IncidentChanged;
import lat.warp.reporting.IncidentId;
import lat.warp.reporting.IncidentState;
import lat.warp.reporting.ReportId;
import lat.warp.reporting.Severity;
import lat.warp.shared.Actor;
import lat.warp.shared.NotFoundException;
import lat.warp.shared.OrganisationId;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

/**
 * The changes every incident goes through, whoever asks for them: opening with a number, moving between
 * states (checked by {@link IncidentState}), attaching reports, and for each change its timeline step, its
 * audit entry and, where notification must know, an {@link IncidentChanged} in the same transaction.
 * Callers have already checked access.
 */
@Component
public class IncidentLifecycle {

    private final IncidentRows incidents;
    private final ReportRows reports;
    private final AuditTrail audit;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    private final Taxonomy taxonomy = Taxonomy.rsit();

    IncidentLifecycle(IncidentRows incidents, ReportRows reports, AuditTrail audit, ApplicationEventPublisher events,
            Clock clock) {
        this.incidents = incidents;
        this.reports = reports;
        this.audit = audit;
        this.events = events;
        this.clock = clock;
    }

    public Instant now() {
        return clock.instant();
    }

    /** The RSIT classification of a type, or an InvalidInputException naming the field. */
    public Classification classification(String type) {
        return taxonomy.normalise(null, type);
    }

    public @Nullable Classification classificationOrNull(@Nullable String type) {
        return type == null || type.isBlank() ? null : taxonomy.normaliseOrNull(null, type);
    }

    /** Opens an incident in state NEW, or TRIAGED when it is classified already. */
    public Incident open(String title, @Nullable Classification classification, Tlp tlp, Severity severity,
            @Nullable OrganisationId organisation, Actor actor) {
        Instant at = now();
        IncidentId id = new IncidentId(UUID.randomUUID());
        String number = incidents.nextNumber(at.atZone(ZoneOffset.UTC).getYear());
        incidents.insert(id, number, IncidentState.NEW, tlp, severity,
                classification == null ? null : classification.taxonomy(),
                classification == null ? null : classification.type(), clip(title), organisation, at);
        incidents.timeline(id, at, "OPENED", actor.label(), number, Audience.REPORTER);
        audit.entry(AuditAction.INCIDENT_CREATED).actor(actor).organisation(organisation).object("incident", id)
                .detail("number", number).detail("tlp", tlp.label()).detail("severity", severity)
                .detail("classification", classification == null ? null : classification.type()).success();
        if (classification != null) {
            move(id, IncidentState.TRIAGED, actor, null);
        }
        return get(id);
    }

    public Incident get(IncidentId id) {
        return incidents.find(id, now()).orElseThrow(() -> new NotFoundException("No such incident."));
    }

    /**
     * Moves the incident to the target state, refusing a move the state machine forbids.
     *
     * @return the incident after the move
     */
    public Incident move(IncidentId id, IncidentState target, Actor actor, @Nullable String note) {
        incidents.lock(id);
        Incident current = get(id);
        if (!current.state().canMoveTo(target)) {
            throw new IllegalTransitionException(current.state(), target);
        }
        Instant at = now();
        incidents.setState(id, target, at);
        incidents.timeline(id, at, target.name(), actor.label(), note, Audience.REPORTER);
        audit.entry(AuditAction.INCIDENT_CHANGED).actor(actor).organisation(current.organisation() == null ? null
                : OrganisationId.of(current.organisation())).object("incident", id).detail("number", current.number())
                .detail("from", current.state()).detail("to", target).success();
        Incident after = get(id);
        publish(after, target == IncidentState.NOTIFIED ? IncidentChanged.Kind.MEMBER_NOTIFIED
                : IncidentChanged.Kind.STATE_CHANGED, target == IncidentState.NOTIFIED ? note : null, null);
        return after;
    }

    /** Tells notification what happened; {@code to} overrides the organisation (a CSIRT for a hand-off). */
    public void publish(Incident incident, IncidentChanged.Kind kind, @Nullable String message,
            @Nullable OrganisationId to) {
        OrganisationId organisation = to != null ? to
                : incident.organisation() == null ? null : OrganisationId.of(incident.organisation());
        events.publishEvent(new IncidentChanged(incident.id(), incident.number(), organisation, kind,
                incident.state().name(), incident.tlp(), incident.severity().name(), incident.classificationType(),
                message, now()));
    }

    /** Adds a report to the incident, with a step only analysts see. */
    public void attachReport(IncidentId id, ReportId report, Actor actor, String how) {
        Instant at = now();
        reports.attach(report, id);
        incidents.touchReport(id, at);
        incidents.timeline(id, at, "REPORT_ATTACHED", actor.label(), how + " " + report, Audience.INTERNAL);
        audit.entry(AuditAction.REPORT_TRIAGED).actor(actor).object("report", report).detail("incident", id)
                .detail("how", how).success();
    }

    public void step(IncidentId id, String kind, Actor actor, @Nullable String detail, Audience audience) {
        Instant at = now();
        incidents.timeline(id, at, kind, actor.label(), detail, audience);
        incidents.touch(id, at);
    }

    public void audited(Incident incident, Actor actor, String what, Object... details) {
        var entry = audit.entry(AuditAction.INCIDENT_CHANGED).actor(actor)
                .organisation(incident.organisation() == null ? null : OrganisationId.of(incident.organisation()))
                .object("incident", incident.id()).detail("number", incident.number()).detail("change", what);
        for (int i = 0; i + 1 < details.length; i += 2) {
            entry.detail(String.valueOf(details[i]), details[i + 1]);
        }
        entry.success();
    }

    /**
     * Hands the incident to a CSIRT: recorded, on the timeline, and the incident counts as notified (the
     * CSIRT was told); notification hears {@code FORWARDED_TO_CSIRT} with the CSIRT as the organisation.
     */
    public Incident forward(IncidentId id, OrganisationId csirt, Actor actor, @Nullable String note) {
        incidents.lock(id);
        Incident current = get(id);
        Instant at = now();
        incidents.forward(id, csirt, actor.label(), note, at);
        if (current.state() == IncidentState.NEW) {
            throw new IllegalTransitionException(IncidentState.NEW, IncidentState.NOTIFIED);
        }
        if (current.state().canMoveTo(IncidentState.NOTIFIED)) {
            incidents.setState(id, IncidentState.NOTIFIED, at);
        }
        incidents.timeline(id, at, "FORWARDED", actor.label(), note, Audience.MEMBER);
        Incident after = get(id);
        audited(after, actor, "forwarded to a CSIRT", "csirt", csirt);
        publish(after, IncidentChanged.Kind.FORWARDED_TO_CSIRT, note, csirt);
        return after;
    }

    private static String clip(String title) {
        String t = title.isBlank() ? "(no subject)" : title.strip();
        return t.length() > 200 ? t.substring(0, 200) : t;
    }
}
