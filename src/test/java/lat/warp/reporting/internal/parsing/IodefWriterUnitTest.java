package lat.warp.reporting.internal.parsing;

import static lat.warp.reporting.internal.parsing.Samples.email;
import static lat.warp.reporting.internal.parsing.Samples.host;
import static lat.warp.reporting.internal.parsing.Samples.ip;
import static lat.warp.reporting.internal.parsing.Samples.url;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import lat.warp.events.Tlp;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

class IodefWriterUnitTest {

    private static final List<Indicator> INDICATORS = List.of(ip("192.0.2.10"), ip("2001:db8::7"),
            host("phish.example.net"), url("https://phish.example.net/login?a=1&b=<2>"), email("fraud@example.org"));

    private static IodefIncident incident(Tlp tlp, String description) {
        return new IodefIncident("WARP-2026-000123", "warp.example.org", tlp, "CRITICAL", "phishing", description,
                Instant.parse("2026-11-23T12:00:00Z"), Instant.parse("2026-11-23T10:30:00.123Z"), INDICATORS,
                "incidentes@warp.example.org");
    }

    @Test
    void writesAWellFormedIodef20DocumentWithTheSchemasElementOrder() throws Exception {
        String xml = IodefWriter.write(incident(Tlp.AMBER, "Phishing <b>& more</b>"),
                Instant.parse("2026-11-23T12:05:00Z"));
        Document doc = SafeXml.parse(xml.getBytes(StandardCharsets.UTF_8));
        Element root = doc.getDocumentElement();
        assertThat(root.getLocalName()).isEqualTo("IODEF-Document");
        assertThat(root.getNamespaceURI()).isEqualTo("urn:ietf:params:xml:ns:iodef-2.0");
        assertThat(root.getAttribute("version")).isEqualTo("2.00");
        Element incident = IodefParser.child(root, "Incident");
        assertThat(incident).isNotNull();
        assertThat(incident.getAttribute("purpose")).isEqualTo("reporting");
        assertThat(incident.getAttribute("restriction")).isEqualTo("amber");
        assertThat(childNames(incident)).containsExactly("IncidentID", "DetectTime", "ReportTime", "GenerationTime",
                "Description", "Assessment", "Contact", "EventData", "AdditionalData");
        assertThat(IodefParser.child(incident, "IncidentID").getAttribute("name")).isEqualTo("warp.example.org");
        assertThat(IodefParser.child(incident, "DetectTime").getTextContent()).isEqualTo("2026-11-23T10:30:00Z");
        assertThat(IodefParser.child(incident, "GenerationTime").getTextContent()).isEqualTo("2026-11-23T12:05:00Z");
        assertThat(IodefParser.child(incident, "Description").getTextContent()).isEqualTo("Phishing <b>& more</b>");
        Element impact = IodefParser.child(IodefParser.child(incident, "Assessment"), "SystemImpact");
        assertThat(impact.getAttribute("severity")).isEqualTo("high");
        assertThat(impact.getAttribute("type")).isEqualTo("social-engineering");
        Element contact = IodefParser.child(incident, "Contact");
        assertThat(contact.getAttribute("role")).isEqualTo("creator");
        assertThat(contact.getAttribute("type")).isEqualTo("organization");
        assertThat(xml).contains("<EmailTo>incidentes@warp.example.org</EmailTo>")
                .contains("&lt;b&gt;&amp; more&lt;/b&gt;");
    }

    @Test
    void roundTripGivesBackTheSameIndicatorsAndFacts() {
        String xml = IodefWriter.write(incident(Tlp.RED, "Phishing kit"));
        ParsedReport r = ReportParsers.parse(xml.getBytes(StandardCharsets.UTF_8), "application/xml");
        assertThat(r.problems()).isEmpty();
        assertThat(r.indicators()).containsExactlyElementsOf(List.of(ip("192.0.2.10"), ip("2001:db8::7"),
                host("phish.example.net"), url("https://phish.example.net/login?a=1&b=<2>"),
                host("phish.example.net"), email("fraud@example.org")).stream().distinct().toList());
        assertThat(r.externalId()).isEqualTo("warp.example.org:WARP-2026-000123");
        assertThat(r.classificationHint()).isEqualTo("phishing");
        assertThat(r.tlp()).isEqualTo(Tlp.RED);
        assertThat(r.occurredAt()).isEqualTo(Instant.parse("2026-11-23T10:30:00Z"));
        assertThat(r.reporterEmail()).isEqualTo("incidentes@warp.example.org");
        assertThat(r.subject()).isEqualTo("Phishing kit");
    }

    @Test
    void everyTlpSurvivesTheRoundTrip() {
        for (Tlp tlp : Tlp.values()) {
            String xml = IodefWriter.write(incident(tlp, "x"));
            assertThat(ReportParsers.parse(xml.getBytes(StandardCharsets.UTF_8), "application/xml").tlp())
                    .as(tlp.label()).isEqualTo(tlp);
        }
    }

    @Test
    void controlCharactersThatXmlCannotCarryAreDroppedNotWritten() {
        String xml = IodefWriter.write(incident(Tlp.CLEAR, "bell\u0007 and null\u0000 gone, tab\tkept"));
        ParsedReport r = ReportParsers.parse(xml.getBytes(StandardCharsets.UTF_8), "application/xml");
        assertThat(r.problems()).isEmpty();
        assertThat(r.text()).contains("bell and null gone, tab\tkept");
    }

    @Test
    void anIncidentWithoutIndicatorsOrClassificationStillMakesAValidDocument() {
        IodefIncident bare = new IodefIncident("WARP-2026-000124", "warp.example.org", Tlp.GREEN, "LOW", null,
                "Nothing yet", Instant.parse("2026-11-23T12:00:00Z"), null, List.of(), "a@warp.example.org");
        String xml = IodefWriter.write(bare);
        assertThat(xml).doesNotContain("EventData").doesNotContain("AdditionalData").contains("type=\"unknown\"");
        ParsedReport r = ReportParsers.parse(xml.getBytes(StandardCharsets.UTF_8), "application/xml");
        assertThat(r.problems()).containsExactly(ReportBuilder.NO_INDICATOR);
    }

    private static List<String> childNames(Element e) {
        List<String> names = new java.util.ArrayList<>();
        for (Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element child) {
                names.add(child.getLocalName());
            }
        }
        return names;
    }
}
