package lat.warp.registry;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import lat.warp.registry.internal.AttributionIndexHolder;
import lat.warp.registry.internal.ScheduledRefresh;
import lat.warp.shared.Role;
import lat.warp.shared.TokenScope;
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
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The other ways data reaches the registry: a second delegated file in which a block changed hands,
 * the member roster (JSON and CSV), RDAP abuse contacts from a local RDAP server, and the scheduled
 * pull of a configured source. Uses a small AFRINIC-style file so that it never touches LACNIC's rows.
 */
@WarpIntegrationTest
@Tag("persistence")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RegistrySourcesIntegrationTest {

    static final String FIRST = """
            2.3|afrinic|20240101|3|19870101|20240101|+0000
            afrinic|*|ipv4|*|3|summary
            afrinic|ZA|ipv4|196.250.1.0|256|20200101|allocated|HOLDER-A
            afrinic|ZA|ipv4|196.250.2.0|256|20200101|allocated|HOLDER-A
            afrinic|KE|ipv4|196.250.4.0|512|20200101|allocated|HOLDER-B
            """;

    /** A day later: the opaque ids are new, and 196.250.2.0/24 moved from the first holder to the second. */
    static final String SECOND = """
            2.3|afrinic|20240102|3|19870101|20240102|+0000
            afrinic|*|ipv4|*|3|summary
            afrinic|ZA|ipv4|196.250.1.0|256|20200101|allocated|X1
            afrinic|KE|ipv4|196.250.2.0|256|20231201|allocated|X2
            afrinic|KE|ipv4|196.250.4.0|512|20200101|allocated|X2
            """;

    @LocalServerPort
    int port;

    @Autowired
    Fixtures fixtures;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    Attribution attribution;

    @Autowired
    AttributionIndexHolder index;

    @Autowired
    ScheduledRefresh refresh;

    final HttpClient http = HttpClient.newHttpClient();
    final Map<String, byte[]> served = new ConcurrentHashMap<>();
    final AtomicInteger rdapRequests = new AtomicInteger();
    HttpServer server;
    boolean stopped;
    String token;

    @BeforeAll
    void start() throws Exception {
        token = fixtures.token(fixtures.warp(), Role.ADMIN, Instant.now().plus(1, ChronoUnit.DAYS), TokenScope.REGISTRY,
                TokenScope.ADMIN);
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 18999), 0);
        server.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            if (path.startsWith("/rdap/")) {
                rdapRequests.incrementAndGet();
            }
            byte[] body = served.get(path);
            exchange.getResponseHeaders().add("Content-Type",
                    path.startsWith("/rdap/") ? "application/rdap+json" : "text/plain");
            exchange.sendResponseHeaders(body == null ? 404 : 200, body == null ? -1 : body.length);
            if (body != null) {
                exchange.getResponseBody().write(body);
            }
            exchange.close();
        });
        server.start();
    }

    @AfterAll
    void stop() {
        if (!stopped) {
            server.stop(0);
        }
    }

    HttpResponse<String> post(String path, String body, String type) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Authorization", "Bearer " + token).header("Content-Type", type)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    AttributionResult attribute(String ip) {
        index.rebuildNow();
        return attribution.attribute(IpPrefix.IpAddress.parse(ip));
    }

    @Test
    @Order(1)
    void aScheduledRefreshPullsTheConfiguredSourceOverHttp() {
        served.put("/sources/delegated-afrinic-test", FIRST.getBytes(StandardCharsets.US_ASCII));

        var reports = refresh.refreshNow();

        assertThat(reports).singleElement().satisfies(r -> {
            assertThat(r.outcome()).isEqualTo("APPLIED");
            assertThat(r.added()).isEqualTo(3);
            assertThat(r.sourceName()).isEqualTo("delegated-afrinic-test");
        });
        assertThat(attribute("196.250.5.200").registry()).isEqualTo("afrinic");
        assertThat(attribute("196.250.1.1").holder().id()).isEqualTo(attribute("196.250.2.1").holder().id());
    }

    @Test
    @Order(2)
    void aTransferBetweenHoldersShowsAsAChangeInTheNextFile() throws Exception {
        String firstHolder = attribute("196.250.1.1").holder().id();
        String secondHolder = attribute("196.250.4.1").holder().id();

        HttpResponse<String> response = post("/api/v1/registry/imports/delegated?name=afrinic-day-2", SECOND,
                "text/plain");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.body()).contains("\"added\":0", "\"changed\":1", "\"removed\":0", "\"holdersCreated\":0");
        assertThat(attribute("196.250.1.1").holder().id()).isEqualTo(firstHolder);
        assertThat(attribute("196.250.2.1").holder().id()).isEqualTo(secondHolder);
        assertThat(attribute("196.250.2.1").country()).isEqualTo("KE");
    }

    @Test
    @Order(3)
    void theRosterNamesTheHolderAndGivesItsContactsAndIsIdempotent() throws Exception {
        String roster = """
                [{"memberId": "AF-0001", "name": "Roster Member One", "country": "ZA", "sector": "ISP",
                  "contacts": [{"role": "abuse", "email": "abuse@member-one.example", "language": "en"},
                               {"role": "security", "email": "csirt@member-one.example"}],
                  "resources": ["196.250.1.0/24", "AS64496", "member-one.example"]}]""";

        HttpResponse<String> first = post("/api/v1/registry/imports/roster?format=json&name=roster.json", roster,
                "application/json");
        HttpResponse<String> again = post("/api/v1/registry/imports/roster?format=json&name=roster.json", roster,
                "application/json");

        assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
        assertThat(first.body()).contains("\"outcome\":\"APPLIED\"", "\"organisationsCreated\":1");
        assertThat(again.body()).contains("\"outcome\":\"UNCHANGED\"");
        AttributionResult result = attribute("196.250.1.77");
        assertThat(result.holder().name()).isEqualTo("Roster Member One");
        assertThat(result.abuseContacts()).extracting(AttributionResult.AbuseContact::email)
                .containsExactly("abuse@member-one.example");
    }

    @Test
    @Order(4)
    void aRosterInCsvWithABadRowIsRefusedWithItsLine() throws Exception {
        String csv = """
                member_id,name,country,sector,abuse_email,security_email,admin_email,language,resources
                AF-0002,Roster Member Two,KE,ISP,abuse@two.example,,,en,196.250.4.0/23
                AF-0003,Roster Member Three,Kenya,ISP,not-an-email,,,en,196.250.99.0/24
                """;

        HttpResponse<String> response = post("/api/v1/registry/imports/roster?format=csv&name=roster.csv", csv,
                "text/csv");

        assertThat(response.statusCode()).isEqualTo(422);
        assertThat(response.body()).contains("\"line\":3", "Nothing was changed");
        assertThat(attribute("196.250.4.1").holder().name()).isNotEqualTo("Roster Member Two");
    }

    @Test
    @Order(5)
    void rdapAbuseContactsAreStoredForTheHolderAndServedFromTheCache() throws Exception {
        try (InputStream in = getClass().getResourceAsStream("/registry/rdap/lacnic-ip-200.3.12.0-22.json")) {
            served.put("/rdap/ip/196.250.4.9", in.readAllBytes());
        }

        HttpResponse<String> response = post("/api/v1/registry/rdap/196.250.4.9", "", "text/plain");
        HttpResponse<String> again = post("/api/v1/registry/rdap/196.250.4.9", "", "text/plain");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.body()).contains("\"found\":true", "\"network\":\"200.3.12.0/22\"", "\"source\":\"rdap\"");
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(rdapRequests).hasValue(1);
        assertThat(attribute("196.250.4.9").abuseContacts()).isNotEmpty()
                .allSatisfy(c -> assertThat(c.source()).isEqualTo("rdap"));
    }

    @Test
    @Order(6)
    void rdapThatCannotBeReachedWithNothingCachedIsA503() throws Exception {
        server.stop(0);
        stopped = true;

        HttpResponse<String> response = post("/api/v1/registry/rdap/196.250.2.9", "", "text/plain");

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/problem+json");
    }
}
