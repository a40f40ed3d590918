package lat.warp.events.internal.parsers;

import static lat.warp.events.internal.parsers.ShadowserverSamples.OBSERVED;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import lat.warp.events.Classification;
import lat.warp.events.Event;
import lat.warp.events.Tlp;
import lat.warp.registry.IpPrefix.IpAddress;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class JsonLinesParserUnitTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final JsonLinesParser parser = new JsonLinesParser();
    private final Collecting sink = new Collecting();

    private ParseResult parse(String content) throws IOException {
        return parser.parse(ShadowserverSamples.stream(content), FeedContext.of("events.jsonl", OBSERVED), sink);
    }

    @Test
    void eventsWrittenWithToIntelMqReadBackEqual() throws IOException {
        Collecting shadowserver = new Collecting();
        new ShadowserverParser().parse(
                ShadowserverSamples.stream(ShadowserverSamples.report(ShadowserverSamples.entry("event4_sinkhole_http"), 2)),
                FeedContext.of("2024-01-05-event4_sinkhole_http-lacnic.csv", OBSERVED), shadowserver);
        Collecting ipv6 = new Collecting();
        new ShadowserverParser().parse(
                ShadowserverSamples.stream(ShadowserverSamples.report(ShadowserverSamples.entry("scan6_ssh"), 2)),
                FeedContext.of("2024-01-05-scan6_ssh-lacnic.csv", OBSERVED), ipv6);
        List<Event> originals = new java.util.ArrayList<>(shadowserver.events());
        originals.addAll(ipv6.events());
        StringBuilder jsonl = new StringBuilder();
        for (Event e : originals) {
            jsonl.append(JSON.writeValueAsString(e.toIntelMq())).append('\n');
        }

        ParseResult result = parse(jsonl.toString());

        assertThat(result.problems()).isEmpty();
        assertThat(originals).hasSize(4);
        assertThat(sink.events()).isEqualTo(originals);
    }

    @Test
    void readsAnIntelMqDumpLineFillingWhatTheContextKnows() throws IOException {
        String line = "{\"feed.name\": \"abusech-feodo-c2-tracker\", \"source.ip\": \"200.7.84.10\", \"source.port\": 443,"
                + " \"classification.type\": \"c2-server\", \"classification.taxonomy\": \"malicious-code\","
                + " \"time.source\": \"2023-02-15T14:19:09+00:00\", \"extra.status\": \"offline\", \"malware.name\": \"qakbot\"}";

        parse(line + "\n");

        Event e = sink.events().get(0);
        assertThat(e.classification()).isEqualTo(new Classification("malicious-code", "c2-server"));
        assertThat(e.sourceIp()).isEqualTo(IpAddress.parse("200.7.84.10"));
        assertThat(e.timeSource()).isEqualTo(Instant.parse("2023-02-15T14:19:09Z"));
        assertThat(e.timeObservation()).isEqualTo(OBSERVED);
        assertThat(e.tlp()).isEqualTo(Tlp.AMBER);
        assertThat(e.extra()).containsEntry("status", "offline");
    }

    @Test
    void nestedObjectsAreReadAsDottedNames() throws IOException {
        parse("{\"classification\": {\"type\": \"scanner\"}, \"source\": {\"ip\": \"2001:13c7:7001::1\","
                + " \"geolocation\": {\"cc\": \"uy\"}}, \"extra\": {\"ports\": [22, 23]}}\n");

        Event e = sink.events().get(0);
        assertThat(e.classification()).isEqualTo(new Classification("information-gathering", "scanner"));
        assertThat(e.sourceIp()).isEqualTo(IpAddress.parse("2001:13c7:7001::1"));
        assertThat(e.sourceGeolocationCc()).isEqualTo("UY");
        assertThat(e.extra()).containsEntry("ports", List.of(22, 23));
    }

    @Test
    void badLinesAreRejectedWithTheirNumbersAndReasonsAndBlankLinesSkipped() throws IOException {
        String content = "{\"classification.type\": \"scanner\", \"source.ip\": \"200.7.84.10\"}\n"
                + "\n"
                + "{\"classification.type\": \"scanner\", \"source.ip\": \"200.7.84\"}\n"
                + "not json\n"
                + "[1, 2]\n"
                + "{\"classification.type\": \"mystery\"}\n"
                + "{\"classification.type\": \"scanner\", \"source.port\": \"http\"}\n"
                + "{\"classification.type\": \"scanner\", \"source.ip\": \"200.7.84.11\"}\n";

        ParseResult result = parse(content);

        assertThat(result.rows()).isEqualTo(7);
        assertThat(result.accepted()).isEqualTo(2);
        assertThat(result.problems()).extracting(RowProblem::line).containsExactly(3L, 4L, 5L, 6L, 7L);
        assertThat(result.problems().get(0).reason()).isEqualTo("Field source.ip: Not an IP address: '200.7.84'.");
        assertThat(result.problems().get(1).reason()).startsWith("Not a JSON object");
        assertThat(result.problems().get(2).reason()).contains("not a JSON object");
        assertThat(result.problems().get(3).reason()).contains("Unknown classification type 'mystery'");
        assertThat(result.problems().get(4).reason()).isEqualTo("Field source.port: Not a port number: 'http'.");
        assertThat(result.problems().get(3).rawLine()).isEqualTo("{\"classification.type\": \"mystery\"}");
    }

    @Test
    void aFileInAnotherEncodingFailsAsAWhole() throws IOException {
        byte[] latin1 = "{\"classification.type\": \"scanner\", \"source.geolocation.city\": \"Paysandú\"}\n"
                .getBytes(StandardCharsets.ISO_8859_1);

        ParseResult result = parser.parse(new ByteArrayInputStream(latin1), FeedContext.of("x.jsonl", OBSERVED), sink);

        assertThat(result.failure()).contains("not UTF-8").contains("line 1");
    }
}
