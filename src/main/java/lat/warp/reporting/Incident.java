package lat.warp.reporting;

import java.time.Instant;
import lat.warp.events.Tlp;
import org.jspecify.annotations.Nullable;

/**
 * An incident (a case): reports and events about one member and one kind of problem.
 *
 * @param number its public number, {@code WARP-YYYY-NNNNNN}
 * @param classificationTaxonomy the RSIT class ({@code fraud}), null until triaged
 * @param classificationType the RSIT type ({@code phishing}), null until triaged
 * @param organisation the member (or CSIRT) concerned, null while nobody is
 * @param forwardedTo the CSIRT the incident was handed to, if any
 * @param assignee the analyst working on it
 * @param adviceRequested the member asked the WARP for advice
 * @param mergedInto the incident this duplicate was merged into
 */
public record Incident(IncidentId id, String number, IncidentState state, Tlp tlp, Severity severity,
        @Nullable String classificationTaxonomy, @Nullable String classificationType, String title,
        @Nullable String organisation, @Nullable String organisationName, @Nullable String forwardedTo,
        @Nullable String forwardedToName, @Nullable String assignee, @Nullable String assigneeLabel,
        boolean adviceRequested, @Nullable IncidentId mergedInto, Instant createdAt, Instant updatedAt,
        @Nullable Instant triagedAt, @Nullable Instant notifiedAt, @Nullable Instant acknowledgedAt,
        @Nullable Instant resolvedAt, @Nullable Instant closedAt, SlaClock sla) {

    public boolean overdue() {
        return sla.overdue();
    }
}
