package lat.warp.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import lat.warp.WarpApplication;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Two starts of the server on one data folder, as a newcomer would do: the second reuses the embedded
 * database with everything in it, and the demo data is not loaded again.
 */
@ExtendWith(OutputCaptureExtension.class)
class RestartIntegrationTest {

    @Test
    void secondStartReusesTheEmbeddedDatabaseAndLoadsTheDemoOnce(CapturedOutput output) throws Exception {
        Path dataDir = Path.of("target/test-data", System.getProperty("warp.test.run", "ide"),
                "restart-" + UUID.randomUUID());

        String firstAdmin;
        try (ConfigurableApplicationContext first = start(dataDir)) {
            firstAdmin = adminId(first);
        }
        String logins = Files.readString(dataDir.resolve(DemoData.LOGINS_FILE));
        assertThat(output).contains("Created embedded PostgreSQL").contains("Demo data loaded");

        try (ConfigurableApplicationContext second = start(dataDir)) {
            assertThat(adminId(second)).isEqualTo(firstAdmin);
            assertThat(second.getBean(JdbcClient.class).sql("select count(*) from users where email like '%@warp.example'")
                    .query(Long.class).single()).isEqualTo(4);
        }
        assertThat(output).contains("Reusing embedded PostgreSQL");
        assertThat(Files.readString(dataDir.resolve(DemoData.LOGINS_FILE))).isEqualTo(logins);
    }

    private static ConfigurableApplicationContext start(Path dataDir) {
        return new SpringApplicationBuilder(WarpApplication.class)
                .properties("WARP_PORT=0", "WARP_DATA_DIR=" + dataDir, "WARP_DEMO=true", "WARP_DB_URL=",
                        "logging.file.name=" + dataDir.resolve("warp.log"))
                .run();
    }

    private static String adminId(ConfigurableApplicationContext context) {
        return context.getBean(JdbcClient.class).sql("select id::text from users where email = 'admin@warp.example'")
                .query(String.class).single();
    }
}
