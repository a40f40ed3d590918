package lat.warp.platform.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import lat.warp.testing.WarpIntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The embedded database is an installation's database, not a test's: it flushes to disk (zonky would start it
 * with fsync off, ADR 0022), and it has the settings large feed jobs rely on (ADR 0015, 0018).
 */
@WarpIntegrationTest
class EmbeddedDatabaseIntegrationTest {

    @Autowired DatabaseServer server;
    @Autowired JdbcClient jdbc;

    private String setting(String name) {
        return jdbc.sql("select current_setting(?)").param(name).query(String.class).single();
    }

    @Test
    void theEmbeddedDatabaseIsDurableAndSetForLargeFeedJobs() {
        assumeTrue(server.isEmbedded(), "an external database is the operator's to set");
        assertThat(setting("fsync")).isEqualTo("on");
        assertThat(setting("synchronous_commit")).isEqualTo("on");
        assertThat(setting("full_page_writes")).isEqualTo("on");
        assertThat(setting("wal_level")).isEqualTo("minimal");
        assertThat(setting("wal_init_zero")).isEqualTo("off");
        assertThat(setting("max_wal_size")).isEqualTo("4GB");
    }
}
