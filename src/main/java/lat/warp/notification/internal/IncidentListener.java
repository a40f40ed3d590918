package lat.warp.notification.internal;

import java.util.List;
import lat.warp.notification.Notice;
import lat.warp.reporting.IncidentChanged;
import lat.warp.reporting.Severity;
import lat.warp.shared.Actors;
import lat.warp.reporting.Incidents;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Tells the member when reporting changes one of its incidents. An {@link ApplicationModuleListener}:
 * it runs after reporting's transaction commits, in a transaction of its own, and Spring Modulith's JDBC
 * event publication registry keeps the event until this listener has completed, re-publishing it after a
 * crash or restart (ADR 0013). A re-published event queues nothing twice: every delivery's key is derived
 * from the event.
 */
@Component
class IncidentListener {

    private static final Logger log = LoggerFactory.getLogger(IncidentListener.class);

    private final NotificationService notifications;
    private final Incidents incidents;
    private final TransactionTemplate separate;

    IncidentListener(NotificationService notifications, Incidents incidents, PlatformTransactionManager transactions) {
        this.notifications = notifications;
        this.incidents = incidents;
        this.separate = new TransactionTemplate(transactions);
        this.separate.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.separate.setReadOnly(true);
    }

    @ApplicationModuleListener
    void on(IncidentChanged event) {
        if (event.organisation() == null) {
            return;
        }
        Notice.Kind kind = event.kind() == IncidentChanged.Kind.MESSAGE_TO_MEMBER ? Notice.Kind.INCIDENT_MESSAGE
                : Notice.Kind.INCIDENT;
        boolean acknowledgeable = event.kind() != IncidentChanged.Kind.STATE_CHANGED;
        lat.warp.reporting.Incident incident = read(event);
        if (incident != null && event.kind() == IncidentChanged.Kind.STATE_CHANGED && incident.forwardedTo() == null
                && (incident.notifiedAt() == null || event.at().isBefore(incident.notifiedAt()))) {
            // Triaged, closed or rejected before the member was ever told: not the member's business yet
            // (reporting shows a member an incident only once notified).
            return;
        }
        String title = incident != null && !incident.title().isBlank() ? incident.title()
                : event.number() + (event.classificationType() == null ? "" : " · " + event.classificationType())
                        + " · " + event.state();
        Severity severity;
        try {
            severity = Severity.parse(event.severity());
        } catch (RuntimeException e) {
            severity = Severity.MEDIUM;
        }
        StoredMessage message = new StoredMessage(
                "incident:" + event.incident() + ":" + event.kind() + ":" + event.at().toEpochMilli(),
                event.organisation().toString(), kind.name(), event.number(), event.tlp().name(), severity.name(), title,
                event.message() == null ? "" : event.message(), event.classificationType(),
                "/incidents/" + event.incident(), List.of(), acknowledgeable, List.of(), null, null,
                event.incident().toString());
        Actors.runAsSystem("notification", () -> notifications.decide(message, kind, event.organisation()));
    }

    /**
     * The incident, read through reporting as the system in a transaction of its own (so that an incident
     * that cannot be read does not spoil this one); null if it cannot be read.
     */
    private lat.warp.reporting.@org.jspecify.annotations.Nullable Incident read(IncidentChanged event) {
        try {
            return separate.execute(s -> Actors.runAsSystem("notification: incident",
                    () -> incidents.get(event.incident()).incident()));
        } catch (RuntimeException e) {
            log.debug("Incident {} not readable: {}", event.number(), e.toString());
            return null;
        }
    }
}
