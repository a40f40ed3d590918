package lat.warp.audit;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import lat.warp.shared.OrganisationId;
import org.jspecify.annotations.Nullable;

/**
 * Which entries to list; every criterion left empty matches everything.
 *
 * @param actorLabel part of the actor's label, ignoring case
 * @param from earliest time, inclusive
 * @param to latest time, exclusive
 */
public record AuditFilter(@Nullable AuditAction action, @Nullable AuditOutcome outcome, @Nullable String actorLabel,
        @Nullable OrganisationId organisation, @Nullable Instant from, @Nullable Instant to,
        @Nullable String objectType, @Nullable String objectId) {

    public AuditFilter {
        actorLabel = blankToNull(actorLabel);
        objectType = blankToNull(objectType);
        objectId = blankToNull(objectId);
    }

    public static AuditFilter everything() {
        return new AuditFilter(null, null, null, null, null, null, null, null);
    }

    public AuditFilter withAction(@Nullable AuditAction action) {
        return new AuditFilter(action, outcome, actorLabel, organisation, from, to, objectType, objectId);
    }

    public AuditFilter withOutcome(@Nullable AuditOutcome outcome) {
        return new AuditFilter(action, outcome, actorLabel, organisation, from, to, objectType, objectId);
    }

    public AuditFilter withActorLabel(@Nullable String actorLabel) {
        return new AuditFilter(action, outcome, actorLabel, organisation, from, to, objectType, objectId);
    }

    public AuditFilter withOrganisation(@Nullable OrganisationId organisation) {
        return new AuditFilter(action, outcome, actorLabel, organisation, from, to, objectType, objectId);
    }

    public AuditFilter withPeriod(@Nullable Instant from, @Nullable Instant to) {
        return new AuditFilter(action, outcome, actorLabel, organisation, from, to, objectType, objectId);
    }

    public AuditFilter withObject(@Nullable String objectType, @Nullable String objectId) {
        return new AuditFilter(action, outcome, actorLabel, organisation, from, to, objectType, objectId);
    }

    /** The criteria that are set, by name, for the entry that records the read. */
    public Map<String, String> describe() {
        Map<String, String> criteria = new LinkedHashMap<>();
        put(criteria, "action", action);
        put(criteria, "outcome", outcome);
        put(criteria, "actorLabel", actorLabel);
        put(criteria, "organisation", organisation);
        put(criteria, "from", from);
        put(criteria, "to", to);
        put(criteria, "objectType", objectType);
        put(criteria, "objectId", objectId);
        return criteria;
    }

    private static void put(Map<String, String> criteria, String name, @Nullable Object value) {
        if (value != null) {
            criteria.put(name, value.toString());
        }
    }

    private static @Nullable String blankToNull(@Nullable String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
