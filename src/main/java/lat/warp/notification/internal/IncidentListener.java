package lat.warp.notification.internal;

import java.util.List;
import lat.warp.notification.Notice;
import lat.warp.reporting.IncidentChanged;
import lat.warp.reporting.Severity;
import lat.warp.shared.Actors;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;

/**
 * Tells the member when reporting changes one of its incidents. An {@link ApplicationModuleListener}:
 * it runs after reporting's transaction commits, in a transaction of its own, and Spring Modulith's JDBC
 * event publication registry keeps the event until this listener has completed, re-publishing it after a
 * crash or restart (ADR 0013). A re-published event queues nothing twice: every delivery's key is derived
 * from the event.
 */
@Component
class IncidentListener {

    private final NotificationService notifications;

    IncidentListener(NotificationService notifications) {
        this.notifications = notifications;
    }

    @ApplicationModuleListener
    void on(IncidentChanged event) {
        if (event.organisation() == null) {
            return;
        }
        Notice.Kind kind = event.kind() == IncidentChanged.Kind.MESSAGE_TO_MEMBER ? Notice.Kind.INCIDENT_MESSAGE
                : Notice.Kind.INCIDENT;
        boolean acknowledgeable = event.kind() != IncidentChanged.Kind.STATE_CHANGED;
        String title = event.number() + (event.classificationType() == null ? "" : " · " + event.classificationType())
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
}
