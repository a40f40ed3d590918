package lat.warp.notification;

import java.util.List;
import java.util.Map;
import lat.warp.events.Tlp;
import lat.warp.reporting.Severity;
import lat.warp.shared.OrganisationId;
import org.jspecify.annotations.Nullable;

/**
 * Something to tell one organisation, as another module hands it to {@link Notifications#notify}.
 *
 * @param key what makes it unique: the same key sent twice is notified once (e.g. {@code warning:<id>})
 * @param kind what it is, which picks the templates
 * @param reference the public reference shown in the subject, e.g. {@code WARP-2026-000123}
 * @param title one line, in the sender's words (it is not translated)
 * @param text the message for the member (not translated), may be empty
 * @param classificationType the RSIT type, linking the advice guide, null if none
 * @param link a page of the WARP about it, relative to the public URL (e.g. {@code /warnings/…}), null if none
 * @param events events to attach, each in IntelMQ's dotted form
 * @param acknowledgeable the message carries an acknowledgement link
 */
public record Notice(String key, OrganisationId organisation, Kind kind, String reference, Tlp tlp, Severity severity,
        String title, String text, @Nullable String classificationType, @Nullable String link,
        List<Map<String, Object>> events, boolean acknowledgeable) {

    public Notice {
        events = List.copyOf(events);
    }

    public enum Kind {
        /** An incident was opened or changed for the member. */
        INCIDENT,
        /** An analyst wrote to the member about an incident. */
        INCIDENT_MESSAGE,
        /** A warning targeted at the member (module warnings). */
        WARNING,
        /** A brokered item the member should see (module brokering). */
        BROKERED_ITEM,
        /** The digest of a period's events and notices. */
        DIGEST
    }
}
