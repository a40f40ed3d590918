package lat.warp.events.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import lat.warp.events.Classification;
import lat.warp.events.FeedMapping;
import lat.warp.events.Taxonomy;
import lat.warp.events.Tlp;
import lat.warp.events.internal.parsers.ColumnMapping;
import lat.warp.shared.InvalidInputException;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * The feed_mappings table, and the one translation between a {@link FeedMapping} as users write it and the
 * {@link ColumnMapping} the CSV parser reads: every refusal names the field of the definition that is wrong.
 */
@Repository
public class FeedMappingStore {

    /** Names go into URLs and drop-folder names ({@code csv-<name>}), so they keep to a safe alphabet. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final JsonMapper JSON = JsonMapper.shared();
    private static final String COLUMNS = "name, definition::text as definition, created_by, created_at, updated_at";

    private final JdbcClient jdbc;

    FeedMappingStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public static String checkName(@Nullable String name) {
        String n = name == null ? "" : name.strip();
        if (!NAME.matcher(n).matches()) {
            throw new InvalidInputException("name", "A mapping name has 1 to 64 letters, digits, '.', '_' or '-', "
                    + "starting with a letter or digit.");
        }
        return n;
    }

    /** Checks a definition and gives it in canonical form (one delimiter, normalised classification and TLP). */
    public static FeedMapping canonical(FeedMapping m) {
        ColumnMapping parsed = toColumnMapping(m);
        Classification c = parsed.defaultClassification();
        return new FeedMapping(parsed.name(), String.valueOf(parsed.delimiter()), parsed.hasHeader(), parsed.columns(),
                blankToNull(parsed.timeFormat()), c == null ? null : c.toString(),
                parsed.defaultTlp() == null ? null : parsed.defaultTlp().label(), m.createdBy(), m.createdAt(), m.updatedAt());
    }

    /** The parser's form of a definition; refuses, naming the field, what the parser could not use. */
    public static ColumnMapping toColumnMapping(FeedMapping m) {
        String name = checkName(m.name());
        String d = m.delimiter() == null ? "," : m.delimiter();
        if (d.length() != 1) {
            throw new InvalidInputException("delimiter", "The delimiter must be exactly one character, such as , or ;.");
        }
        Classification classification = null;
        String dc = blankToNull(m.defaultClassification());
        if (dc != null) {
            int slash = dc.indexOf('/');
            try {
                classification = slash < 0 ? Taxonomy.rsit().normalise(null, dc)
                        : Taxonomy.rsit().normalise(dc.substring(0, slash), dc.substring(slash + 1));
            } catch (InvalidInputException e) {
                throw new InvalidInputException("defaultClassification", e.getMessage());
            }
        }
        Tlp tlp = blankToNull(m.tlp()) == null ? null : Tlp.parse(m.tlp());
        // The pipeline stores an event by the day of its time.source; without one every row would be rejected.
        if (m.columns() != null && !m.columns().containsValue("time.source")) {
            throw new InvalidInputException("columns", "Map a column to time.source: every event needs the time it was seen.");
        }
        return new ColumnMapping(name, d.charAt(0), m.header() == null || m.header(),
                m.columns() == null ? Map.of() : m.columns(), blankToNull(m.timeFormat()), classification, tlp);
    }

    /** Inserts or replaces; keeps who created it and when. */
    public void save(FeedMapping m, String actor) {
        Map<String, Object> definition = new LinkedHashMap<>();
        definition.put("delimiter", m.delimiter());
        definition.put("header", m.header());
        definition.put("columns", m.columns());
        definition.put("timeFormat", m.timeFormat());
        definition.put("defaultClassification", m.defaultClassification());
        definition.put("tlp", m.tlp());
        jdbc.sql("""
                insert into feed_mappings (name, definition, created_by) values (?, cast(? as jsonb), ?)
                on conflict (name) do update set definition = excluded.definition, updated_at = now()""")
                .params(m.name(), JSON.writeValueAsString(definition), actor).update();
    }

    public Optional<FeedMapping> find(String name) {
        return jdbc.sql("select " + COLUMNS + " from feed_mappings where name = ?").param(name)
                .query(FeedMappingStore::row).optional();
    }

    public List<FeedMapping> list() {
        return jdbc.sql("select " + COLUMNS + " from feed_mappings order by name").query(FeedMappingStore::row).list();
    }

    public boolean delete(String name) {
        return jdbc.sql("delete from feed_mappings where name = ?").param(name).update() == 1;
    }

    private static FeedMapping row(ResultSet rs, int n) throws SQLException {
        Map<String, Object> d = JSON.readValue(rs.getString("definition"), new TypeReference<Map<String, Object>>() { });
        @SuppressWarnings("unchecked")
        Map<String, String> columns = (Map<String, String>) d.get("columns");
        return new FeedMapping(rs.getString("name"), (String) d.get("delimiter"), (Boolean) d.get("header"), columns,
                (String) d.get("timeFormat"), (String) d.get("defaultClassification"), (String) d.get("tlp"),
                rs.getString("created_by"), rs.getTimestamp("created_at").toInstant(),
                rs.getTimestamp("updated_at").toInstant());
    }

    private static @Nullable String blankToNull(@Nullable String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
