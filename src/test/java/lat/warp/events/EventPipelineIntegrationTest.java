package lat.warp.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;
import lat.warp.events.internal.EventPartitions;
import lat.warp.events.internal.FeedWorker;
import lat.warp.registry.Organisation;
import lat.warp.registry.internal.AttributionIndexHolder;
import lat.warp.shared.Role;
import lat.warp.shared.TokenScope;
import lat.warp.testing.AuditProbe;
import lat.warp.testing.Fixtures;
import lat.warp.testing.WarpIntegrationTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.util.AopTestUtils;
import org.springframework.test.util.ReflectionTestUtils;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The feed pipeline end to end over HTTP, against the real PostgreSQL: Shadowserver files of two report
 * types in, attributed and deduplicated events out, each member seeing its own. Every job here loads into
 * segments of its own (ADR 0017: the worker's thresholds lowered for this class so that even these small files
 * do), a day with fewer than two of its rows folded back into segment 0; the other tests write segment 0 only.
 * The thresholds are set on the shared server rather than in a context of its own: CI's persistence run points
 * every context at one database, where a second context's worker would take this class's jobs.
 */
@WarpIntegrationTest
@Tag("persistence")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EventPipelineIntegrationTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final List<String> RDP_HEADER = List.of("timestamp", "severity", "ip", "protocol", "port", "hostname",
            "tag", "asn", "geo", "region", "city", "naics", "hostname_source", "sector", "handshake", "rdp_protocol");
    private static final List<String> BLOCKLIST_HEADER = List.of("timestamp", "severity", "ip", "hostname", "source",
            "reason", "asn", "geo", "region", "city", "naics", "sector", "tag");

    @LocalServerPort int port;
    @Autowired Fixtures fixtures;
    @Autowired JdbcClient jdbc;
    @Autowired AttributionIndexHolder index;
    @Autowired FeedWorker worker;
    @Autowired EventPartitions partitions;
    @Autowired AuditProbe auditProbe;
    @Autowired FeedIngest ingest;
    @Value("${warp.data-dir}") Path dataDir;

    private final HttpClient http = HttpClient.newHttpClient();
    private Organisation memberA;
    private Organisation memberB;
    private String netA;
    private String netB;
    private String analyst;
    private String tokenA;
    private String tokenB;
    private final LocalDate day = LocalDate.now(ZoneOffset.UTC).minusDays(1);
    private String rdpFile;
    private String rdpJob;

    private Object segmentMinBytes;
    private Object segmentMinRows;

    @BeforeAll
    void setUp() {
        FeedWorker target = AopTestUtils.getTargetObject(worker);
        segmentMinBytes = ReflectionTestUtils.getField(target, "segmentMinBytes");
        segmentMinRows = ReflectionTestUtils.getField(target, "segmentMinRows");
        ReflectionTestUtils.setField(target, "segmentMinBytes", 1L);
        ReflectionTestUtils.setField(target, "segmentMinRows", 2L);
        memberA = fixtures.member();
        memberB = fixtures.member();
        // Prefixes of their own in shared space, so that other tests' registry data never holds them.
        ThreadLocalRandom r = ThreadLocalRandom.current();
        int second = 64 + r.nextInt(60);
        int third = r.nextInt(250);
        netA = "100." + second + "." + third + ".";
        netB = "100." + second + "." + (third + 1) + ".";
        hold(netA + "0/24", memberA);
        hold(netB + "0/24", memberB);
        index.rebuildNow();
        Instant expiry = Instant.now().plus(1, ChronoUnit.DAYS);
        analyst = fixtures.token(fixtures.warp(), Role.ANALYST, expiry, TokenScope.EVENTS);
        tokenA = fixtures.token(memberA, Role.MEMBER, expiry, TokenScope.EVENTS);
        tokenB = fixtures.token(memberB, Role.MEMBER, expiry, TokenScope.EVENTS);
        rdpFile = csv(RDP_HEADER, List.of(
                Map.of("timestamp", day + " 10:15:00", "ip", netA + "10", "protocol", "tcp", "port", "3389", "asn", "28000", "geo", "UY", "severity", "high"),
                Map.of("timestamp", day + " 10:16:00", "ip", netA + "11", "protocol", "tcp", "port", "3389", "asn", "28000", "geo", "UY"),
                Map.of("timestamp", day + " 10:17:00", "ip", "999.1.1.1", "protocol", "tcp", "port", "3389"),
                Map.of("timestamp", day + " 11:00:00", "ip", netB + "20", "protocol", "tcp", "port", "3390", "asn", "6057", "geo", "UY")));
    }

    @AfterAll
    void restoreSegmentThresholds() {
        FeedWorker target = AopTestUtils.getTargetObject(worker);
        ReflectionTestUtils.setField(target, "segmentMinBytes", segmentMinBytes);
        ReflectionTestUtils.setField(target, "segmentMinRows", segmentMinRows);
    }

    private void hold(String prefix, Organisation organisation) {
        jdbc.sql("insert into ip_resources (prefix, organisation_id, status, country, registry, source) "
                        + "values (cast(? as cidr), ?, 'ASSIGNED', 'UY', 'lacnic', 'manual')")
                .params(prefix, organisation.id().value()).update();
    }

    @Test
    @Order(1)
    void aShadowserverFileOfEachTypeBecomesAttributedEventsWithExactCounts() throws Exception {
        rdpJob = upload("shadowserver", "scan_rdp", rdpFile, analyst);
        JsonNode job = await(rdpJob);
        assertThat(job.get("state").asString()).isEqualTo("SUCCEEDED");
        assertThat(counts(job)).containsExactly(4L, 3L, 1L, 0L);

        JsonNode rejects = JSON.readTree(get("/api/v1/feeds/jobs/" + rdpJob + "/rejects", analyst, "application/json").body());
        assertThat(rejects).hasSize(1);
        assertThat(rejects.get(0).get("line").asLong()).isEqualTo(4);
        assertThat(rejects.get(0).get("reason").asString()).contains("999.1.1.1");

        var rows = jdbc.sql("select host(source_ip), source_port, source_asn, classification_taxonomy, classification_type, "
                        + "time_source, holder_id, feed_code, day from events where job_id = ? order by time_source")
                .param(UUID.fromString(rdpJob)).query((rs, n) -> List.of(rs.getString(1), rs.getInt(2), rs.getLong(3),
                        rs.getString(4), rs.getString(5), rs.getTimestamp(6).toInstant(), rs.getString(7), rs.getString(8),
                        rs.getDate(9).toLocalDate()))
                .list();
        assertThat(rows).containsExactly(
                List.of(netA + "10", 3389, 28000L, "vulnerable", "vulnerable-system", at("10:15:00"), memberA.id().value().toString(), "scan_rdp", day),
                List.of(netA + "11", 3389, 28000L, "vulnerable", "vulnerable-system", at("10:16:00"), memberA.id().value().toString(), "scan_rdp", day),
                List.of(netB + "20", 3390, 6057L, "vulnerable", "vulnerable-system", at("11:00:00"), memberB.id().value().toString(), "scan_rdp", day));
        // In a segment of the job's own, indexed when the job ended.
        assertThat(jdbc.sql("select distinct s.indexed from events e join event_segments s on s.day = e.day "
                + "and s.segment = e.segment where e.job_id = ?").param(UUID.fromString(rdpJob)).query(Boolean.class).list())
                .containsExactly(true);

        String blocklist = csv(BLOCKLIST_HEADER, List.of(
                Map.of("timestamp", day + " 09:00:00", "ip", netA + "30", "asn", "28000", "geo", "UY", "reason", "scanner"),
                Map.of("timestamp", day + " 09:05:00", "ip", netB + "31", "asn", "6057", "geo", "UY", "reason", "spam")));
        JsonNode second = await(upload("shadowserver", "blocklist", blocklist, analyst));
        assertThat(second.get("state").asString()).isEqualTo("SUCCEEDED");
        assertThat(counts(second)).containsExactly(2L, 2L, 0L, 0L);
        assertThat(jdbc.sql("select classification_taxonomy || '/' || classification_type from events where source_ip = cast(? as inet)")
                .param(netA + "30").query(String.class).single()).isEqualTo("other/blocklist");

        // Rollups count what was stored, by holder and type.
        assertThat(jdbc.sql("select count from event_rollups where day = ? and holder_id = ? and type = 'vulnerable-system'")
                .params(day, memberA.id().value()).query(Long.class).single()).isEqualTo(2L);
    }

    @Test
    @Order(2)
    void theSameFileAgainAddsNothing() throws Exception {
        long before = eventsOnOurNetworks();
        JsonNode again = await(upload("shadowserver", "scan_rdp", rdpFile, analyst));
        assertThat(again.get("state").asString()).isEqualTo("SUCCEEDED");
        assertThat(counts(again)).containsExactly(4L, 0L, 1L, 3L);
        assertThat(eventsOnOurNetworks()).isEqualTo(before);
        assertThat(jdbc.sql("select count from event_rollups where day = ? and holder_id = ? and type = 'vulnerable-system'")
                .params(day, memberA.id().value()).query(Long.class).single()).isEqualTo(2L);
    }

    @Test
    @Order(3)
    void eachMemberSeesItsOwnEventsAndNoneOfAnothers() throws Exception {
        String query = "/api/v1/events?time.min=" + day + "T00:00:00Z&time.max=" + day.plusDays(1) + "T00:00:00Z";
        long audited = auditProbe.lastSeq();
        List<String> seenByA = sourceIps(get(query, tokenA, "application/json"));
        assertThat(seenByA).contains(netA + "10", netA + "11", netA + "30").noneMatch(ip -> ip.startsWith(netB));
        List<String> seenByB = sourceIps(get(query, tokenB, "application/json"));
        assertThat(seenByB).contains(netB + "20", netB + "31").noneMatch(ip -> ip.startsWith(netA));
        assertThat(auditProbe.since(audited, "CONFIDENTIAL_READ")).hasSize(2);

        // The analyst searches everything, here narrowed to one member's prefix and a type.
        HttpResponse<String> analystView = get(query + "&source.ip=" + netA + "0/24&classification.type=vulnerable-system",
                analyst, "application/json");
        assertThat(sourceIps(analystView)).containsExactly(netA + "11", netA + "10");

        // NDJSON and CSV carry the same events, IntelMQ names.
        HttpResponse<String> ndjson = get(query + "&source.ip=" + netB + "20", tokenB, "application/x-ndjson");
        assertThat(ndjson.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/x-ndjson");
        assertThat(ndjson.body().lines().toList()).singleElement().satisfies(line ->
                assertThat(JSON.readTree(line).get("source.port").asInt()).isEqualTo(3390));
        HttpResponse<String> csv = get(query + "&source.ip=" + netB + "20", tokenB, "text/csv");
        assertThat(csv.body().lines().toList()).hasSize(2).first().asString().startsWith("time.source,time.observation,");

        // Keyset pages: one event a page, the cursor leads through all of them without repeats.
        List<String> paged = new ArrayList<>();
        String next = null;
        do {
            HttpResponse<String> page = get(query + "&limit=1" + (next == null ? "" : "&cursor=" + next), tokenA,
                    "application/json");
            JsonNode body = JSON.readTree(page.body());
            body.get("events").forEach(e -> paged.add(e.get("source.ip").asString()));
            next = body.get("next").isNull() ? null : body.get("next").asString();
        } while (next != null && paged.size() < 100);
        assertThat(paged).containsExactlyElementsOf(seenByA);

        assertThat(get("/api/v1/events?time.min=" + day.minusDays(40) + "T00:00:00Z", tokenA, "application/json")
                .statusCode()).isEqualTo(400);
    }

    @Test
    @Order(3)
    void rollupsCountEachMembersEventsAndShowAMemberOnlyItsOwn() throws Exception {
        String path = "/api/v1/events/rollups?from=" + day + "&to=" + day + "&classification.type=vulnerable-system";
        HttpResponse<String> own = get(path, tokenA, "application/json");
        assertThat(own.statusCode()).as(own.body()).isEqualTo(200);
        JsonNode counts = JSON.readTree(own.body());
        assertThat(counts).singleElement().satisfies(c -> {
            assertThat(c.get("holderId").asString()).isEqualTo(memberA.id().value().toString());
            assertThat(c.get("count").asLong()).isEqualTo(2);
            assertThat(c.get("asn").asLong()).isEqualTo(28000);
            assertThat(c.get("feedName").asString()).isNotBlank();
        });
        List<String> holders = new ArrayList<>();
        JSON.readTree(get(path, analyst, "application/json").body()).forEach(c -> holders.add(c.get("holderId").asString()));
        assertThat(holders).contains(memberA.id().value().toString(), memberB.id().value().toString());
    }

    @Test
    @Order(4)
    void anUnknownReportTypeFailsTheJobListingTheSupportedOnes() throws Exception {
        JsonNode job = await(upload("shadowserver", "no_such_report", rdpFile, analyst));
        assertThat(job.get("state").asString()).isEqualTo("FAILED");
        assertThat(job.get("error").asString()).contains("no_such_report").contains("scan_rdp").contains("blocklist");
        assertThat(job.get("accepted").asLong()).isZero();
    }

    @Test
    @Order(5)
    void aSmallJobInterruptedAfterABatchResumesWithoutDuplicates() throws Exception {
        // A small job commits batch by batch (the thresholds as they are by default for this one).
        FeedWorker target = AopTestUtils.getTargetObject(worker);
        ReflectionTestUtils.setField(target, "segmentMinBytes", segmentMinBytes);
        try {
            interruptedAfterABatch();
        } finally {
            ReflectionTestUtils.setField(target, "segmentMinBytes", 1L);
        }
    }

    @Test
    @Order(5)
    void aLargeJobInterruptedStartsAgainFromItsFirstRowWithoutDuplicates() throws Exception {
        List<Map<String, String>> rows = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            rows.add(Map.of("timestamp", day + " 13:0" + i + ":00", "ip", netA + (120 + i), "protocol", "tcp", "port", "3389"));
        }
        // The state a crash leaves behind a large job (ADR 0017): RUNNING, its worker gone, its progress shown
        // (here made up) but nothing of it stored, since all of it was one transaction.
        String jobId = await(upload("shadowserver", "scan_rdp", csv(RDP_HEADER, rows.subList(0, 1)), analyst))
                .get("jobId").asString();
        UUID id = UUID.fromString(jobId);
        jdbc.sql("delete from events where job_id = ?").param(id).update();
        Path whole = Files.writeString(Files.createTempFile("scan_rdp", ".csv"), csv(RDP_HEADER, rows));
        jdbc.sql("update feed_jobs set stored_path = ?, state = 'RUNNING', finished_at = null, rows_read = 4, "
                + "accepted = 3, duplicates = 1, heartbeat = now() - interval '10 minutes' where id = ?")
                .params(whole.toString(), id).update();

        worker.runNext();
        JsonNode job = await(jobId);
        assertThat(job.get("state").asString()).isEqualTo("SUCCEEDED");
        assertThat(counts(job)).containsExactly(5L, 5L, 0L, 0L);
        assertThat(jdbc.sql("select count(*) from events where job_id = ?").param(id).query(Long.class).single())
                .isEqualTo(5L);
        // Rows that name no country get the holder's from the registry, with the holder.
        assertThat(jdbc.sql("select distinct source_geolocation_cc || ' ' || holder_id from events where job_id = ?")
                .param(id).query(String.class).list()).containsExactly("UY " + memberA.id().value());
    }

    private void interruptedAfterABatch() throws Exception {
        List<Map<String, String>> rows = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            rows.add(Map.of("timestamp", day + " 12:0" + i + ":00", "ip", netA + (100 + i), "protocol", "tcp", "port", "3389"));
        }
        String full = csv(RDP_HEADER, rows);
        String firstPart = csv(RDP_HEADER, rows.subList(0, 2));
        // The state a crash leaves behind: the first batch (two rows) committed, the job RUNNING, its
        // worker gone. Made by ingesting the first part of the file, then pointing the job at the whole.
        String jobId = await(upload("shadowserver", "scan_rdp", firstPart, analyst)).get("jobId").asString();
        Path whole = Files.writeString(Files.createTempFile("scan_rdp", ".csv"), full);
        jdbc.sql("update feed_jobs set stored_path = ?, state = 'RUNNING', finished_at = null, "
                + "heartbeat = now() - interval '10 minutes' where id = ?").params(whole.toString(), UUID.fromString(jobId)).update();

        worker.runNext();
        JsonNode job = await(jobId);
        assertThat(job.get("state").asString()).isEqualTo("SUCCEEDED");
        assertThat(counts(job)).containsExactly(6L, 6L, 0L, 0L);
        assertThat(jdbc.sql("select count(*) from events where job_id = ?").param(UUID.fromString(jobId))
                .query(Long.class).single()).isEqualTo(6L);
        assertThat(jdbc.sql("select count(*) from events where source_ip << cast(? as inet) and time_source >= ? "
                        + "and time_source < ?")
                .params(netA + "0/24", java.sql.Timestamp.from(at("12:00:00")), java.sql.Timestamp.from(at("13:00:00")))
                .query(Long.class).single()).isEqualTo(6L);
    }

    @Test
    @Order(5)
    void aLargeJobRefusedDeepInItsFileStoresNothingAndASecondCorrectedFileAddsAll() throws Exception {
        List<Map<String, String>> rows = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            rows.add(Map.of("timestamp", day + " 14:0" + i + ":00", "ip", netA + (130 + i), "protocol", "tcp", "port",
                    "3389", "city", i == 6 ? "PAYSANDÚ" : "MONTEVIDEO"));
        }
        String text = csv(RDP_HEADER, rows);
        FeedWorker target = AopTestUtils.getTargetObject(worker);
        Object batchSize = ReflectionTestUtils.getField(target, "batchSize");
        // Batches of two: three of them are written inside the job's transaction before the bad row is read.
        ReflectionTestUtils.setField(target, "batchSize", 2);
        try {
            HttpResponse<String> sent = post("/api/v1/feeds/uploads?format=shadowserver&report=scan_rdp",
                    HttpRequest.BodyPublishers.ofByteArray(text.getBytes(StandardCharsets.ISO_8859_1)), analyst);
            assertThat(sent.statusCode()).as(sent.body()).isEqualTo(202);
            String jobId = JSON.readTree(sent.body()).get("jobId").asString();
            JsonNode failed = await(jobId);
            assertThat(failed.get("state").asString()).isEqualTo("FAILED");
            assertThat(failed.get("error").asString()).contains("not UTF-8").contains("line 8");
            // All one transaction: the batches before the bad row are gone, and the counts shown say so.
            assertThat(counts(failed)).containsExactly(0L, 0L, 0L, 0L);
            assertThat(jdbc.sql("select count(*) from events where job_id = ?").param(UUID.fromString(jobId))
                    .query(Long.class).single()).isZero();
            assertThat(jdbc.sql("select count(*) from event_segments where job_id = ?").param(UUID.fromString(jobId))
                    .query(Long.class).single()).isZero();

            JsonNode corrected = await(upload("shadowserver", "scan_rdp", text, analyst));
            assertThat(corrected.get("state").asString()).isEqualTo("SUCCEEDED");
            assertThat(counts(corrected)).containsExactly(7L, 7L, 0L, 0L);
        } finally {
            ReflectionTestUtils.setField(target, "batchSize", batchSize);
        }
    }

    @Test
    @Order(6)
    void retentionDropsWholeOldPartitionsAndKeepsRollups() throws Exception {
        LocalDate old = LocalDate.now(ZoneOffset.UTC).minusDays(400);
        String line = "{\"time.source\":\"" + old + "T08:00:00+00:00\",\"classification.taxonomy\":\"malicious-code\","
                + "\"classification.type\":\"c2-server\",\"source.ip\":\"" + netA + "200\",\"feed.name\":\"retention test\"}\n";
        JsonNode job = await(upload("jsonl", null, line, analyst));
        assertThat(counts(job)).containsExactly(1L, 1L, 0L, 0L);
        assertThat(partitions.days()).contains(old);

        assertThat(partitions.dropOlderThan(LocalDate.now(ZoneOffset.UTC).minusDays(180))).contains(old);
        assertThat(partitions.days()).doesNotContain(old).contains(day);
        assertThat(jdbc.sql("select count(*) from events where day = ?").param(old).query(Long.class).single()).isZero();
        assertThat(jdbc.sql("select sum(count) from event_rollups where day = ? and feed_name = 'retention test'")
                .param(old).query(Long.class).single()).isEqualTo(1L);
    }

    @Test
    @Order(7)
    void onlyFeedIngestersMayUploadAndAnOversizedOrUnknownFormatIsRefused() throws Exception {
        assertThat(post("/api/v1/feeds/uploads?format=shadowserver", rdpFile, tokenA).statusCode()).isEqualTo(403);
        HttpResponse<String> unknown = post("/api/v1/feeds/uploads?format=xml", rdpFile, analyst);
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(unknown.body()).contains("shadowserver").contains("jsonl");
    }

    @Test
    @Order(9)
    void aMemberSeesItsOwnEventsAtAnyTlpAndOthersSharedThreatsOnlyNewestFirstAcrossPages() throws Exception {
        LocalDate other = day.minusDays(2);
        String lines = String.join("\n",
                jsonl(other + "T08:00:00+00:00", "information-gathering", "scanner", netB + "40", "GREEN"),
                jsonl(other + "T08:01:00+00:00", "vulnerable", "vulnerable-system", netB + "41", "GREEN"),
                jsonl(other + "T08:02:00+00:00", "malicious-code", "c2-server", netB + "42", "AMBER"),
                jsonl(other + "T08:03:00+00:00", "vulnerable", "vulnerable-system", netA + "43", "RED"),
                jsonl(other + "T08:04:00+00:00", "malicious-code", "c2-server", netA + "44", "CLEAR")) + "\n";
        JsonNode job = await(upload("jsonl", null, lines, analyst));
        assertThat(counts(job)).containsExactly(5L, 5L, 0L, 0L);
        String query = "/api/v1/events?time.min=" + other + "T00:00:00Z&time.max=" + other.plusDays(1) + "T00:00:00Z";

        // A's own (any TLP, its own threat once, not twice) and B's shared threat; not B's GREEN weakness, not B's AMBER C2.
        assertThat(sourceIps(get(query, tokenA, "application/json"))).containsExactly(netA + "44", netA + "43", netB + "40");
        assertThat(sourceIps(get(query, tokenB, "application/json")))
                .containsExactly(netA + "44", netB + "42", netB + "41", netB + "40");
        // Keyset pages over the union give the same order, without repeats.
        List<String> paged = new ArrayList<>();
        String next = null;
        do {
            JsonNode body = JSON.readTree(get(query + "&limit=2" + (next == null ? "" : "&cursor=" + next), tokenA,
                    "application/json").body());
            body.get("events").forEach(e -> paged.add(e.get("source.ip").asString()));
            next = body.get("next").isNull() ? null : body.get("next").asString();
        } while (next != null && paged.size() < 100);
        assertThat(paged).containsExactly(netA + "44", netA + "43", netB + "40");
    }

    private static String jsonl(String time, String taxonomy, String type, String ip, String tlp) {
        return "{\"time.source\":\"" + time + "\",\"classification.taxonomy\":\"" + taxonomy
                + "\",\"classification.type\":\"" + type + "\",\"source.ip\":\"" + ip + "\",\"tlp\":\"" + tlp
                + "\",\"feed.name\":\"threats test\"}";
    }

    @Test
    @Order(8)
    void anUploadOverTheSizeLimitIsRefusedAndNothingOfItKept() throws Exception {
        FeedIngest target = AopTestUtils.getTargetObject(ingest);
        Object limit = ReflectionTestUtils.getField(target, "maxBytes");
        Path feeds = dataDir.resolve("feeds").resolve(LocalDate.now(ZoneOffset.UTC).toString());
        long filesBefore = files(feeds);
        long jobsBefore = jdbc.sql("select count(*) from feed_jobs").query(Long.class).single();
        ReflectionTestUtils.setField(target, "maxBytes", 100L);
        try {
            HttpResponse<String> refused = post("/api/v1/feeds/uploads?format=shadowserver", rdpFile, analyst);
            assertThat(refused.statusCode()).isEqualTo(413);
            assertThat(refused.body()).contains("larger than the limit of 100 bytes");
        } finally {
            ReflectionTestUtils.setField(target, "maxBytes", limit);
        }
        assertThat(files(feeds)).isEqualTo(filesBefore);
        assertThat(jdbc.sql("select count(*) from feed_jobs").query(Long.class).single()).isEqualTo(jobsBefore);
    }

    @Test
    @Order(10)
    void rawComesBackFromTheArchivedFileForEachFormatWithinTheCallersAccessAndIsNullOnceTheFileIsGone() throws Exception {
        LocalDate rawDay = day.minusDays(3);
        String hostname = "\"two\nlines, a comma and \"\"quotes\"\"\"";
        List<String> rdp = List.of(
                rawDay + " 09:00:00,high," + netA + "140,tcp,3389," + hostname + ",rdp,28000,UY,,,,,,,",
                rawDay + " 09:01:00,high," + netA + "141,tcp,3389,ñandú.example,rdp,28000,UY,,,,,,,",
                rawDay + " 09:02:00,high," + netB + "142,tcp,3389,,rdp,6057,UY,,,,,,,");
        String rdpJob = upload("shadowserver", "scan_rdp", String.join(",", RDP_HEADER) + "\r\n" + String.join("\r\n", rdp) + "\r\n", analyst);
        assertThat(counts(await(rdpJob))).containsExactly(3L, 3L, 0L, 0L);

        String mapping = "raw-" + UUID.randomUUID().toString().substring(0, 8);
        HttpResponse<String> saved = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1/feeds/mappings/" + mapping))
                .header("Authorization", "Bearer " + analyst).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("""
                        {"delimiter": ";", "header": true, "timeFormat": "yyyy-MM-dd HH:mm",
                         "columns": {"Seen": "time.source", "Address": "source.ip", "Port": "source.port", "Note": "extra.note"},
                         "defaultClassification": "scanner", "tlp": "amber"}""")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(saved.statusCode()).as(saved.body()).isEqualTo(200);
        List<String> mapped = List.of(rawDay + " 09:03;" + netA + "143;22;\"a; b\"", rawDay + " 09:04;" + netB + "144;22;other");
        String csvJob = JSON.readTree(post("/api/v1/feeds/uploads?format=csv&mapping=" + mapping,
                "Seen;Address;Port;Note\n" + String.join("\n", mapped) + "\n", analyst).body()).get("jobId").asString();
        assertThat(counts(await(csvJob))).containsExactly(2L, 2L, 0L, 0L);

        String jsonLine = "{\"time.source\":\"" + rawDay + "T09:05:00+00:00\",\"classification.taxonomy\":\"malicious-code\","
                + "\"classification.type\":\"c2-server\",\"source.ip\":\"" + netA + "145\",\"feed.name\":\"raw test\"}";
        assertThat(counts(await(upload("jsonl", null, jsonLine + "\n", analyst)))).containsExactly(1L, 1L, 0L, 0L);

        String query = "/api/v1/events?time.min=" + rawDay + "T00:00:00Z&time.max=" + rawDay.plusDays(1) + "T00:00:00Z&raw=true";
        Map<String, String> expected = Map.of(netA + "140", rdp.get(0), netA + "141", rdp.get(1), netB + "142", rdp.get(2),
                netA + "143", mapped.get(0), netB + "144", mapped.get(1), netA + "145", jsonLine);

        // A member gets the raw of its own events, exactly as the rows were in the files, and none of another's.
        HttpResponse<String> mine = get(query, tokenA, "application/json");
        assertThat(mine.statusCode()).as(mine.body()).isEqualTo(200);
        assertThat(mine.headers().firstValue("X-Raw-Missing")).contains("0");
        Map<String, String> rawA = raws(JSON.readTree(mine.body()).get("events"));
        assertThat(rawA).containsEntry(netA + "140", expected.get(netA + "140")).containsEntry(netA + "141", expected.get(netA + "141"))
                .containsEntry(netA + "143", expected.get(netA + "143")).containsEntry(netA + "145", expected.get(netA + "145"))
                .doesNotContainKeys(netB + "142", netB + "144");
        assertThat(rawA.get(netA + "140")).contains("two\nlines");
        assertThat(sourceIps(get(query + "&source.ip=" + netB + "142", tokenA, "application/json"))).isEmpty();
        // The analyst gets every one; NDJSON carries it too.
        Map<String, String> all = raws(JSON.readTree(get(query, analyst, "application/json").body()).get("events"));
        assertThat(all).containsAllEntriesOf(expected);
        String ndjson = get(query + "&source.ip=" + netB + "144", tokenB, "application/x-ndjson").body();
        assertThat(new String(Base64.getDecoder().decode(JSON.readTree(ndjson.lines().findFirst().orElseThrow())
                .get("raw").asString()), StandardCharsets.UTF_8)).isEqualTo(mapped.get(1));
        // Without raw=true, no raw; with it, pages of at most 250.
        assertThat(JSON.readTree(get(query.replace("&raw=true", ""), analyst, "application/json").body()).get("events")
                .get(0).has("raw")).isFalse();
        assertThat(get(query + "&limit=251", analyst, "application/json").statusCode()).isEqualTo(400);

        // The archived file gone (retention, a cleanup): the events still come, their raw null, said why.
        Path archived = Path.of(jdbc.sql("select stored_path from feed_jobs where id = ?").param(UUID.fromString(rdpJob))
                .query(String.class).single());
        Path aside = archived.resolveSibling(archived.getFileName() + ".aside");
        Files.move(archived, aside);
        try {
            HttpResponse<String> gone = get(query + "&source.ip=" + netA + "0/24", analyst, "application/json");
            assertThat(gone.statusCode()).as(gone.body()).isEqualTo(200);
            assertThat(gone.headers().firstValue("X-Raw-Missing")).contains("2");
            JsonNode body = JSON.readTree(gone.body());
            assertThat(body.get("raw_problem").asString()).contains("no longer kept");
            body.get("events").forEach(e -> {
                String ip = e.get("source.ip").asString();
                if (ip.equals(netA + "140") || ip.equals(netA + "141")) {
                    assertThat(e.get("raw").isNull()).as(ip).isTrue();
                } else if (expected.containsKey(ip)) {
                    assertThat(new String(Base64.getDecoder().decode(e.get("raw").asString()), StandardCharsets.UTF_8))
                            .isEqualTo(expected.get(ip));
                }
            });
        } finally {
            Files.move(aside, archived);
        }
    }

    private static Map<String, String> raws(JsonNode events) {
        Map<String, String> raw = new java.util.HashMap<>();
        events.forEach(e -> raw.put(e.get("source.ip").asString(), e.get("raw").isNull() ? null
                : new String(Base64.getDecoder().decode(e.get("raw").asString()), StandardCharsets.UTF_8)));
        return raw;
    }

    private static long files(Path dir) throws java.io.IOException {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (var list = Files.list(dir)) {
            return list.count();
        }
    }

    // ---- helpers

    private long eventsOnOurNetworks() {
        return jdbc.sql("select count(*) from events where source_ip << cast(? as inet) or source_ip << cast(? as inet)")
                .params(netA + "0/24", netB + "0/24").query(Long.class).single();
    }

    private Instant at(String time) {
        return Instant.parse(day + "T" + time + "Z");
    }

    private static List<String> sourceIps(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        List<String> ips = new ArrayList<>();
        JSON.readTree(response.body()).get("events").forEach(e -> ips.add(e.get("source.ip").asString()));
        return ips;
    }

    private static List<Long> counts(JsonNode job) {
        return List.of(job.get("rows").asLong(), job.get("accepted").asLong(), job.get("rejected").asLong(),
                job.get("duplicates").asLong());
    }

    private static String csv(List<String> header, List<Map<String, String>> rows) {
        StringBuilder s = new StringBuilder(String.join(",", header)).append('\n');
        for (Map<String, String> row : rows) {
            s.append(header.stream().map(c -> row.getOrDefault(c, "")).collect(Collectors.joining(","))).append('\n');
        }
        return s.toString();
    }

    private String upload(String format, String report, String body, String token) throws Exception {
        HttpResponse<String> response = post("/api/v1/feeds/uploads?format=" + format
                + (report == null ? "" : "&report=" + report), body, token);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        return JSON.readTree(response.body()).get("jobId").asString();
    }

    private HttpResponse<String> post(String path, String body, String token) throws Exception {
        return post(path, HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8), token);
    }

    private HttpResponse<String> post(String path, HttpRequest.BodyPublisher body, String token) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Authorization", "Bearer " + token).header("Content-Type", "text/csv").POST(body).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path, String token, String accept) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Authorization", "Bearer " + token).header("Accept", accept).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** The job once it has finished, as the job API shows it. */
    private JsonNode await(String jobId) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (true) {
            HttpResponse<String> response = get("/api/v1/feeds/jobs/" + jobId, analyst, "application/json");
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            JsonNode job = JSON.readTree(response.body());
            String state = job.get("state").asString();
            if (state.equals("SUCCEEDED") || state.equals("FAILED")) {
                return job;
            }
            assertThat(Instant.now()).as("job " + jobId + " still " + state).isBefore(deadline);
            Thread.sleep(200);
        }
    }
}
