package lat.warp.reporting.internal;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import lat.warp.reporting.AttachmentInfo;
import lat.warp.reporting.AttachmentContent;
import lat.warp.reporting.IncidentId;
import lat.warp.reporting.Report;
import lat.warp.reporting.ReportChannel;
import lat.warp.reporting.ReportId;
import lat.warp.reporting.ReportIndicator;
import lat.warp.reporting.ReportStatus;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The reports table, with each report's indicators and attachments. */
@Repository
public class ReportRows {

    private final JdbcClient jdbc;

    ReportRows(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** A report as first stored: the raw bytes and how they came. */
    public record NewReport(ReportId id, ReportChannel channel, Instant receivedAt, byte[] raw, String contentType,
            @Nullable String messageId, ReportStatus status, @Nullable String subject, @Nullable String reporterEmail,
            @Nullable String reporterName, String language, @Nullable String clientAddress,
            @Nullable UUID submittedBy, @Nullable String submittedByLabel, @Nullable UUID submittedOrg,
            byte @Nullable [] emailTokenHash, byte[] trackingHash) {
    }

    /** What the triage code needs beyond the public record. */
    public record Row(Report report, byte[] raw, String contentType, ReportStatus status, @Nullable Instant emailConfirmedAt,
            @Nullable UUID submittedOrg) {
    }

    public void insert(NewReport r) {
        jdbc.sql("""
                insert into reports (id, channel, received_at, raw, raw_content_type, message_id, status, subject,
                    reporter_email, reporter_name, language, client_address, submitted_by, submitted_by_label,
                    submitted_org, email_token_hash, tracking_hash)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(r.id().value(), r.channel().name(), Timestamp.from(r.receivedAt()), r.raw(), r.contentType(),
                        clip(r.messageId(), 500), r.status().name(), clip(r.subject(), 500), clip(r.reporterEmail(), 320), r.reporterName(), r.language(),
                        r.clientAddress(), r.submittedBy(), r.submittedByLabel(), r.submittedOrg(), r.emailTokenHash(),
                        r.trackingHash())
                .update();
    }

    public boolean messageIdKnown(String messageId) {
        return jdbc.sql("select count(*) from reports where message_id = ?").param(messageId).query(Long.class)
                .single() > 0;
    }

    public long publicReportsSince(String clientAddress, Instant since) {
        return jdbc.sql("select count(*) from reports where channel = 'PUBLIC_FORM' and client_address = ? "
                + "and received_at >= ?").params(clientAddress, Timestamp.from(since)).query(Long.class).single();
    }

    public Optional<ReportId> confirmEmail(byte[] tokenHash, Instant at) {
        return jdbc.sql("""
                update reports set email_confirmed_at = coalesce(email_confirmed_at, ?), email_token_hash = null
                where email_token_hash = ? returning id""")
                .params(Timestamp.from(at), tokenHash).query(UUID.class).optional().map(ReportId::new);
    }

    public Optional<ReportId> findByTracking(byte[] trackingHash) {
        return jdbc.sql("select id from reports where tracking_hash = ?").param(trackingHash).query(UUID.class)
                .optional().map(ReportId::new);
    }

    public void setTracking(ReportId id, byte[] trackingHash) {
        jdbc.sql("update reports set tracking_hash = ? where id = ?").params(trackingHash, id.value()).update();
    }

    /** What the parser understood. */
    public void saveParsed(ReportId id, String format, @Nullable String subject, @Nullable String body,
            @Nullable String reporterEmail, @Nullable String reporterName, @Nullable String classificationHint,
            @Nullable Instant occurredAt, List<String> problems, @Nullable UUID attributedOrg, Instant at) {
        jdbc.sql("""
                update reports set format = ?, subject = coalesce(subject, ?), body = ?, reporter_email = coalesce(reporter_email, ?),
                    reporter_name = coalesce(reporter_name, ?), classification_hint = ?, occurred_at = ?,
                    problems = ?, attributed_org = ?, processed_at = ?
                where id = ?""")
                .params(format, clip(subject, 500), body, clip(reporterEmail, 320), clip(reporterName, 200),
                        classificationHint, occurredAt == null ? null : Timestamp.from(occurredAt),
                        problems.toArray(String[]::new), attributedOrg, Timestamp.from(at), id.value())
                .update();
    }

    public void addProblem(ReportId id, String problem) {
        jdbc.sql("update reports set problems = array_append(problems, ?) where id = ?").params(problem, id.value())
                .update();
    }

    public void setStatus(ReportId id, ReportStatus status) {
        jdbc.sql("update reports set status = ? where id = ?").params(status.name(), id.value()).update();
    }

    public void attach(ReportId id, IncidentId incident) {
        jdbc.sql("update reports set status = 'ATTACHED', incident_id = ? where id = ?")
                .params(incident.value(), id.value()).update();
    }

    public void forwarded(ReportId id, IncidentId incident) {
        jdbc.sql("update reports set status = 'FORWARDED', incident_id = ? where id = ?")
                .params(incident.value(), id.value()).update();
    }

    public void outOfRegion(ReportId id, String registries) {
        jdbc.sql("update reports set status = 'OUT_OF_REGION', out_of_region_registries = ? where id = ?")
                .params(registries, id.value()).update();
    }

    public void reject(ReportId id, String reason) {
        jdbc.sql("update reports set status = 'REJECTED', rejected_reason = ? where id = ?")
                .params(reason, id.value()).update();
    }

    public void moveReports(IncidentId from, IncidentId to) {
        jdbc.sql("update reports set incident_id = ? where incident_id = ?").params(to.value(), from.value()).update();
    }

    public void replaceIndicators(ReportId id, List<ReportIndicator> indicators) {
        jdbc.sql("delete from report_indicators where report_id = ?").param(id.value()).update();
        int position = 0;
        for (ReportIndicator i : indicators) {
            jdbc.sql("""
                    insert into report_indicators (report_id, position, kind, value, in_region, registry, holder_id,
                        holder_name, country) values (?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                    .params(id.value(), position++, i.kind(), clip(i.value(), 2000), i.inRegion(), i.registry(),
                            i.holderId() == null ? null : UUID.fromString(i.holderId()), i.holderName(), i.country())
                    .update();
        }
    }

    public void addAttachment(ReportId id, @Nullable String filename, String sniffedType, byte[] content) {
        jdbc.sql("""
                insert into report_attachments (id, report_id, filename, sniffed_type, size_bytes, sha256, content)
                values (?, ?, ?, ?, ?, ?, ?)""")
                .params(UUID.randomUUID(), id.value(), clip(filename, 255), sniffedType, (long) content.length,
                        Secrets.sha256Hex(content), content)
                .update();
    }

    public Optional<AttachmentContent> attachment(ReportId report, UUID attachment) {
        return jdbc.sql("select id, filename, sniffed_type, size_bytes, sha256, content from report_attachments "
                + "where id = ? and report_id = ?").params(attachment, report.value())
                .query((rs, n) -> new AttachmentContent(attachmentInfo(rs), rs.getBytes("content"))).optional();
    }

    private static AttachmentInfo attachmentInfo(ResultSet rs) throws SQLException {
        return new AttachmentInfo(rs.getString("id"), rs.getString("filename"), rs.getString("sniffed_type"),
                rs.getLong("size_bytes"), rs.getString("sha256"), false, null);
    }

    public Optional<Row> find(ReportId id) {
        return jdbc.sql(SELECT + " where r.id = ?").param(id.value()).query(this::row).optional();
    }

    public List<Row> byStatus(List<ReportStatus> statuses, int limit) {
        return jdbc.sql(SELECT + " where r.status = any(?) order by r.received_at limit ?")
                .params(statuses.stream().map(Enum::name).toArray(String[]::new), limit).query(this::row).list();
    }

    public List<Row> byIncident(IncidentId incident) {
        return jdbc.sql(SELECT + " where r.incident_id = ? order by r.received_at").param(incident.value())
                .query(this::row).list();
    }

    /** Reporter addresses of an incident's reports, with the language each reporter wrote in. */
    public List<String[]> reportersOf(IncidentId incident) {
        return jdbc.sql("""
                select distinct reporter_email, language from reports
                where incident_id = ? and reporter_email is not null
                  and (channel <> 'PUBLIC_FORM' or email_confirmed_at is not null)""")
                .param(incident.value())
                .query((rs, n) -> new String[] {rs.getString(1), rs.getString(2)}).list();
    }

    private static final String SELECT = """
            select r.*, (select name from organisations o where o.id = r.attributed_org) as attributed_name
            from reports r""";

    private Row row(ResultSet rs, int n) throws SQLException {
        UUID id = rs.getObject("id", UUID.class);
        List<ReportIndicator> indicators = jdbc.sql("""
                select kind, value, in_region, registry, holder_id, holder_name, country from report_indicators
                where report_id = ? order by position""").param(id)
                .query((r, i) -> new ReportIndicator(r.getString("kind"), r.getString("value"),
                        (Boolean) r.getObject("in_region"), r.getString("registry"), r.getString("holder_id"),
                        r.getString("holder_name"), r.getString("country")))
                .list();
        List<AttachmentInfo> attachments = jdbc.sql("select id, filename, sniffed_type, size_bytes, sha256 "
                + "from report_attachments where report_id = ? order by filename").param(id)
                .query((r, i) -> attachmentInfo(r)).list();
        UUID incident = rs.getObject("incident_id", UUID.class);
        UUID attributed = rs.getObject("attributed_org", UUID.class);
        ReportStatus status = ReportStatus.valueOf(rs.getString("status"));
        Report report = new Report(new ReportId(id), ReportChannel.valueOf(rs.getString("channel")), status,
                instant(rs, "received_at"), rs.getString("format"), rs.getString("subject"), rs.getString("body"),
                rs.getString("reporter_email"), rs.getString("reporter_name"), rs.getString("language"),
                rs.getString("classification_hint"), instant(rs, "occurred_at"), strings(rs.getArray("problems")),
                indicators, attachments, incident == null ? null : new IncidentId(incident),
                attributed == null ? null : attributed.toString(), rs.getString("attributed_name"),
                rs.getString("out_of_region_registries"), rs.getString("rejected_reason"),
                rs.getString("submitted_by_label"));
        return new Row(report, rs.getBytes("raw"), rs.getString("raw_content_type"), status,
                instant(rs, "email_confirmed_at"), rs.getObject("submitted_org", UUID.class));
    }

    static @Nullable Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }

    private static List<String> strings(@Nullable Array array) throws SQLException {
        if (array == null) {
            return List.of();
        }
        return new ArrayList<>(Arrays.asList((String[]) array.getArray()));
    }

    static @Nullable String clip(@Nullable String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }
}
