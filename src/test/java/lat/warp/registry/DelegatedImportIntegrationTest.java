package lat.warp.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.zip.GZIPInputStream;
import lat.warp.registry.internal.AttributionIndexHolder;
import lat.warp.registry.internal.imports.DelegatedFile;
import lat.warp.registry.internal.imports.DelegatedRecord;
import lat.warp.registry.internal.imports.DelegatedStatsParser;
import lat.warp.shared.Role;
import lat.warp.shared.TokenScope;
import lat.warp.testing.Fixtures;
import lat.warp.testing.WarpIntegrationTest;
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
 * The real LACNIC file of 2024-01-04 through the API: every block lands, the counts match the file's
 * summary, a second import changes nothing, every address of every record is attributed to that
 * record's holder and country, and a bad file is refused with the previous index left in service.
 */
@WarpIntegrationTest
@Tag("persistence")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DelegatedImportIntegrationTest {

    static final String FILE = "/registry/delegated-lacnic-extended-20240104.gz";

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

    final HttpClient http = HttpClient.newHttpClient();
    String token;
    byte[] file;
    DelegatedFile parsed;

    @BeforeAll
    void load() throws Exception {
        token = fixtures.token(fixtures.warp(), Role.ADMIN, Instant.now().plus(1, ChronoUnit.DAYS), TokenScope.REGISTRY,
                TokenScope.ADMIN);
        try (InputStream in = getClass().getResourceAsStream(FILE)) {
            file = in.readAllBytes();
        }
        try (InputStream in = getClass().getResourceAsStream(FILE)) {
            parsed = new DelegatedStatsParser().parse(in);
        }
    }

    HttpResponse<String> post(String path, byte[] body) throws Exception {
        return send(path, body, "application/octet-stream");
    }

    HttpResponse<String> postJson(String path, String json) throws Exception {
        return send(path, json.getBytes(StandardCharsets.UTF_8), "application/json");
    }

    HttpResponse<String> send(String path, byte[] body, String type) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Authorization", "Bearer " + token).header("Content-Type", type)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    @Order(1)
    void importingTheRealFileYieldsEveryBlockAndMatchesTheSummary() throws Exception {
        HttpResponse<String> response = post("/api/v1/registry/imports/delegated?name=lacnic-20240104", file);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.body()).contains("\"outcome\":\"APPLIED\"")
                .contains("\"recordsByType\":{\"ipv4\":19778,\"ipv6\":54199,\"asn\":14642}")
                .contains("\"summary\":{").contains("\"ipv4\":19778").contains("\"removed\":0");
        long prefixes = parsed.records().stream().filter(r -> r.type() != DelegatedRecord.ResourceType.ASN)
                .mapToLong(r -> r.prefixes().size()).sum();
        assertThat(jdbc.sql("select count(*) from ip_resources where registry = 'lacnic' and source = 'delegated'")
                .query(Long.class).single()).isEqualTo(prefixes);
        assertThat(jdbc.sql("select count(*) from asn_resources where registry = 'lacnic' and source = 'delegated'")
                .query(Long.class).single())
                .isEqualTo(14642);
        assertThat(jdbc.sql("select count(distinct organisation_id) from ip_resources where registry = 'lacnic'")
                .query(Long.class).single()).isGreaterThan(10_000);
    }

    @Test
    @Order(2)
    void importingTheSameFileAgainChangesNothing() throws Exception {
        HttpResponse<String> response = post("/api/v1/registry/imports/delegated?name=lacnic-20240104-again", file);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("\"outcome\":\"UNCHANGED\"", "\"added\":0", "\"changed\":0",
                "\"removed\":0", "\"holdersCreated\":0");
    }

    @Test
    @Order(3)
    void everyAddressOfEveryRecordIsAttributedToItsHolderAndCountry() {
        index.rebuildNow();
        Map<String, String> holderOfOpaqueId = new HashMap<>();
        Random random = new Random(42);
        int checked = 0;
        for (DelegatedRecord record : parsed.records()) {
            for (IpPrefix prefix : record.prefixes()) {
                for (IpPrefix.IpAddress address : List.of(prefix.network(), prefix.last(), inside(prefix, random))) {
                    AttributionResult result = attribution.attribute(address);
                    assertThat(result.inRegion()).as("%s of line %d", address, record.line()).isTrue();
                    assertThat(result.registry()).isEqualTo("lacnic");
                    assertThat(result.prefix()).isEqualTo(prefix.toString());
                    assertThat(result.status()).isEqualTo(record.status().name().toLowerCase());
                    // What enriching an event asks for agrees, the holder's id given ready as a UUID.
                    AttributionResult.Holding holding = attribution.holding(address);
                    assertThat(holding.holder()).isEqualTo(result.holder());
                    assertThat(holding.holderId()).isEqualTo(result.holder() == null ? null
                            : java.util.UUID.fromString(result.holder().id()));
                    assertThat(holding.country()).isEqualTo(result.country());
                    assertThat(holding.asn()).isEqualTo(result.asn());
                    assertThat(holding.asName()).isEqualTo(result.asName());
                    if (record.status().held()) {
                        assertThat(result.country()).isEqualTo(record.cc());
                        assertThat(result.holder()).isNotNull();
                        String before = holderOfOpaqueId.putIfAbsent(record.opaqueId(), result.holder().id());
                        assertThat(before == null || before.equals(result.holder().id()))
                                .as("all of holder %s's resources go to one organisation", record.opaqueId()).isTrue();
                    }
                    checked++;
                }
            }
        }
        assertThat(checked).isGreaterThan(200_000);
        assertThat(holderOfOpaqueId).hasSizeGreaterThan(13_000);
    }

    @Test
    @Order(4)
    void addressesOutsideTheRegionReportTheirRegistry() throws Exception {
        assertThat(attribution.attribute(IpPrefix.IpAddress.parse("8.8.8.8"))).satisfies(r -> {
            assertThat(r.inRegion()).isFalse();
            assertThat(r.registry()).isEqualTo("arin");
            assertThat(r.holder()).isNull();
        });
        assertThat(attribution.attribute(IpPrefix.IpAddress.parse("193.0.6.139")).registry()).isEqualTo("ripencc");
        assertThat(attribution.attribute(IpPrefix.IpAddress.parse("41.0.0.1")).registry()).isEqualTo("afrinic");
        assertThat(attribution.attribute(IpPrefix.IpAddress.parse("2001:4860:4860::8888")).registry()).isEqualTo("arin");
        HttpResponse<String> api = get("/api/v1/attribution/2a00:1450:4001::1");
        assertThat(api.statusCode()).isEqualTo(200);
        assertThat(api.body()).contains("\"inRegion\":false", "\"registry\":\"ripencc\"");
    }

    @Test
    @Order(5)
    void theApiAnswersForOneAddressAndForMany() throws Exception {
        DelegatedRecord v6 = parsed.records().stream()
                .filter(r -> r.type() == DelegatedRecord.ResourceType.IPV6 && r.status().held()).findFirst().orElseThrow();
        String address = v6.prefixes().getFirst().network().toString();

        HttpResponse<String> one = get("/api/v1/attribution/" + address);
        assertThat(one.statusCode()).isEqualTo(200);
        assertThat(one.body()).contains("\"inRegion\":true", "\"registry\":\"lacnic\"", "\"holder\":{",
                "\"country\":\"" + v6.cc() + "\"", "\"prefix\":\"" + v6.prefixes().getFirst() + "\"");

        HttpResponse<String> many = postJson("/api/v1/attribution",
                "[\"" + address + "\", \"8.8.8.8\", \"200.57.141.161\"]");
        assertThat(many.statusCode()).isEqualTo(200);
        assertThat(many.body()).startsWith("[{").contains("\"registry\":\"arin\"");
    }

    @Test
    @Order(6)
    void anInvalidAddressIsA400ProblemDetail() throws Exception {
        HttpResponse<String> response = get("/api/v1/attribution/999.1.1.1");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/problem+json");
        assertThat(response.body()).contains("Not an IP address");
        assertThat(postJson("/api/v1/attribution", "[\"1.2.3.4\", \"example.org\"]").body())
                .contains("Entry 2");
    }

    @Test
    @Order(7)
    void aTruncatedFileIsRefusedAndThePreviousIndexStaysInService() throws Exception {
        String text = new String(gunzip(file), StandardCharsets.US_ASCII);
        byte[] truncated = text.substring(0, text.length() / 2).getBytes(StandardCharsets.US_ASCII);
        long generation = index.current().generation();
        AttributionResult before = attribution.attribute(IpPrefix.IpAddress.parse("200.57.141.161"));

        HttpResponse<String> response = post("/api/v1/registry/imports/delegated?name=truncated", truncated);

        assertThat(response.statusCode()).isEqualTo(422);
        assertThat(response.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/problem+json");
        assertThat(response.body()).contains("\"outcome\":\"REFUSED\"", "Nothing was changed", "\"line\":");
        assertThat(index.current().generation()).isEqualTo(generation);
        assertThat(attribution.attribute(IpPrefix.IpAddress.parse("200.57.141.161"))).isEqualTo(before);
        assertThat(get("/api/v1/registry/imports?limit=1").body()).contains("\"outcome\":\"REFUSED\"", "truncated");
    }

    @Test
    @Order(8)
    void aBadLineIsRefusedWithItsLineNumber() throws Exception {
        String text = new String(gunzip(file), StandardCharsets.US_ASCII);
        String broken = text.replaceFirst("\\|24\\.152\\.4\\.0\\|1024\\|", "|24.152.4.300|1024|")
                .replaceFirst("\\|24\\.152\\.8\\.0\\|1024\\|", "|24.152.8.0|-5|");

        HttpResponse<String> response = post("/api/v1/registry/imports/delegated?name=broken",
                broken.getBytes(StandardCharsets.US_ASCII));

        assertThat(response.statusCode()).isEqualTo(422);
        assertThat(response.body()).contains("\"line\":6", "\"line\":7", "\"rejected\":2");
    }

    private static IpPrefix.IpAddress inside(IpPrefix prefix, Random random) {
        if (prefix.v6()) {
            long span = prefix.length() >= 64 ? 0 : random.nextLong() & (-1L >>> prefix.length());
            return new IpPrefix.IpAddress(true, prefix.hi() | span, random.nextLong() & (prefix.length() > 64 ? 0 : -1L));
        }
        long size = 1L << (32 - prefix.length());
        return IpPrefix.IpAddress.v4(prefix.lo() + (long) (random.nextDouble() * size));
    }

    private static byte[] gunzip(byte[] gz) throws Exception {
        try (InputStream in = new GZIPInputStream(new java.io.ByteArrayInputStream(gz))) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            in.transferTo(out);
            return out.toByteArray();
        }
    }
}
