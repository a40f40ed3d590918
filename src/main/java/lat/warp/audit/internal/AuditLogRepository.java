package lat.warp.audit.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import lat.warp.audit.AuditFilter;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The SQL of {@code audit_log} and {@code audit_head}. Callers own the transactions. */
@Repository
public class AuditLogRepository {

    /** Taken by every append, so that appends line up one behind the other at the chain's head. */
    private static final long CHAIN_LOCK = 0x5741_5250_4155_4454L; // "WARPAUDT"

    private static final String COLUMNS = """
            seq, occurred_at, action, outcome, actor_kind, actor_id, actor_label, organisation_id,
            object_type, object_id, source_address, details::text as details, prev_hash, hash""";

    private final JdbcClient jdbc;

    public AuditLogRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public record Head(long lastSeq, byte[] lastHash) {
    }

    /** Waits for earlier appends to commit; held until the current transaction ends. */
    void lockChain() {
        jdbc.sql("select pg_advisory_xact_lock(:key)").param("key", CHAIN_LOCK).query().listOfRows();
    }

    Head head() {
        return jdbc.sql("select last_seq, last_hash from audit_head where id = 1")
                .query((rs, n) -> new Head(rs.getLong("last_seq"), rs.getBytes("last_hash")))
                .single();
    }

    void insert(StoredEntry entry) {
        jdbc.sql("""
                insert into audit_log (seq, occurred_at, action, outcome, actor_kind, actor_id, actor_label,
                    organisation_id, object_type, object_id, source_address, details, prev_hash, hash)
                values (:seq, :occurredAt, :action, :outcome, :actorKind, :actorId, :actorLabel,
                    :organisationId, :objectType, :objectId, :sourceAddress, cast(:details as jsonb), :prevHash, :hash)
                """)
                .param("seq", entry.seq())
                .param("occurredAt", OffsetDateTime.ofInstant(entry.occurredAt(), ZoneOffset.UTC))
                .param("action", entry.action())
                .param("outcome", entry.outcome())
                .param("actorKind", entry.actorKind())
                .param("actorId", entry.actorId(), Types.VARCHAR)
                .param("actorLabel", entry.actorLabel())
                .param("organisationId", entry.organisationId(), Types.OTHER)
                .param("objectType", entry.objectType(), Types.VARCHAR)
                .param("objectId", entry.objectId(), Types.VARCHAR)
                .param("sourceAddress", entry.sourceAddress(), Types.VARCHAR)
                .param("details", JsonMapper.shared().writeValueAsString(entry.details()))
                .param("prevHash", entry.prevHash())
                .param("hash", entry.hash())
                .update();
    }

    void advanceHead(long seq, byte[] hash) {
        jdbc.sql("update audit_head set last_seq = :seq, last_hash = :hash where id = 1")
                .param("seq", seq)
                .param("hash", hash)
                .update();
    }

    /** Up to {@code limit} entries after {@code afterSeq}, oldest first: one batch of a verification. */
    public List<StoredEntry> batchAfter(long afterSeq, int limit) {
        return jdbc.sql("select " + COLUMNS + " from audit_log where seq > :after order by seq limit :limit")
                .param("after", afterSeq)
                .param("limit", limit)
                .query(AuditLogRepository::map)
                .list();
    }

    /** Up to {@code limit} matching entries older than {@code before}, newest first. */
    public List<StoredEntry> find(AuditFilter filter, @Nullable Long before, int limit) {
        StringBuilder sql = new StringBuilder("select ").append(COLUMNS).append(" from audit_log where true");
        Map<String, Object> params = new HashMap<>();
        if (filter.action() != null) {
            sql.append(" and action = :action");
            params.put("action", filter.action().name());
        }
        if (filter.outcome() != null) {
            sql.append(" and outcome = :outcome");
            params.put("outcome", filter.outcome().name());
        }
        if (filter.actorLabel() != null) {
            // strpos rather than like: the search text may hold % or _ and needs no escaping. No index
            // serves a substring; it filters what the other criteria and the seq order leave.
            sql.append(" and strpos(lower(actor_label), lower(:actorLabel)) > 0");
            params.put("actorLabel", filter.actorLabel());
        }
        if (filter.organisation() != null) {
            sql.append(" and organisation_id = :organisationId");
            params.put("organisationId", filter.organisation().value());
        }
        if (filter.from() != null) {
            sql.append(" and occurred_at >= :from");
            params.put("from", OffsetDateTime.ofInstant(filter.from(), ZoneOffset.UTC));
        }
        if (filter.to() != null) {
            sql.append(" and occurred_at < :to");
            params.put("to", OffsetDateTime.ofInstant(filter.to(), ZoneOffset.UTC));
        }
        if (filter.objectType() != null) {
            sql.append(" and object_type = :objectType");
            params.put("objectType", filter.objectType());
        }
        if (filter.objectId() != null) {
            sql.append(" and object_id = :objectId");
            params.put("objectId", filter.objectId());
        }
        if (before != null) {
            sql.append(" and seq < :before");
            params.put("before", before);
        }
        sql.append(" order by seq desc limit :limit");
        params.put("limit", limit);
        return jdbc.sql(sql.toString()).params(params).query(AuditLogRepository::map).list();
    }

    /**
     * The writer stores only strings. Anything else was put there by hand; it is read as its JSON text
     * so that the verification can report the entry instead of failing to read it.
     */
    private static Map<String, String> readDetails(String json) {
        TreeMap<String, String> details = new TreeMap<>();
        for (Map.Entry<String, JsonNode> field : JsonMapper.shared().readTree(json).properties()) {
            JsonNode value = field.getValue();
            details.put(field.getKey(), value.isString() ? value.stringValue() : value.toString());
        }
        return Collections.unmodifiableSortedMap(details);
    }

    private static StoredEntry map(ResultSet rs, int rowNum) throws SQLException {
        return new StoredEntry(
                rs.getLong("seq"),
                rs.getObject("occurred_at", OffsetDateTime.class).toInstant(),
                rs.getString("action"),
                rs.getString("outcome"),
                rs.getString("actor_kind"),
                rs.getString("actor_id"),
                rs.getString("actor_label"),
                rs.getObject("organisation_id", UUID.class),
                rs.getString("object_type"),
                rs.getString("object_id"),
                rs.getString("source_address"),
                readDetails(rs.getString("details")),
                rs.getBytes("prev_hash"),
                rs.getBytes("hash"));
    }
}
