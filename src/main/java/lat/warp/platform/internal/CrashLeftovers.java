package lat.warp.platform.internal;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removes what a crash of the embedded database left in its directory: the files of relations whose creating
 * transaction never ended, which PostgreSQL's recovery does not remove (a large feed job's partial segment,
 * ADR 0018). A file is removed only if no relation of the database owns its file number and it was last
 * written before the server started: a relation being created now is newer. Run right after the server
 * starts, before the application opens any session.
 */
final class CrashLeftovers {

    private static final Logger log = LoggerFactory.getLogger(CrashLeftovers.class);
    /** A relation's file: its number, an optional fork and an optional 1 GB segment number. */
    private static final Pattern RELATION_FILE = Pattern.compile("(\\d+)(?:_(?:fsm|vm|init))?(?:\\.\\d+)?");

    private CrashLeftovers() {
    }

    /** What was removed. */
    record Removed(int files, long bytes) {
    }

    static Removed remove(DataSource database, Path dataDirectory) throws SQLException, IOException {
        long databaseOid;
        Instant serverStart;
        Set<Long> owned = new HashSet<>();
        try (Connection c = database.getConnection(); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("select oid, pg_postmaster_start_time() from pg_database "
                    + "where datname = current_database()")) {
                rs.next();
                databaseOid = rs.getLong(1);
                serverStart = rs.getTimestamp(2).toInstant();
            }
            // pg_relation_filenode also answers for the catalogues whose file numbers live in the relation map.
            try (ResultSet rs = s.executeQuery("select pg_relation_filenode(oid) from pg_class "
                    + "where pg_relation_filenode(oid) is not null")) {
                while (rs.next()) {
                    owned.add(rs.getLong(1));
                }
            }
        }
        int files = 0;
        long bytes = 0;
        try (DirectoryStream<Path> dir = Files.newDirectoryStream(dataDirectory.resolve("base").resolve(Long.toString(databaseOid)))) {
            for (Path file : dir) {
                Matcher m = RELATION_FILE.matcher(file.getFileName().toString());
                if (!m.matches() || owned.contains(Long.parseLong(m.group(1)))
                        || !Files.getLastModifiedTime(file).toInstant().isBefore(serverStart)) {
                    continue;
                }
                long size = Files.size(file);
                Files.delete(file);
                files++;
                bytes += size;
            }
        }
        if (files > 0) {
            log.warn("Removed {} file(s), {} MB, that a crash of the embedded PostgreSQL left behind (storage of "
                    + "relations whose transaction never ended, such as a large feed job's partial segment)", files,
                    bytes >> 20);
        }
        return new Removed(files, bytes);
    }
}
