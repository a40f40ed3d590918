package lat.warp.registry.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import lat.warp.registry.ImportReport;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/** The registry_imports table: one row per import, applied or refused, with its report. */
@Component
public class ImportHistory {

    /** A refused file may have thousands of bad lines; the report keeps the first ones. */
    static final int MAX_PROBLEMS_KEPT = 500;

    private static final String SELECT = """
            select id, kind, source_name, outcome, added, changed, removed, rejected, report::text, started_at,
                   finished_at, actor_label
            from registry_imports""";

    private final JdbcClient jdbc;
    private final JsonMapper json = JsonMapper.builder().build();

    ImportHistory(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public void record(ImportReport report, String archive) {
        Map<String, Object> stored = new LinkedHashMap<>(report.details());
        stored.put("problems", report.problems().stream().limit(MAX_PROBLEMS_KEPT).toList());
        jdbc.sql("""
                insert into registry_imports (id, kind, source_name, started_at, finished_at, outcome, added, changed,
                    removed, rejected, report, actor_label, archive)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?)""")
                .params(UUID.fromString(report.id()), report.kind(), report.sourceName(),
                        Timestamp.from(report.startedAt()), Timestamp.from(report.finishedAt()), report.outcome(),
                        report.added(), report.changed(), report.removed(), report.rejected(),
                        json.writeValueAsString(stored), report.actor(), archive)
                .update();
    }

    public List<ImportReport> latest(int limit) {
        return jdbc.sql(SELECT + " order by started_at desc limit ?").param(limit).query(this::map).list();
    }

    /** One import's report, by its id. */
    public Optional<ImportReport> find(UUID id) {
        return jdbc.sql(SELECT + " where id = ?").param(id).query(this::map).optional();
    }

    @SuppressWarnings("unchecked")
    private ImportReport map(ResultSet rs, int n) throws SQLException {
        Map<String, Object> details = new LinkedHashMap<>(json.readValue(rs.getString(9), Map.class));
        List<ImportReport.Problem> problems = new ArrayList<>();
        Object stored = details.remove("problems");
        if (stored instanceof List<?> list) {
            for (Object o : list) {
                Map<String, Object> p = (Map<String, Object>) o;
                problems.add(new ImportReport.Problem(((Number) p.get("line")).intValue(),
                        String.valueOf(p.get("reason"))));
            }
        }
        return new ImportReport(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                rs.getInt(5), rs.getInt(6), rs.getInt(7), rs.getInt(8), problems, details,
                rs.getTimestamp(10).toInstant(), rs.getTimestamp(11).toInstant(), rs.getString(12));
    }
}
