package lat.warp.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import lat.warp.shared.Role;
import lat.warp.shared.TokenScope;
import lat.warp.testing.AuditProbe;
import lat.warp.testing.Fixtures;
import lat.warp.testing.WarpIntegrationTest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Saved column mappings over the API: save, preview, then upload a generic CSV file with one. */
@WarpIntegrationTest
@Tag("persistence")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FeedMappingsIntegrationTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @LocalServerPort int port;
    @Autowired Fixtures fixtures;
    @Autowired JdbcClient jdbc;
    @Autowired AuditProbe auditProbe;

    private final HttpClient http = HttpClient.newHttpClient();
    private String analyst;
    private String member;

    @BeforeAll
    void setUp() {
        Instant expiry = Instant.now().plus(1, ChronoUnit.DAYS);
        analyst = fixtures.token(fixtures.warp(), Role.ANALYST, expiry, TokenScope.EVENTS);
        member = fixtures.token(fixtures.member(), Role.MEMBER, expiry, TokenScope.EVENTS);
    }

    @Test
    void aSavedMappingPreviewsAndThenReadsAnUploadedCsvFile() throws Exception {
        String name = "team-x-" + UUID.randomUUID().toString().substring(0, 8);
        long audited = auditProbe.lastSeq();
        String definition = """
                {"delimiter": ";", "header": true, "timeFormat": "dd/MM/yyyy HH:mm",
                 "columns": {"Seen": "time.source", "Address": "source.ip", "Port": "source.port", "Note": "extra.note"},
                 "defaultClassification": "scanner", "tlp": "amber"}""";
        HttpResponse<String> saved = send("PUT", "/api/v1/feeds/mappings/" + name, definition, "application/json", analyst);
        assertThat(saved.statusCode()).as(saved.body()).isEqualTo(200);
        JsonNode mapping = JSON.readTree(saved.body());
        assertThat(mapping.get("defaultClassification").asString()).isEqualTo("information-gathering/scanner");
        assertThat(mapping.get("tlp").asString()).isEqualTo("AMBER");
        assertThat(JSON.readTree(send("GET", "/api/v1/feeds/mappings", null, null, analyst).body()).valueStream()
                .map(m -> m.get("name").asString())).contains(name);
        assertThat(send("GET", "/api/v1/feeds/mappings/" + name, null, null, member).statusCode()).isEqualTo(403);

        String file = """
                Seen;Address;Port;Note
                05/01/2024 10:15;198.51.100.7;3389;first
                05/01/2024 10:16;not-an-ip;22;second
                05/01/2024 10:17;198.51.100.8;22;third
                """;
        HttpResponse<String> preview = send("POST", "/api/v1/feeds/mappings/" + name + "/preview?rows=2", file, "text/csv", analyst);
        assertThat(preview.statusCode()).as(preview.body()).isEqualTo(200);
        JsonNode p = JSON.readTree(preview.body());
        assertThat(p.get("events")).hasSize(1);
        assertThat(p.get("events").get(0).get("source.ip").asString()).isEqualTo("198.51.100.7");
        assertThat(p.get("events").get(0).get("time.source").asString()).startsWith("2024-01-05T10:15");
        assertThat(p.get("problems")).hasSize(1);
        assertThat(p.get("problems").get(0).get("line").asLong()).isEqualTo(3);

        HttpResponse<String> upload = send("POST", "/api/v1/feeds/uploads?format=csv&mapping=" + name + "&name=teamx.csv",
                file, "text/csv", analyst);
        assertThat(upload.statusCode()).as(upload.body()).isEqualTo(202);
        String jobId = JSON.readTree(upload.body()).get("jobId").asString();
        JsonNode job = await(jobId);
        assertThat(job.get("state").asString()).as(job.toString()).isEqualTo("SUCCEEDED");
        assertThat(job.get("mapping").asString()).isEqualTo(name);
        assertThat(job.get("accepted").asLong()).isEqualTo(2);
        assertThat(job.get("rejected").asLong()).isEqualTo(1);
        assertThat(jdbc.sql("select host(source_ip) || ':' || source_port || ' ' || classification_type || ' ' || tlp "
                        + "from events where job_id = ? order by source_ip")
                .param(UUID.fromString(jobId)).query(String.class).list())
                .containsExactly("198.51.100.7:3389 scanner AMBER", "198.51.100.8:22 scanner AMBER");

        assertThat(send("DELETE", "/api/v1/feeds/mappings/" + name, null, null, analyst).statusCode()).isEqualTo(204);
        assertThat(send("GET", "/api/v1/feeds/mappings/" + name, null, null, analyst).statusCode()).isEqualTo(404);
        assertThat(auditProbe.since(audited, "FEED_MAPPING_CHANGED")).extracting(AuditProbe.Entry::objectId)
                .containsExactly(name, name);
    }

    @Test
    void anUnknownMappingOrAnInvalidOneIsRefusedNamingTheField() throws Exception {
        String secret = "secret-" + UUID.randomUUID().toString().substring(0, 8);
        send("PUT", "/api/v1/feeds/mappings/" + secret, """
                {"columns": {"ip": "source.ip", "t": "time.source"}, "defaultClassification": "scanner"}""", "application/json", analyst);

        HttpResponse<String> unknown = send("POST", "/api/v1/feeds/uploads?format=csv&mapping=nope", "a,b\n1,2\n",
                "text/csv", analyst);
        assertThat(unknown.statusCode()).isEqualTo(400);
        JsonNode problem = JSON.readTree(unknown.body());
        assertThat(problem.get("field").asString()).isEqualTo("mapping");
        assertThat(unknown.body()).contains("nope").doesNotContain(secret);
        assertThat(send("POST", "/api/v1/feeds/uploads?format=csv", "a\n", "text/csv", analyst).statusCode()).isEqualTo(400);

        assertField("{\"columns\": {\"ip\": \"source.ip\"}, \"defaultClassification\": \"scanner\"}", "columns");
        assertField("{\"columns\": {\"ip\": \"source.address\", \"t\": \"time.source\"}, \"defaultClassification\": \"scanner\"}", "columns");
        assertField("{\"delimiter\": \";;\", \"columns\": {\"ip\": \"source.ip\", \"t\": \"time.source\"}, \"defaultClassification\": \"scanner\"}", "delimiter");
        assertField("{\"timeFormat\": \"yyyy-qq-ppp{\", \"columns\": {\"ip\": \"source.ip\", \"t\": \"time.source\"}, \"defaultClassification\": \"scanner\"}", "timeFormat");
        assertField("{\"columns\": {\"ip\": \"source.ip\", \"t\": \"time.source\"}, \"defaultClassification\": \"no-such-type\"}", "defaultClassification");
        assertField("{\"columns\": {\"ip\": \"source.ip\", \"t\": \"time.source\"}}", "defaultClassification");
        assertField("{\"columns\": {\"ip\": \"source.ip\", \"t\": \"time.source\"}, \"defaultClassification\": \"scanner\", \"tlp\": \"pink\"}", "tlp");
    }

    private void assertField(String definition, String field) throws Exception {
        HttpResponse<String> r = send("PUT", "/api/v1/feeds/mappings/bad-one", definition, "application/json", analyst);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
        assertThat(JSON.readTree(r.body()).get("field").asString()).as(r.body()).isEqualTo(field);
    }

    private HttpResponse<String> send(String method, String path, String body, String type, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Authorization", "Bearer " + token).header("Accept", "application/json");
        if (type != null) {
            b.header("Content-Type", type);
        }
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode await(String jobId) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (true) {
            JsonNode job = JSON.readTree(send("GET", "/api/v1/feeds/jobs/" + jobId, null, null, analyst).body());
            String state = job.get("state").asString();
            if (state.equals("SUCCEEDED") || state.equals("FAILED")) {
                return job;
            }
            assertThat(Instant.now()).as("job " + jobId + " still " + state).isBefore(deadline);
            Thread.sleep(200);
        }
    }
}
