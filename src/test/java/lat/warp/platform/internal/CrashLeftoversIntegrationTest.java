package lat.warp.platform.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A crash of the embedded database in the middle of a transaction that created and filled a table (a large
 * feed job's segment, ADR 0018) leaves that table's files behind; the next start removes them, and nothing
 * else.
 */
class CrashLeftoversIntegrationTest {

    private static EmbeddedPostgres start(Path dir) throws Exception {
        // As long a wait as the application gives it: the start after the crash may first finish its recovery.
        return EmbeddedPostgres.builder().setDataDirectory(dir).setCleanDataDirectory(false)
                .setPGStartupWait(Duration.ofSeconds(60)).setRegisterShutdownHook(false)
                .setServerConfig("wal_level", "minimal").setServerConfig("max_wal_senders", "0").start();
    }

    @Test
    void theNextStartRemovesTheFilesOfATableWhoseTransactionACrashEndedAndNothingElse(@TempDir Path dir) throws Exception {
        Path data = dir.resolve("postgres");
        try (EmbeddedPostgres pg = start(data)) {
            JdbcTemplate jdbc = new JdbcTemplate(pg.getPostgresDatabase());
            jdbc.execute("create table kept (id bigint primary key, pad text)");
            jdbc.update("insert into kept select g, repeat('k', 200) from generate_series(1, 20000) g");
            try (Connection c = pg.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
                c.setAutoCommit(false);
                s.execute("create table segment (id bigint, pad text)");
                s.execute("insert into segment select g, repeat('s', 700) from generate_series(1, 50000) g");
                s.execute("checkpoint");
                // The whole server dies at once, as with the machine: nothing rolls the transaction back. At the
                // next start PostgreSQL recovers; the table is gone from the catalogue, its files stay.
                crash(data);
            } catch (java.sql.SQLException expected) {
                // The connection went with the server.
            }
        }
        try (EmbeddedPostgres pg = start(data)) {
            DataSource db = pg.getPostgresDatabase();
            Path base = data.resolve("base").resolve(databaseOid(db));
            Path newer = Files.writeString(base.resolve("999999999"), "in progress");
            long before = directorySize(base);
            CrashLeftovers.Removed removed = CrashLeftovers.remove(db, data);
            assertThat(removed.files()).isPositive();
            assertThat(removed.bytes()).isGreaterThan(30L << 20);
            // Gone from the disk (the running server may write a few pages meanwhile: 1 MB of slack).
            assertThat(directorySize(base)).isLessThanOrEqualTo(before - removed.bytes() + (1L << 20));
            // A file written since the server started may be a relation being created: left alone.
            assertThat(newer).exists();
            Files.delete(newer);

            JdbcTemplate jdbc = new JdbcTemplate(db);
            assertThat(jdbc.queryForObject("select count(*) from kept", Long.class)).isEqualTo(20000L);
            assertThat(jdbc.queryForObject("select count(*) from pg_class where relname = 'segment'", Long.class)).isZero();
            assertThat(CrashLeftovers.remove(db, data).files()).isZero();
            // Every table still reads whole after the removal (the catalogues' own files among them).
            jdbc.execute("vacuum (analyze)");
            assertThat(jdbc.queryForObject("select sum(id) from kept", Long.class)).isEqualTo(20000L * 20001 / 2);
        }
    }

    private static String databaseOid(DataSource db) {
        return String.valueOf(new JdbcTemplate(db).queryForObject(
                "select oid from pg_database where datname = current_database()", Long.class));
    }

    /** SIGKILL to the postmaster and every process under it, waiting until all are gone. */
    private static void crash(Path data) throws Exception {
        long postmaster = Long.parseLong(Files.readAllLines(data.resolve("postmaster.pid")).getFirst().strip());
        ProcessHandle server = ProcessHandle.of(postmaster).orElseThrow();
        List<ProcessHandle> all = new ArrayList<>(server.descendants().toList());
        all.add(server);
        all.forEach(ProcessHandle::destroyForcibly);
        for (ProcessHandle p : all) {
            p.onExit().get(30, TimeUnit.SECONDS);
        }
    }

    private static long directorySize(Path dir) throws Exception {
        try (var files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
        }
    }
}
