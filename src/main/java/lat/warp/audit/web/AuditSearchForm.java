package lat.warp.audit.web;

import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.UUID;
import lat.warp.audit.AuditAction;
import lat.warp.audit.AuditFilter;
import lat.warp.audit.AuditOutcome;
import lat.warp.shared.OrganisationId;
import org.jspecify.annotations.Nullable;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * The audit page's filter form, bound from GET parameters. Times are typed in UTC, the zone the
 * page shows them in, since auditors compare them across the region's time zones.
 */
record AuditSearchForm(@Nullable AuditAction action, @Nullable AuditOutcome outcome, @Nullable String actor,
        @Nullable UUID organisation,
        @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) @Nullable LocalDateTime from,
        @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) @Nullable LocalDateTime to,
        @Nullable String objectType, @Nullable String objectId, @Nullable Long before) {

    AuditFilter toFilter() {
        return new AuditFilter(action, outcome, actor, organisation == null ? null : new OrganisationId(organisation),
                from == null ? null : from.toInstant(ZoneOffset.UTC), to == null ? null : to.toInstant(ZoneOffset.UTC),
                objectType, objectId);
    }

    boolean filtered() {
        return !toFilter().describe().isEmpty();
    }

    /** The page's address with the same filters, starting before {@code before} (the newest page if none). */
    String link(@Nullable Long before) {
        UriComponentsBuilder link = UriComponentsBuilder.fromPath(AuditPageController.PATH);
        add(link, "action", action);
        add(link, "outcome", outcome);
        add(link, "actor", actor);
        add(link, "organisation", organisation);
        add(link, "from", from);
        add(link, "to", to);
        add(link, "objectType", objectType);
        add(link, "objectId", objectId);
        add(link, "before", before);
        return link.encode().build().toUriString();
    }

    private static void add(UriComponentsBuilder link, String name, @Nullable Object value) {
        if (value != null && !value.toString().isBlank()) {
            link.queryParam(name, value);
        }
    }
}
