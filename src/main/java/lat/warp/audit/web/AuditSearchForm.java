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
 * The audit page's filter form, bound from GET parameters. A bean rather than a record: a value that
 * does not convert then leaves only its own field empty, not the whole form. Times are typed in UTC,
 * the zone the page shows them in, since auditors compare them across the region's time zones.
 */
public class AuditSearchForm {

    private @Nullable AuditAction action;
    private @Nullable AuditOutcome outcome;
    private @Nullable String actor;
    private @Nullable UUID organisation;
    @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME)
    private @Nullable LocalDateTime from;
    @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME)
    private @Nullable LocalDateTime to;
    private @Nullable String objectType;
    private @Nullable String objectId;
    private @Nullable Long before;

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

    public @Nullable AuditAction getAction() {
        return action;
    }

    public void setAction(@Nullable AuditAction action) {
        this.action = action;
    }

    public @Nullable AuditOutcome getOutcome() {
        return outcome;
    }

    public void setOutcome(@Nullable AuditOutcome outcome) {
        this.outcome = outcome;
    }

    public @Nullable String getActor() {
        return actor;
    }

    public void setActor(@Nullable String actor) {
        this.actor = actor;
    }

    public @Nullable UUID getOrganisation() {
        return organisation;
    }

    public void setOrganisation(@Nullable UUID organisation) {
        this.organisation = organisation;
    }

    public @Nullable LocalDateTime getFrom() {
        return from;
    }

    public void setFrom(@Nullable LocalDateTime from) {
        this.from = from;
    }

    public @Nullable LocalDateTime getTo() {
        return to;
    }

    public void setTo(@Nullable LocalDateTime to) {
        this.to = to;
    }

    public @Nullable String getObjectType() {
        return objectType;
    }

    public void setObjectType(@Nullable String objectType) {
        this.objectType = objectType;
    }

    public @Nullable String getObjectId() {
        return objectId;
    }

    public void setObjectId(@Nullable String objectId) {
        this.objectId = objectId;
    }

    public @Nullable Long getBefore() {
        return before;
    }

    public void setBefore(@Nullable Long before) {
        this.before = before;
    }
}
