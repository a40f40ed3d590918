package lat.warp.reporting;

import java.time.Instant;
import lat.warp.events.Tlp;
import lat.warp.shared.OrganisationId;
import org.jspecify.annotations.Nullable;

/**
 * Published in the transaction that changes an incident (Spring Modulith's event publication registry
 * keeps it until every listener has handled it). Notification decides from it whom to tell; it reads
 * whatever else it needs through the reporting API.
 *
 * @param incident the incident
 * @param number its public number, {@code WARP-YYYY-NNNNNN}
 * @param organisation the member (or CSIRT) concerned, null while nobody is
 * @param kind what happened
 * @param state the incident's state after the change, e.g. {@code NOTIFIED}
 * @param tlp its TLP
 * @param severity {@code LOW}, {@code MEDIUM}, {@code HIGH} or {@code CRITICAL}
 * @param classificationType the RSIT type, e.g. {@code phishing}, null until triaged
 * @param message the text shared with the member, for {@link Kind#MESSAGE_TO_MEMBER}; otherwise null
 * @param at when
 */
public record IncidentChanged(IncidentId incident, String number, @Nullable OrganisationId organisation, Kind kind,
        String state, Tlp tlp, String severity, @Nullable String classificationType, @Nullable String message,
        Instant at) {

    public enum Kind {
        /** The analyst asked for the member to be told (the incident becomes NOTIFIED). */
        MEMBER_NOTIFIED,
        /** The state changed in another way (acknowledged, resolved, closed, reopened, rejected). */
        STATE_CHANGED,
        /** An analyst wrote a message meant for the member. */
        MESSAGE_TO_MEMBER,
        /** The incident was handed to a CSIRT (the organisation is that CSIRT). */
        FORWARDED_TO_CSIRT
    }
}
