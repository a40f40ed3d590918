package lat.warp.events.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import javax.sql.DataSource;
import lat.warp.events.FeedIngest;
import lat.warp.events.FeedJob;
import lat.warp.shared.Actors;
import lat.warp.testing.WarpIntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

/**
 * An upload starts its job at once (FeedWorker.wake), not at the worker's next poll: here the poll never comes
 * during the test, so a job that waited for it would stay queued.
 */
@WarpIntegrationTest
@TestPropertySource(properties = {"warp.data-dir=target/test-data/${warp.test.run:ide}/feed-wake",
        "warp.events.poll-delay=1h"})
class FeedWakeIntegrationTest {

    private static final String RDP = """
            timestamp,severity,ip,protocol,port,hostname,tag,asn,geo,region,city,naics,hostname_source,sector,handshake,rdp_protocol
            2024-01-05 10:15:00,high,198.51.100.40,tcp,3389,,,28000,UY,,,,,,,
            """;

    @Autowired FeedIngest ingest;
    @Autowired FeedWorker worker;
    @Autowired DataSource dataSource;

    private String upload(String name, String file) {
        return Actors.runAsSystem("test", () -> ingest.upload("shadowserver", "scan_rdp", name,
                new ByteArrayInputStream(file.getBytes(StandardCharsets.UTF_8))));
    }

    private FeedJob awaitFinished(String id) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        FeedJob job = Actors.runAsSystem("test", () -> ingest.job(id));
        while (!job.finished()) {
            assertThat(Instant.now()).as("job " + id + " still " + job.state()).isBefore(deadline);
            Thread.sleep(100);
            job = Actors.runAsSystem("test", () -> ingest.job(id));
        }
        return job;
    }

    @Test
    void anUploadedFileIsIngestedWithoutWaitingForThePoll() throws Exception {
        FeedJob job = awaitFinished(upload("wake.csv", RDP));
        assertThat(job.state()).as(job.error()).isEqualTo(FeedJob.State.SUCCEEDED);
        assertThat(job.accepted()).isEqualTo(1);
    }

    /** One feed job at a time on all nodes (ADR 0017): while another holds the ingest lock, a job waits queued. */
    @Test
    void aJobWaitsWhileAnotherNodeIngests() throws Exception {
        String id;
        try (Connection other = dataSource.getConnection(); Statement st = other.createStatement()) {
            try (ResultSet rs = st.executeQuery("select pg_try_advisory_lock(hashtext('warp-feed-ingest'))")) {
                assertThat(rs.next() && rs.getBoolean(1)).isTrue();
            }
            id = upload("wait.csv", RDP.replace("198.51.100.40", "198.51.100.41"));
            assertThat(worker.runNext()).isFalse();
            Thread.sleep(500);
            assertThat(Actors.runAsSystem("test", () -> ingest.job(id)).state()).isEqualTo(FeedJob.State.QUEUED);
            st.execute("select pg_advisory_unlock(hashtext('warp-feed-ingest'))");
        }
        worker.runNext();
        FeedJob job = awaitFinished(id);
        assertThat(job.state()).as(job.error()).isEqualTo(FeedJob.State.SUCCEEDED);
        assertThat(job.accepted()).isEqualTo(1);
    }
}
