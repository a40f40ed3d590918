package lat.warp.platform.internal;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import javax.sql.DataSource;
import lat.warp.platform.WarpProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The one database: an external PostgreSQL when WARP_DB_URL is set, otherwise an embedded one whose
 * files live under WARP_DATA_DIR/postgres and survive restarts.
 */
@Configuration(proxyBeanMethods = false)
class DatabaseConfiguration {

    private static final Logger log = LoggerFactory.getLogger(DatabaseConfiguration.class);
    private static final String EMBEDDED_DATABASE = "warp";

    @Bean(destroyMethod = "close")
    DatabaseServer databaseServer(WarpProperties properties) {
        if (properties.db().external()) {
            log.info("Using external PostgreSQL at {}", redact(properties.db().url()));
            return new DatabaseServer(null, properties.db().url(), properties.db().user(), properties.db().password());
        }
        Path dir = properties.dataDir().resolve("postgres").toAbsolutePath().normalize();
        try {
            Files.createDirectories(dir.getParent());
            boolean existing = Files.exists(dir.resolve("PG_VERSION"));
            EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                    .setDataDirectory(dir)
                    .setCleanDataDirectory(false)
                    // Spring stops it, after everything that uses the database has shut down.
                    .setRegisterShutdownHook(false)
                    .setPGStartupWait(Duration.ofSeconds(60))
                    // zonky starts PostgreSQL for throw-away test databases: fsync off (an operating-system crash
                    // or power loss could corrupt the data directory) and commits acknowledged before they are on
                    // disk. This one keeps an installation's data, so it flushes like any PostgreSQL (ADR 0022).
                    .setServerConfig("fsync", "on")
                    .setServerConfig("synchronous_commit", "on")
                    .setServerConfig("max_connections", "60")
                    .setServerConfig("shared_buffers", "128MB")
                    // A 1 M-row feed file writes about 2 GB of WAL; with the default 1 GB, checkpoints would
                    // come mid-ingest and each one re-log whole index pages (docs/benchmarks.md, ADR 0015).
                    .setServerConfig("max_wal_size", "4GB")
                    // New WAL files are not zero-filled first: that wrote every byte of WAL twice, a tenth of
                    // the database's time in a 1 M-row ingest (PostgreSQL's own docs allow it off).
                    .setServerConfig("wal_init_zero", "off")
                    // A large feed job loads its segments in the transaction that creates them, which then
                    // writes no WAL (ADR 0018); the embedded server has no replicas to feed.
                    .setServerConfig("wal_level", "minimal")
                    .setServerConfig("max_wal_senders", "0")
                    .start();
            createDatabaseIfMissing(postgres);
            if (existing) {
                removeCrashLeftovers(postgres, dir);
            }
            log.info("{} embedded PostgreSQL in {} on port {}", existing ? "Reusing" : "Created", dir,
                    postgres.getPort());
            return new DatabaseServer(postgres, postgres.getJdbcUrl("postgres", EMBEDDED_DATABASE), "postgres", null);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start the embedded PostgreSQL in " + dir, e);
        }
    }

    @Bean(destroyMethod = "close")
    HikariDataSource dataSource(DatabaseServer server) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(server.jdbcUrl());
        if (server.user() != null) {
            config.setUsername(server.user());
        }
        if (server.password() != null) {
            config.setPassword(server.password());
        }
        config.setMaximumPoolSize(20);
        config.setPoolName("warp");
        return new HikariDataSource(config);
    }

    private static void createDatabaseIfMissing(EmbeddedPostgres postgres) throws IOException {
        DataSource admin = postgres.getPostgresDatabase();
        try (Connection c = admin.getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("select 1 from pg_database where datname = '" + EMBEDDED_DATABASE + "'")) {
            if (!rs.next()) {
                s.execute("create database " + EMBEDDED_DATABASE + " encoding 'UTF8' template template0");
            }
        } catch (java.sql.SQLException e) {
            throw new IOException("Could not create the database " + EMBEDDED_DATABASE, e);
        }
    }

    /** Before any session of the application; a failure here only leaves the files where they are. */
    private static void removeCrashLeftovers(EmbeddedPostgres postgres, Path dir) {
        try {
            CrashLeftovers.remove(postgres.getDatabase("postgres", EMBEDDED_DATABASE), dir);
        } catch (java.sql.SQLException | IOException e) {
            log.warn("Could not look for files a crash of the embedded PostgreSQL left behind: {}", e.getMessage());
        }
    }

    /** Keeps credentials out of the log. */
    static String redact(String url) {
        return url.replaceAll("(?i)(password=)[^&]*", "$1***").replaceAll("//[^/@]*@", "//***@");
    }
}
