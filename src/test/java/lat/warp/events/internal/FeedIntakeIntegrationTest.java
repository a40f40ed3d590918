package lat.warp.events.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import lat.warp.events.FeedIngest;
import lat.warp.events.FeedJob;
import lat.warp.events.FeedMapping;
import lat.warp.events.FeedMappings;
import lat.warp.shared.Actors;
import lat.warp.testing.WarpIntegrationTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;

/** The unattended intake paths: a watched drop directory and scheduled HTTP pulls, each queuing jobs as the system. */
@WarpIntegrationTest
@Tag("persistence")
class FeedIntakeIntegrationTest {

    private static final String RDP = """
            timestamp,severity,ip,protocol,port,hostname,tag,asn,geo,region,city,naics,hostname_source,sector,handshake,rdp_protocol
            2024-01-05 10:15:00,high,198.51.100.40,tcp,3389,,,28000,UY,,,,,,,
            2024-01-05 10:16:00,high,198.51.100.41,tcp,3389,,,28000,UY,,,,,,,
            """;

    @Autowired FeedIngest ingest;
    @Autowired FeedMappings mappings;
    @Value("${warp.data-dir}") Path dataDir;
    @TempDir Path drop;

    @Test
    void aDroppedShadowserverFileIsTakenOnceStableAndAnUnknownOneIsRejectedWithItsReason() throws Exception {
        FeedDropDirectory watcher = new FeedDropDirectory(ingest, drop.toString());
        Path report = drop.resolve("2024-01-05-scan_rdp-lacnic-" + UUID.randomUUID() + ".csv");
        Files.writeString(report, RDP.substring(0, 120));
        Path unknown = Files.writeString(drop.resolve("notes.docx"), "hello");
        Path jsonl = Files.createDirectories(drop.resolve("jsonl")).resolve("x.txt");
        Files.writeString(jsonl, "");

        assertThat(watcher.pollNow()).isEmpty();
        // Still being written: it waits for a poll in which it stays the same.
        Files.writeString(report, RDP);
        assertThat(watcher.pollNow()).hasSize(1);
        assertThat(Files.exists(jsonl)).isFalse();
        List<String> jobs = watcher.pollNow();
        assertThat(jobs).hasSize(1);
        assertThat(Files.exists(report)).isFalse();

        FeedJob job = await(jobs.get(0));
        assertThat(job.state()).as(job.error()).isEqualTo(FeedJob.State.SUCCEEDED);
        assertThat(job.sourceName()).isEqualTo(report.getFileName().toString());
        assertThat(job.report()).isNull();
        assertThat(job.createdBy()).startsWith("system:");
        assertThat(job.accepted()).isEqualTo(2);
        assertThat(Files.exists(dataDir.resolve("feeds"))).isTrue();

        assertThat(Files.exists(unknown)).isFalse();
        Path rejected = drop.resolve("rejected");
        assertThat(rejected.resolve("notes.docx")).hasContent("hello");
        assertThat(Files.readString(rejected.resolve("notes.docx.reason"))).contains("Unknown file type", ".jsonl");
    }

    @Test
    void aFileInACsvMappingFolderIsReadWithThatMappingAndAnUnknownMappingIsRejected() throws Exception {
        String name = "drop-" + UUID.randomUUID().toString().substring(0, 8);
        Actors.runAsSystem("test", () -> mappings.save(name, new FeedMapping(name, null, true,
                java.util.Map.of("addr", "source.ip", "seen", "time.source"), null, "blocklist", null, null, null, null)));
        FeedDropDirectory watcher = new FeedDropDirectory(ingest, drop.toString());
        Path mapped = Files.createDirectories(drop.resolve("csv-" + name)).resolve("list.txt");
        Files.writeString(mapped, "seen,addr,why\n2024-01-05T10:00:00Z,198.51.100.50,spam\n");
        Path orphan = Files.createDirectories(drop.resolve("csv-nosuch")).resolve("list.csv");
        Files.writeString(orphan, "addr\n198.51.100.51\n");

        assertThat(watcher.pollNow()).isEmpty();
        List<String> jobs = watcher.pollNow();
        assertThat(jobs).hasSize(1);
        FeedJob job = await(jobs.get(0));
        assertThat(job.state()).as(job.error()).isEqualTo(FeedJob.State.SUCCEEDED);
        assertThat(job.format()).isEqualTo("csv");
        assertThat(job.mapping()).isEqualTo(name);
        assertThat(job.accepted()).isEqualTo(1);
        assertThat(Files.readString(drop.resolve("rejected").resolve("list.csv.reason"))).contains("nosuch");
    }

    @Test
    void aScheduledPullQueuesAJobPerAnsweringSourceAndGoesOnPastAFailingOne() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/feeds/", exchange -> {
            byte[] body = RDP.getBytes(StandardCharsets.UTF_8);
            int status = exchange.getRequestURI().getPath().endsWith("missing.csv") ? 404 : 200;
            exchange.sendResponseHeaders(status, status == 200 ? body.length : -1);
            if (status == 200) {
                exchange.getResponseBody().write(body);
            }
            exchange.close();
        });
        server.start();
        try {
            String base = "http://127.0.0.1:" + server.getAddress().getPort() + "/feeds/";
            FeedPull pull = new FeedPull(ingest, new FeedPullProperties(List.of()), Duration.ofSeconds(10));
            List<String> jobs = pull.pullNow(List.of(
                    new FeedPullProperties.Source(base + "missing.csv", "shadowserver", null, null),
                    new FeedPullProperties.Source("http://127.0.0.1:1/nothing.csv", "shadowserver", null, null),
                    new FeedPullProperties.Source(base + "daily.csv", "shadowserver", "scan_rdp", null)));
            assertThat(jobs).hasSize(1);
            FeedJob job = await(jobs.get(0));
            assertThat(job.state()).as(job.error()).isEqualTo(FeedJob.State.SUCCEEDED);
            assertThat(job.sourceName()).isEqualTo("daily.csv");
            assertThat(job.report()).isEqualTo("scan_rdp");
            assertThat(job.sizeBytes()).isEqualTo(RDP.getBytes(StandardCharsets.UTF_8).length);
        } finally {
            server.stop(0);
        }
    }

    private FeedJob await(String id) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (true) {
            FeedJob job = Actors.runAsSystem("test", () -> ingest.job(id));
            if (job.finished()) {
                return job;
            }
            assertThat(Instant.now()).as("job " + id + " still " + job.state()).isBefore(deadline);
            Thread.sleep(200);
        }
    }
}
