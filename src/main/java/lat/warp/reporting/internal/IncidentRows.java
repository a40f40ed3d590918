package lat.warp.reporting.internal;

import static lat.warp.reporting.internal.ReportRows.instant;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import lat.warp.events.Tlp;
import lat.warp.reporting.AttachmentContent;
import lat.warp.reporting.AttachmentInfo;
import lat.warp.reporting.Audience;
import lat.warp.reporting.EventRef;
import lat.warp.reporting.Incident;
import lat.warp.reporting.IncidentId;
import lat.warp.reporting.IncidentMessage;
import lat.warp.reporting.IncidentState;
import lat.warp.reporting.Severity;
import lat.warp.reporting.SlaClock;
import lat.warp.reporting.TimelineEntry;
import lat.warp.shared.OrganisationId;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Incidents and what hangs off them: timeline, messages, attachments, evidence, hand-offs. */
@Repository
public class IncidentRows {

    private static final String SELECT = """
            select i.*, (select name from organisations o where o.id = i.organisation_id) as organisation_name,
                   (select name from organisations o where o.id = i.forwarded_to) as forwarded_name
            from incidents i""";

    private final JdbcClient jdbc;
    private final ReportingProperties properties;

    IncidentRows(JdbcClient jdbc, ReportingProperties properties) {
        this.jdbc = jdbc;
        this.properties = properties;
    }

    /** The next number of the year, {@code WARP-YYYY-NNNNNN}: unique, from a per-year counter row. */
    public String nextNumber(int year) {
        int n = jdbc.sql("""
                insert into incident_counters (year, last) values (?, 1)
                on conflict (year) do update set last = incident_counters.last + 1 returning last""")
                .param(year).query(Integer.class).single();
        return "WARP-%04d-%06d".formatted(year, n);
    }

    public void insert(IncidentId id, String number, IncidentState state, Tlp tlp, Severity severity,
            @Nullable String taxonomy, @Nullable String type, String title, @Nullable OrganisationId organisation,
            Instant at) {
        jdbc.sql("""
                insert into incidents (id, number, state, tlp, severity, classification_taxonomy, classification_type,
                    title, organisation_id, created_at, updated_at, last_report_at, triaged_at)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(id.value(), number, state.name(), tlp.name(), severity.name(), taxonomy, type, title,
                        organisation == null ? null : organisation.value(), Timestamp.from(at), Timestamp.from(at),
                        Timestamp.from(at), state == IncidentState.TRIAGED ? Timestamp.from(at) : null)
                .update();
    }

    public Optional<Incident> find(IncidentId id, Instant now) {
        return jdbc.sql(SELECT + " where i.id = ?").param(id.value()).query((rs, n) -> map(rs, now)).optional();
    }

    public Optional<Incident> findByNumber(String number, Instant now) {
        return jdbc.sql(SELECT + " where i.number = ?").param(number).query((rs, n) -> map(rs, now)).optional();
    }

    /** Locks the row for a change. */
    public void lock(IncidentId id) {
        jdbc.sql("select id from incidents where id = ? for update").param(id.value()).query(UUID.class).optional();
    }

    /** The open incident a new report about this member and classification joins. */
    public Optional<IncidentId> openFor(OrganisationId organisation, String type, Instant since) {
        return jdbc.sql("""
                select id from incidents
                where organisation_id = ? and classification_type = ? and last_report_at >= ?
                  and state not in ('RESOLVED', 'CLOSED', 'REJECTED') and merged_into is null
                order by last_report_at desc limit 1""")
                .params(organisation.value(), type, Timestamp.from(since)).query(UUID.class).optional()
                .map(IncidentId::new);
    }

    /**
     * A page of incidents.
     *
     * @param visibleTo null for every incident (analysts); else the organisation, which sees the incidents
     *        concerning it once it has been notified, and those forwarded to it
     */
    public List<Incident> list(@Nullable OrganisationId visibleTo, @Nullable IncidentState state, boolean overdueOnly,
            int offset, int limit, Instant now) {
        Where where = where(visibleTo, state, overdueOnly, now);
        List<Object> params = new ArrayList<>(where.params());
        params.add(limit);
        params.add(offset);
        return jdbc.sql(SELECT + where.sql() + " order by i.updated_at desc, i.id limit ? offset ?").params(params)
                .query((rs, n) -> map(rs, now)).list();
    }

    public long count(@Nullable OrganisationId visibleTo, @Nullable IncidentState state, boolean overdueOnly,
            Instant now) {
        Where where = where(visibleTo, state, overdueOnly, now);
        return jdbc.sql("select count(*) from incidents i" + where.sql()).params(where.params()).query(Long.class)
                .single();
    }

    private record Where(String sql, List<Object> params) {
    }

    private Where where(@Nullable OrganisationId visibleTo, @Nullable IncidentState state, boolean overdueOnly,
            Instant now) {
        StringBuilder sql = new StringBuilder(" where true");
        List<Object> params = new ArrayList<>();
        if (visibleTo != null) {
            sql.append(" and ((i.organisation_id = ? and i.notified_at is not null) or i.forwarded_to = ?)");
            params.add(visibleTo.value());
            params.add(visibleTo.value());
        }
        if (state != null) {
            sql.append(" and i.state = ?");
            params.add(state.name());
        }
        if (overdueOnly) {
            ReportingProperties.Sla sla = properties.sla();
            sql.append(" ").append("""
                    and ((i.state in ('NEW', 'REOPENED') and i.triaged_at is null and i.created_at < ?)
                       or (i.state in ('NEW', 'TRIAGED', 'REOPENED') and i.notified_at is null and i.created_at < ?)
                       or (i.state = 'NOTIFIED' and i.acknowledged_at is null and i.notified_at < ?))""");
            params.add(Timestamp.from(now.minus(sla.triage())));
            params.add(Timestamp.from(now.minus(sla.notification())));
            params.add(Timestamp.from(now.minus(sla.acknowledge())));
        }
        return new Where(sql.toString(), params);
    }

    /** Moves the state and stamps the time of the step it reaches. */
    public void setState(IncidentId id, IncidentState state, Instant at) {
        String stamp = switch (state) {
            case TRIAGED -> ", triaged_at = coalesce(triaged_at, :at)";
            case NOTIFIED -> ", notified_at = coalesce(notified_at, :at)";
            case ACKNOWLEDGED -> ", acknowledged_at = :at";
            case RESOLVED -> ", resolved_at = :at";
            case CLOSED, REJECTED -> ", closed_at = :at";
            case REOPENED -> ", resolved_at = null, closed_at = null, acknowledged_at = null";
            default -> "";
        };
        jdbc.sql("update incidents set state = :state, updated_at = :at" + stamp + " where id = :id")
                .param("state", state.name()).param("at", Timestamp.from(at)).param("id", id.value()).update();
    }

    public void classify(IncidentId id, String taxonomy, String type, Tlp tlp, Severity severity,
            @Nullable OrganisationId organisation, @Nullable String title, Instant at) {
        jdbc.sql("""
                update incidents set classification_taxonomy = ?, classification_type = ?, tlp = ?, severity = ?,
                    organisation_id = coalesce(?, organisation_id), title = coalesce(?, title), updated_at = ?
                where id = ?""")
                .params(taxonomy, type, tlp.name(), severity.name(), organisation == null ? null : organisation.value(),
                        title, Timestamp.from(at), id.value())
                .update();
    }

    public void touchReport(IncidentId id, Instant at) {
        jdbc.sql("update incidents set last_report_at = greatest(last_report_at, ?), updated_at = ? where id = ?")
                .params(Timestamp.from(at), Timestamp.from(at), id.value()).update();
    }

    public void touch(IncidentId id, Instant at) {
        jdbc.sql("update incidents set updated_at = ? where id = ?").params(Timestamp.from(at), id.value()).update();
    }

    public void assign(IncidentId id, @Nullable UUID user, @Nullable String label, Instant at) {
        jdbc.sql("update incidents set assignee = ?, assignee_label = ?, updated_at = ? where id = ?")
                .params(user, label, Timestamp.from(at), id.value()).update();
    }

    public void adviceRequested(IncidentId id, Instant at) {
        jdbc.sql("update incidents set advice_requested = true, updated_at = ? where id = ?")
                .params(Timestamp.from(at), id.value()).update();
    }

    public void forward(IncidentId id, OrganisationId csirt, String by, @Nullable String note, Instant at) {
        jdbc.sql("update incidents set forwarded_to = ?, updated_at = ? where id = ?")
                .params(csirt.value(), Timestamp.from(at), id.value()).update();
        jdbc.sql("insert into incident_forwards (id, incident_id, csirt_id, forwarded_at, forwarded_by, note) "
                + "values (?, ?, ?, ?, ?, ?)")
                .params(UUID.randomUUID(), id.value(), csirt.value(), Timestamp.from(at), by, note).update();
    }

    public void mergeInto(IncidentId duplicate, IncidentId target, Instant at) {
        jdbc.sql("update incidents set merged_into = ?, state = 'CLOSED', closed_at = ?, updated_at = ? where id = ?")
                .params(target.value(), Timestamp.from(at), Timestamp.from(at), duplicate.value()).update();
        jdbc.sql("""
                insert into incident_evidence (incident_id, time_source, source_ip, classification_type, feed_name, added_at)
                select ?, time_source, source_ip, classification_type, feed_name, added_at from incident_evidence
                where incident_id = ? on conflict do nothing""").params(target.value(), duplicate.value()).update();
        jdbc.sql("update incident_attachments set incident_id = ? where incident_id = ?")
                .params(target.value(), duplicate.value()).update();
        jdbc.sql("update incidents set last_report_at = greatest(last_report_at, ?), updated_at = ? where id = ?")
                .params(Timestamp.from(at), Timestamp.from(at), target.value()).update();
    }

    // ---- timeline and messages

    public void timeline(IncidentId id, Instant at, String kind, String actorLabel, @Nullable String detail,
            Audience audience) {
        jdbc.sql("insert into incident_timeline (incident_id, at, kind, actor_label, detail, audience) "
                + "values (?, ?, ?, ?, ?, ?)")
                .params(id.value(), Timestamp.from(at), kind, actorLabel, ReportRows.clip(detail, 500), audience.name())
                .update();
    }

    public List<TimelineEntry> timeline(IncidentId id, List<Audience> audiences) {
        return jdbc.sql("select at, kind, actor_label, detail, audience from incident_timeline "
                + "where incident_id = ? and audience = any(?) order by at, id")
                .params(id.value(), audiences.stream().map(Enum::name).toArray(String[]::new))
                .query((rs, n) -> new TimelineEntry(instant(rs, "at"), rs.getString("kind"), rs.getString("actor_label"),
                        rs.getString("detail"), Audience.valueOf(rs.getString("audience"))))
                .list();
    }

    public void message(IncidentId id, Audience audience, String author, String authorLabel, String body,
            @Nullable UUID report, Instant at) {
        jdbc.sql("insert into incident_messages (id, incident_id, audience, author, author_label, body, report_id, "
                + "created_at) values (?, ?, ?, ?, ?, ?, ?, ?)")
                .params(UUID.randomUUID(), id.value(), audience.name(), author, authorLabel, body, report,
                        Timestamp.from(at))
                .update();
    }

    public List<IncidentMessage> messages(IncidentId id, List<Audience> audiences) {
        return jdbc.sql("select id, audience, author, author_label, body, created_at from incident_messages "
                + "where incident_id = ? and audience = any(?) order by created_at, id")
                .params(id.value(), audiences.stream().map(Enum::name).toArray(String[]::new))
                .query((rs, n) -> new IncidentMessage(rs.getString("id"), Audience.valueOf(rs.getString("audience")),
                        rs.getString("author"), rs.getString("author_label"), rs.getString("body"),
                        instant(rs, "created_at")))
                .list();
    }

    public void moveMessagesAndTimeline(IncidentId from, IncidentId to) {
        jdbc.sql("update incident_messages set incident_id = ? where incident_id = ?").params(to.value(), from.value())
                .update();
    }

    // ---- attachments and evidence

    public AttachmentInfo addAttachment(IncidentId id, @Nullable String filename, String sniffedType, byte[] content,
            boolean sharedWithMember, String by, Instant at) {
        UUID attachment = UUID.randomUUID();
        String sha = Secrets.sha256Hex(content);
        jdbc.sql("""
                insert into incident_attachments (id, incident_id, filename, sniffed_type, size_bytes, sha256, content,
                    shared_with_member, created_by, created_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(attachment, id.value(), ReportRows.clip(filename, 255), sniffedType, (long) content.length, sha,
                        content, sharedWithMember, by, Timestamp.from(at))
                .update();
        return new AttachmentInfo(attachment.toString(), filename, sniffedType, content.length, sha, sharedWithMember,
                at);
    }

    public List<AttachmentInfo> attachments(IncidentId id, boolean sharedOnly) {
        return jdbc.sql("select id, filename, sniffed_type, size_bytes, sha256, shared_with_member, created_at "
                + "from incident_attachments where incident_id = ?" + (sharedOnly ? " and shared_with_member" : "")
                + " order by created_at").param(id.value())
                .query((rs, n) -> attachmentInfo(rs)).list();
    }

    public Optional<AttachmentContent> attachment(IncidentId id, UUID attachment) {
        return jdbc.sql("select id, filename, sniffed_type, size_bytes, sha256, shared_with_member, created_at, content "
                + "from incident_attachments where incident_id = ? and id = ?").params(id.value(), attachment)
                .query((rs, n) -> new AttachmentContent(attachmentInfo(rs), rs.getBytes("content"))).optional();
    }

    private static AttachmentInfo attachmentInfo(ResultSet rs) throws SQLException {
        return new AttachmentInfo(rs.getString("id"), rs.getString("filename"), rs.getString("sniffed_type"),
                rs.getLong("size_bytes"), rs.getString("sha256"), rs.getBoolean("shared_with_member"),
                instant(rs, "created_at"));
    }

    public int addEvidence(IncidentId id, List<EventRef> events, Instant at) {
        int added = 0;
        for (EventRef e : events) {
            added += jdbc.sql("""
                    insert into incident_evidence (incident_id, time_source, source_ip, classification_type, feed_name,
                        added_at) values (?, ?, ?, ?, ?, ?) on conflict do nothing""")
                    .params(id.value(), Timestamp.from(e.timeSource()), e.sourceIp() == null ? "" : e.sourceIp(),
                            e.classificationType(), e.feedName(), Timestamp.from(at))
                    .update();
        }
        return added;
    }

    public List<EventRef> evidence(IncidentId id) {
        return jdbc.sql("select time_source, source_ip, classification_type, feed_name from incident_evidence "
                + "where incident_id = ? order by time_source").param(id.value())
                .query((rs, n) -> new EventRef(instant(rs, "time_source"),
                        rs.getString("source_ip").isEmpty() ? null : rs.getString("source_ip"),
                        rs.getString("classification_type"), rs.getString("feed_name")))
                .list();
    }

    // ---- mapping

    private Incident map(ResultSet rs, Instant now) throws SQLException {
        IncidentState state = IncidentState.valueOf(rs.getString("state"));
        Instant created = instant(rs, "created_at");
        Instant triaged = instant(rs, "triaged_at");
        Instant notified = instant(rs, "notified_at");
        Instant acknowledged = instant(rs, "acknowledged_at");
        UUID mergedInto = rs.getObject("merged_into", UUID.class);
        return new Incident(new IncidentId(rs.getObject("id", UUID.class)), rs.getString("number"), state,
                Tlp.valueOf(rs.getString("tlp")), Severity.valueOf(rs.getString("severity")),
                rs.getString("classification_taxonomy"), rs.getString("classification_type"), rs.getString("title"),
                rs.getString("organisation_id"), rs.getString("organisation_name"), rs.getString("forwarded_to"),
                rs.getString("forwarded_name"), rs.getString("assignee"), rs.getString("assignee_label"),
                rs.getBoolean("advice_requested"), mergedInto == null ? null : new IncidentId(mergedInto), created,
                instant(rs, "updated_at"), triaged, notified, acknowledged, instant(rs, "resolved_at"),
                instant(rs, "closed_at"), sla(state, created, triaged, notified, acknowledged, now));
    }

    /** The one place that computes the SLA clocks. */
    SlaClock sla(IncidentState state, Instant created, @Nullable Instant triaged, @Nullable Instant notified,
            @Nullable Instant acknowledged, Instant now) {
        ReportingProperties.Sla sla = properties.sla();
        Instant triageDue = (state == IncidentState.NEW || state == IncidentState.REOPENED) && triaged == null
                ? created.plus(sla.triage()) : null;
        Instant notifyDue = (state == IncidentState.NEW || state == IncidentState.TRIAGED
                || state == IncidentState.REOPENED) && notified == null ? created.plus(sla.notification()) : null;
        Instant acknowledgeDue = state == IncidentState.NOTIFIED && acknowledged == null && notified != null
                ? notified.plus(sla.acknowledge()) : null;
        boolean overdue = late(triageDue, now) || late(notifyDue, now) || late(acknowledgeDue, now);
        return new SlaClock(triageDue, notifyDue, acknowledgeDue, overdue);
    }

    private static boolean late(@Nullable Instant due, Instant now) {
        return due != null && due.isBefore(now);
    }

}
