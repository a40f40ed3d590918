package lat.warp.platform;

import static org.assertj.core.api.Assertions.assertThat;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * An installation upgrades when a module adds a migration numbered below another module's applied one (each
 * module numbers its own: V3_5 of events after V5_1 of notification), as application.yml's flyway settings
 * allow; and the events module's later migrations keep what was stored before them.
 */
class MigrationUpgradeIntegrationTest {

    @Test
    void aModulesNewMigrationIsAppliedAfterLaterModulesOnes(@TempDir Path older) throws Exception {
        Path all = Path.of(MigrationUpgradeIntegrationTest.class.getResource("/db/migration").toURI());
        List<Path> files;
        try (Stream<Path> list = Files.list(all)) {
            files = list.filter(f -> f.getFileName().toString().endsWith(".sql")).sorted().toList();
        }
        List<String> newest = List.of("V3_5__", "V3_6__", "V3_7__", "V3_8__", "V3_9__");
        for (String n : newest) {
            assertThat(files).anyMatch(f -> f.getFileName().toString().startsWith(n));
        }
        assertThat(files).anyMatch(f -> f.getFileName().toString().startsWith("V5_1__"));
        for (Path f : files) {
            if (newest.stream().noneMatch(n -> f.getFileName().toString().startsWith(n))) {
                Files.copy(f, older.resolve(f.getFileName()));
            }
        }
        try (EmbeddedPostgres pg = EmbeddedPostgres.builder().start()) {
            var dataSource = pg.getPostgresDatabase();
            // The installation as it was: every migration but the newest, V5_1 among them.
            Flyway.configure().dataSource(dataSource).locations("filesystem:" + older).load().migrate();
            JdbcTemplate jdbc = new JdbcTemplate(dataSource);
            assertThat(jdbc.queryForObject("select max(version) from flyway_schema_history where success",
                    String.class)).isEqualTo("5.1");

            // An event stored then, its key as bytea (the first 16 bytes of a SHA-256).
            byte[] key = java.util.HexFormat.of().parseHex("00112233445566778899aabbccddeeff");
            jdbc.execute("create table events_20240105 partition of events for values from ('2024-01-05') to ('2024-01-06')");
            jdbc.update("""
                    insert into events (day, dedup_key, time_source, classification_taxonomy, classification_type,
                        source_ip, feed_name, tlp, extra)
                    values ('2024-01-05', ?, '2024-01-05T10:00:00Z', 'vulnerable', 'vulnerable-system',
                        '200.7.84.1', 'scan_rdp', 'AMBER', '{"tag": "rdp"}')""", (Object) key);

            // The upgrade, configured as the application is.
            var yaml = new org.springframework.beans.factory.config.YamlPropertiesFactoryBean();
            yaml.setResources(new org.springframework.core.io.ClassPathResource("application.yml"));
            var settings = java.util.Objects.requireNonNull(yaml.getObject());
            Flyway.configure().dataSource(dataSource).locations(settings.getProperty("spring.flyway.locations"))
                    .outOfOrder(Boolean.parseBoolean(settings.getProperty("spring.flyway.out-of-order"))).load()
                    .migrate();
            assertThat(jdbc.queryForObject("select count(*) from flyway_schema_history where version = '3.5' and success",
                    Integer.class)).isEqualTo(1);
            assertThat(jdbc.queryForObject("select data_type from information_schema.columns "
                    + "where table_name = 'events' and column_name = 'extra'", String.class)).isEqualTo("text");
            // The key keeps its bytes (a file sent again is still recognised) and, with the day, identifies the event.
            assertThat(jdbc.queryForObject("select dedup_key::text from events", String.class))
                    .isEqualTo("00112233-4455-6677-8899-aabbccddeeff");
            assertThat(jdbc.queryForObject("select extra from events", String.class)).isEqualTo("{\"tag\": \"rdp\"}");
            // ADR 0017: the day's partition is now segment 0 of a day table partitioned by segment, its indexes
            // kept (the primary key among them), the parent without any; new rows of the day go to segment 0.
            assertThat(jdbc.queryForObject("select tableoid::regclass::text from events", String.class))
                    .isEqualTo("events_20240105_0");
            assertThat(jdbc.queryForList("""
                    select a.attname from pg_index i join pg_attribute a on a.attrelid = i.indrelid and a.attnum = any (i.indkey)
                    where i.indrelid = 'events_20240105_0'::regclass and i.indisprimary order by array_position(i.indkey, a.attnum)""",
                    String.class)).containsExactly("day", "dedup_key");
            assertThat(jdbc.queryForObject("select count(*) from pg_index where indrelid = 'events_20240105_0'::regclass",
                    Integer.class)).isEqualTo(3);
            assertThat(jdbc.queryForObject("select count(*) from pg_indexes where tablename = 'events'", Integer.class)).isZero();
            assertThat(jdbc.queryForObject("select pg_get_partkeydef('events_20240105'::regclass)", String.class))
                    .isEqualTo("LIST (segment)");
            jdbc.update("""
                    insert into events (day, dedup_key, time_source, classification_taxonomy, classification_type)
                    values ('2024-01-05', gen_random_uuid(), '2024-01-05T11:00:00Z', 'vulnerable', 'vulnerable-system')""");
            assertThat(jdbc.queryForObject("select count(*) from events_20240105_0", Integer.class)).isEqualTo(2);
            // ADR 0019: the day stored before keeps key version 1, so that its events are recognised when sent again.
            assertThat(jdbc.queryForList("select day::text || ' ' || key_version from event_days", String.class))
                    .containsExactly("2024-01-05 1");
            // ADR 0023: a layout registered as before is not packed; the same names are registered again, packed.
            jdbc.update("insert into event_extra_layouts (names) values ('{tag,severity}')");
            jdbc.update("insert into event_extra_layouts (names, packed) values ('{tag,severity}', true)");
            assertThat(jdbc.queryForList("select packed from event_extra_layouts order by id", Boolean.class))
                    .containsExactly(false, true);
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> jdbc.update(
                    "insert into event_extra_layouts (names, packed) values ('{tag,severity}', true)"))
                    .isInstanceOf(org.springframework.dao.DuplicateKeyException.class);
        }
    }
}
