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
 * allow.
 */
class MigrationUpgradeIntegrationTest {

    @Test
    void aModulesNewMigrationIsAppliedAfterLaterModulesOnes(@TempDir Path older) throws Exception {
        Path all = Path.of(MigrationUpgradeIntegrationTest.class.getResource("/db/migration").toURI());
        List<Path> files;
        try (Stream<Path> list = Files.list(all)) {
            files = list.filter(f -> f.getFileName().toString().endsWith(".sql")).sorted().toList();
        }
        String newest = "V3_5__";
        assertThat(files).anyMatch(f -> f.getFileName().toString().startsWith(newest))
                .anyMatch(f -> f.getFileName().toString().startsWith("V5_1__"));
        for (Path f : files) {
            if (!f.getFileName().toString().startsWith(newest)) {
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
        }
    }
}
