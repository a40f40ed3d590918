package lat.warp.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import lat.warp.registry.Organisation;
import lat.warp.registry.internal.AttributionIndexHolder;
import lat.warp.shared.Role;
import lat.warp.testing.Fixtures;
import lat.warp.testing.Fixtures.TestUser;
import lat.warp.testing.HttpTestClient;
import lat.warp.testing.WarpIntegrationTest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The events and feeds pages over HTTP as people use them: an analyst uploads a Shadowserver report on
 * /feeds and follows its job, each member sees (and downloads) only its own events, a member may not
 * upload, and a bad filter is explained on the page.
 */
@WarpIntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EventPagesIntegrationTest {

    static final String RDP_HEADER = "timestamp,severity,ip,protocol,port,hostname,tag,asn,geo,region,city,naics,"
            + "hostname_source,sector,handshake,rdp_protocol";
    private static final DateTimeFormatter CSV_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

    @LocalServerPort int port;
    @Autowired Fixtures fixtures;
    @Autowired JdbcClient jdbc;
    @Autowired lat.warp.events.internal.FeedMappingStore mappingStore;
    @Autowired AttributionIndexHolder index;

    private Organisation memberA;
    private Organisation memberB;
    private String netA;
    private String netB;
    private HttpTestClient analyst;
    private String jobId;

    @BeforeAll
    void setUp() {
        memberA = fixtures.member();
        memberB = fixtures.member();
        String[] nets = freshNets(jdbc);
        netA = nets[0];
        netB = nets[1];
        hold(jdbc, netA + "0/24", memberA);
        hold(jdbc, netB + "0/24", memberB);
        index.rebuildNow();
        analyst = logIn(fixtures.user(Role.ANALYST));
    }

    /** The two /24s of a /23 of 100.64.0.0/10 that no row holds yet, as "100.x.y." prefixes. */
    static String[] freshNets(JdbcClient jdbc) {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        for (int attempt = 0; attempt < 1_000; attempt++) {
            int second = 64 + r.nextInt(64);
            int third = 2 * r.nextInt(128);
            String a = "100." + second + "." + third + ".";
            String b = "100." + second + "." + (third + 1) + ".";
            if (jdbc.sql("select count(*) from ip_resources where prefix && cast(? as cidr) or prefix && cast(? as cidr)")
                    .params(a + "0/24", b + "0/24").query(Long.class).single() == 0) {
                return new String[] {a, b};
            }
        }
        throw new IllegalStateException("no free /24 pair left in 100.64.0.0/10");
    }

    static void hold(JdbcClient jdbc, String prefix, Organisation organisation) {
        jdbc.sql("insert into ip_resources (prefix, organisation_id, status, country, registry, source) "
                        + "values (cast(? as cidr), ?, 'ASSIGNED', 'UY', 'lacnic', 'manual')")
                .params(prefix, organisation.id().value()).update();
    }

    /** A scan_rdp report with one row in each network, an hour ago. */
    static String report(String netA, String netB) {
        String time = CSV_TIME.format(Instant.now().minus(1, ChronoUnit.HOURS));
        return RDP_HEADER + "\n"
                + time + ",high," + netA + "10,tcp,3389,,,28000,UY,,,,,,,\n"
                + time + ",high," + netB + "20,tcp,3390,,,6057,UY,,,,,,,\n";
    }

    @Test
    @Order(1)
    void anAnalystUploadsAReportAndFollowsItsJobToTheEnd() throws Exception {
        HttpResponse<String> form = analyst.get("/feeds");
        assertThat(form.statusCode()).isEqualTo(200);
        assertThat(form.body()).contains("enctype=\"multipart/form-data\"", "value=\"scan_rdp\"", "href=\"/feeds\"",
                "href=\"/events\"");

        String csv = report(netA, netB) + "not-a-time,high,999.1.1.1,tcp,3389,,,,,,,,,,,\n";
        HttpResponse<String> upload = analyst.postMultipart("/feeds", Map.of("format", "shadowserver", "report", "scan_rdp"),
                "file", "pages-test.csv", csv.getBytes(StandardCharsets.UTF_8), "/feeds");
        assertThat(upload.statusCode()).as(upload.body()).isEqualTo(302);
        String location = upload.headers().firstValue("Location").orElseThrow();
        Matcher m = Pattern.compile("/feeds/jobs/([0-9a-f-]{36})$").matcher(location);
        assertThat(m.find()).as(location).isTrue();
        jobId = m.group(1);

        HttpResponse<String> page = analyst.get("/feeds/jobs/" + jobId);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("pages-test.csv", "id=\"job-progress\"");

        // The fragment the page polls, until the job is done: then it no longer asks to be polled.
        String fragment = awaitFinished(jobId);
        assertThat(fragment).doesNotContain("<html", "hx-trigger").contains("Succeeded", "id=\"job-accepted\">2<",
                "id=\"job-rows\">3<", "id=\"job-rejected\">1<", "id=\"job-duplicates\">0<", "rows/s");
        assertThat(fragment).contains("id=\"job-rejects\"", ">4<");

        HttpResponse<String> finished = analyst.get("/feeds/jobs/" + jobId);
        assertThat(finished.body()).doesNotContain("hx-trigger", "id=\"job-refresh\"");
        assertThat(analyst.get("/feeds").body()).contains("/feeds/jobs/" + jobId, "pages-test.csv");
    }

    @Test
    @Order(2)
    void theJobPageOfARunningJobPollsAndOffersARefreshLink() {
        // A queued job in the table directly: its page must poll, and work without JavaScript.
        java.util.UUID id = java.util.UUID.randomUUID();
        jdbc.sql("insert into feed_jobs (id, state, format, source_name, stored_path, size_bytes, created_by, created_at) "
                        + "values (?, 'FAILED', 'shadowserver', 'x.csv', '/nonexistent', 0, 'test', now())")
                .param(id).update();
        jdbc.sql("update feed_jobs set state = 'RUNNING', started_at = now() - interval '10 seconds', rows_read = 500, "
                + "heartbeat = now() + interval '1 hour' where id = ?").param(id).update();
        String body = analyst.get("/feeds/jobs/" + id).body();
        assertThat(body).contains("hx-get=\"/feeds/jobs/" + id + "/progress\"", "hx-trigger=\"every 2s\"",
                "hx-swap=\"outerHTML\"", "href=\"/feeds/jobs/" + id + "\" id=\"job-refresh\"", "Running");
        assertThat(body).containsPattern("id=\"job-rate\">(4\\d|50) rows/s<");
        jdbc.sql("update feed_jobs set state = 'FAILED', error = 'test', finished_at = now() where id = ?").param(id).update();
    }

    @Test
    @Order(3)
    void eachMemberSeesAndDownloadsOnlyItsOwnEvents() {
        HttpTestClient a = logIn(fixtures.user(memberA, Role.MEMBER));
        HttpTestClient b = logIn(fixtures.user(memberB, Role.MEMBER));

        HttpResponse<String> pageA = a.get("/events");
        assertThat(pageA.statusCode()).isEqualTo(200);
        assertThat(pageA.body()).contains(netA + "10:3389", "AS28000", "TLP:AMBER", "vulnerable-system")
                .doesNotContain(netB + "20").doesNotContain("Holder");
        HttpResponse<String> pageB = b.get("/events?address=" + enc(netB + "0/24"));
        assertThat(pageB.body()).contains(netB + "20:3390").doesNotContain(netA + "10");

        HttpResponse<String> csv = a.get("/events/export.csv");
        assertThat(csv.statusCode()).isEqualTo(200);
        assertThat(csv.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/csv");
        assertThat(csv.body()).startsWith("time.source,time.observation,").contains(netA + "10").doesNotContain(netB);
        HttpResponse<String> ndjson = b.get("/events/export.ndjson?address=" + enc(netB + "20"));
        assertThat(ndjson.body().lines().toList()).singleElement().asString().contains("\"source.port\":3390");

        // A member may not upload feeds, nor follow their jobs.
        assertThat(a.get("/feeds").statusCode()).isEqualTo(403);
        assertThat(a.get("/feeds/jobs/" + jobId).statusCode()).isEqualTo(403);
        assertThat(a.get("/feeds").body()).doesNotContain("pages-test.csv");
        assertThat(pageA.body()).doesNotContain("href=\"/feeds\"");
    }

    @Test
    @Order(4)
    void theAnalystSeesBothWithTheirHoldersAndPagesThroughThem() {
        String filtered = "/events?type=vulnerable-system&address=" + enc(netA.substring(0, netA.length() - 1) + ".0/23");
        HttpResponse<String> page = analyst.get(filtered);
        assertThat(page.body()).contains(netA + "10:3389", netB + "20:3390", memberA.name(), memberB.name(),
                "href=\"/registry/organisations/" + memberA.id() + "\"");
        assertThat(analyst.get(filtered + "&asn=28000").body()).contains(netA + "10").doesNotContain(netB + "20");
        String feedName = jdbc.sql("select feed_name from events where source_ip = cast(? as inet)").param(netA + "10")
                .query(String.class).single();
        assertThat(analyst.get(filtered + "&feed=" + enc(feedName)).body()).contains(netA + "10", netB + "20");
        assertThat(analyst.get(filtered + "&feed=no-such-feed").body()).contains("No events match these filters.");

        // One event a page: "Older" carries the cursor and the filters and leads to the other event, then ends.
        String first = analyst.get(filtered + "&size=1").body();
        Matcher older = Pattern.compile("href=\"([^\"]+)\" id=\"events-older\"").matcher(first);
        assertThat(older.find()).as(first).isTrue();
        String olderLink = older.group(1).replace("&amp;", "&");
        assertThat(olderLink).contains("type=vulnerable-system", "size=1", "cursor=", "address=");
        String second = analyst.get(olderLink).body();
        boolean firstHasA = first.contains(netA + "10:3389");
        assertThat(second).contains(firstHasA ? netB + "20:3390" : netA + "10:3389")
                .doesNotContain(firstHasA ? netA + "10:3389" : netB + "20:3390").doesNotContain("id=\"events-older\"")
                .contains("Newest");
    }

    @Test
    @Order(5)
    void badFiltersAreExplainedOnThePage() {
        HttpTestClient a = logIn(fixtures.user(memberA, Role.MEMBER));
        HttpResponse<String> address = a.get("/events?address=not-an-address");
        assertThat(address.statusCode()).isEqualTo(400);
        assertThat(address.body()).contains("role=\"alert\"", "“not-an-address” is not an IPv4 or IPv6 address or prefix.")
                .contains("value=\"not-an-address\"").doesNotContain("id=\"events-table\"");

        Instant now = Instant.now();
        DateTimeFormatter form = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm").withZone(ZoneOffset.UTC);
        HttpResponse<String> window = a.get("/events?from=" + form.format(now.minus(Duration.ofDays(40))));
        assertThat(window.statusCode()).isEqualTo(400);
        assertThat(window.body()).contains("The time window may be at most 31 days");

        assertThat(a.get("/events?asn=ASX").body()).contains("“ASX” is not an AS number");
        assertThat(a.get("/events?from=yesterday").body()).contains("“yesterday” is not a time");
        assertThat(a.get("/events?cursor=garbage").body()).contains("This page link is not valid any more");
        assertThat(a.get("/events?from=" + form.format(now) + "&to=" + form.format(now.minus(Duration.ofDays(1)))).body())
                .contains("The end of the window must come after its start.");
        // A download with a bad filter goes back to the page that explains it.
        HttpResponse<String> export = a.get("/events/export.csv?address=nope");
        assertThat(export.statusCode()).isEqualTo(302);
        assertThat(export.headers().firstValue("Location").orElseThrow()).contains("/events?", "address=nope");
        // In Spanish too.
        assertThat(a.get("/events?address=nope&lang=es").body()).contains("“nope” no es una dirección ni un prefijo IPv4 o IPv6.");
    }

    @Test
    @Order(6)
    void theUploadFormOffersTheSavedCsvMappingsAndACsvFileNeedsOne() throws Exception {
        String name = "pages-" + java.util.UUID.randomUUID().toString().substring(0, 8);
        mappingStore.save(lat.warp.events.internal.FeedMappingStore.canonical(new FeedMapping(name, ";", true,
                Map.of("Seen", "time.source", "Address", "source.ip"), null, "scanner", "AMBER", null, null, null)), "test");
        HttpResponse<String> form = analyst.get("/feeds");
        assertThat(form.body()).contains("name=\"mapping\"", "value=\"" + name + "\"", "value=\"csv\"");

        byte[] csv = ("Seen;Address\n" + Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(1, ChronoUnit.HOURS) + ";" + netA + "30\n")
                .getBytes(StandardCharsets.UTF_8);
        // Without a mapping a csv file is refused, with the reason on the form.
        HttpResponse<String> refused = analyst.postMultipart("/feeds", Map.of("format", "csv"), "file", "x.csv", csv, "/feeds");
        assertThat(refused.statusCode()).isEqualTo(302);
        assertThat(refused.headers().firstValue("Location").orElseThrow()).endsWith("/feeds");
        assertThat(analyst.get("/feeds").body()).contains("saved column mappings");

        HttpResponse<String> upload = analyst.postMultipart("/feeds", Map.of("format", "csv", "mapping", name),
                "file", "mapped.csv", csv, "/feeds");
        String location = upload.headers().firstValue("Location").orElseThrow();
        Matcher m = Pattern.compile("/feeds/jobs/([0-9a-f-]{36})$").matcher(location);
        assertThat(m.find()).as(location).isTrue();
        assertThat(awaitFinished(m.group(1))).contains("Succeeded", "id=\"job-accepted\">1<");
    }

    private String awaitFinished(String id) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (true) {
            HttpResponse<String> fragment = analyst.get("/feeds/jobs/" + id + "/progress");
            assertThat(fragment.statusCode()).isEqualTo(200);
            if (!fragment.body().contains("hx-trigger")) {
                return fragment.body();
            }
            assertThat(Instant.now()).as("job " + id + " still running").isBefore(deadline);
            Thread.sleep(200);
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private HttpTestClient logIn(TestUser user) {
        HttpTestClient client = new HttpTestClient(port);
        HttpResponse<String> login = client.login(user.email(), user.password());
        assertThat(login.statusCode()).as("login of %s", user.email()).isEqualTo(302);
        if (user.totpSecret().length > 0) {
            HttpResponse<String> code = client.postForm("/login/two-factor",
                    Map.of("code", user.totp(Instant.now())), "/login/two-factor", true);
            assertThat(code.statusCode()).as("two-factor login of %s", user.email()).isEqualTo(302);
        }
        assertThat(client.get("/account?lang=en").statusCode()).isEqualTo(200);
        return client;
    }
}
