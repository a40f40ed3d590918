package lat.warp.events.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
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

    @Test
    void anUploadedFileIsIngestedWithoutWaitingForThePoll() throws Exception {
        String id = Actors.runAsSystem("test", () -> ingest.upload("shadowserver", "scan_rdp", "wake.csv",
                new ByteArrayInputStream(RDP.getBytes(StandardCharsets.UTF_8))));
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        FeedJob job = Actors.runAsSystem("test", () -> ingest.job(id));
        while (!job.finished()) {
            assertThat(Instant.now()).as("job " + id + " still " + job.state()).isBefore(deadline);
            Thread.sleep(100);
            job = Actors.runAsSystem("test", () -> ingest.job(id));
        }
        assertThat(job.state()).as(job.error()).isEqualTo(FeedJob.State.SUCCEEDED);
        assertThat(job.accepted()).isEqualTo(1);
    }
}
