package lat.warp.registry.internal;

import java.io.IOException;
import java.io.StringReader;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.List;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.stereotype.Component;

/**
 * Bulk writes with PostgreSQL's COPY, on the connection of the current transaction, so that a copy
 * commits or rolls back with the rest of the work. Rows are sent in chunks to bound memory.
 */
@Component
public class PostgresCopy {

    private static final int CHUNK = 20_000;

    private final DataSource dataSource;

    PostgresCopy(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * @param target table and column list, e.g. {@code ip_resources (prefix, status)}
     * @param rows one array per row, in column order; nulls allowed
     * @return the number of rows written
     */
    public long copyIn(String target, List<Object[]> rows) {
        if (rows.isEmpty()) {
            return 0;
        }
        Connection connection = DataSourceUtils.getConnection(dataSource);
        try {
            PGConnection pg = connection.unwrap(PGConnection.class);
            long written = 0;
            for (int start = 0; start < rows.size(); start += CHUNK) {
                StringBuilder text = new StringBuilder();
                for (Object[] row : rows.subList(start, Math.min(rows.size(), start + CHUNK))) {
                    for (int i = 0; i < row.length; i++) {
                        if (i > 0) {
                            text.append('\t');
                        }
                        append(text, row[i]);
                    }
                    text.append('\n');
                }
                written += pg.getCopyAPI().copyIn("COPY " + target + " FROM STDIN", new StringReader(text.toString()));
            }
            return written;
        } catch (SQLException | IOException e) {
            throw new IllegalStateException("COPY into " + target + " failed", e);
        } finally {
            DataSourceUtils.releaseConnection(connection, dataSource);
        }
    }

    /** Rows added one by one and sent in chunks, for inputs too large to hold (a routing table). */
    public final class Batch {
        private final String target;
        private final java.util.ArrayList<Object[]> pending = new java.util.ArrayList<>();
        private long written;

        private Batch(String target) {
            this.target = target;
        }

        public void add(Object... row) {
            pending.add(row);
            if (pending.size() >= CHUNK) {
                flush();
            }
        }

        /** Sends what is pending; returns the rows written in all. */
        public long finish() {
            flush();
            return written;
        }

        private void flush() {
            written += copyIn(target, pending);
            pending.clear();
        }
    }

    public Batch batch(String target) {
        return new Batch(target);
    }

    /** COPY's text format: \N for null, backslash escapes for the separators. */
    private static void append(StringBuilder text, Object value) {
        if (value == null) {
            text.append("\\N");
            return;
        }
        String s = value instanceof LocalDate d ? d.toString() : value.toString();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\\' -> text.append("\\\\");
                case '\t' -> text.append("\\t");
                case '\n' -> text.append("\\n");
                case '\r' -> text.append("\\r");
                default -> text.append(c);
            }
        }
    }
}
