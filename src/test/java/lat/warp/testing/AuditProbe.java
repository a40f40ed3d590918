package lat.warp.testing;

import java.util.List;
import org.springframework.boot.test.context.TestComponent;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Reads the audit trail directly, to check that a refusal or a change left its entry. */
@TestComponent
public class AuditProbe {

    private final JdbcClient jdbc;

    public AuditProbe(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** One stored entry, as the tests look at it. */
    public record Entry(long seq, String action, String outcome, String actorLabel, String objectType,
            String objectId, String sourceAddress, String details) {
    }

    public long lastSeq() {
        return jdbc.sql("select coalesce(max(seq), 0) from audit_log").query(Long.class).single();
    }

    /** Entries of the action written after the given sequence number, oldest first. */
    public List<Entry> since(long seq, String action) {
        return jdbc.sql("""
                select seq, action, outcome, actor_label, object_type, object_id, source_address, details::text as details
                from audit_log where seq > ? and action = ? order by seq""")
                .params(seq, action)
                .query((rs, n) -> new Entry(rs.getLong("seq"), rs.getString("action"), rs.getString("outcome"),
                        rs.getString("actor_label"), rs.getString("object_type"), rs.getString("object_id"),
                        rs.getString("source_address"), rs.getString("details")))
                .list();
    }
}
