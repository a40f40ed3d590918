package lat.warp.notification;

import java.util.List;
import java.util.UUID;
import lat.warp.shared.OrganisationId;
import org.jspecify.annotations.Nullable;

/**
 * Telling members, and the log of what was told. Incidents reach it by the event
 * {@link lat.warp.reporting.IncidentChanged}; the warnings and brokering modules (not written yet) call
 * {@link #notify(Notice)}.
 */
public interface Notifications {

    /**
     * Decides, by the organisation's policy, whether and how to tell it, and queues the deliveries in the
     * caller's transaction (the outbox): a notice decided is never lost and, by its key, never queued twice.
     * A digest policy keeps the notice for the next digest. Needs {@code INCIDENT_MANAGE} or
     * {@code WARNING_WRITE} (or the system).
     *
     * @return the deliveries queued now (none when muted, below the minimum severity, or kept for a digest)
     */
    List<UUID> notify(Notice notice);

    /** An organisation's deliveries, newest first: its own ({@code ORGANISATION_READ_OWN}) or any ({@code NOTIFICATION_LOG_READ_ANY}). */
    List<Delivery> log(OrganisationId organisation, int limit);

    /** Every organisation's deliveries, newest first, optionally only one state (analysts). */
    List<Delivery> logOfAll(Delivery.@Nullable State state, int limit);

    /** Sends a parked delivery again from the first attempt (analysts). */
    Delivery retry(UUID delivery);
}
