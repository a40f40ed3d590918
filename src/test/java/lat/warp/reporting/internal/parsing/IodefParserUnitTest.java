package lat.warp.reporting.internal.parsing;

import static lat.warp.reporting.internal.parsing.Samples.email;
import static lat.warp.reporting.internal.parsing.Samples.host;
import static lat.warp.reporting.internal.parsing.Samples.ip;
import static lat.warp.reporting.internal.parsing.Samples.url;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import lat.warp.events.Tlp;
import org.junit.jupiter.api.Test;

class IodefParserUnitTest {

    @Test
    void readsIodef10() {
        ParsedReport r = Samples.parse("iodef-1.0-worm.xml");
        assertThat(r.format()).isEqualTo(ReportFormat.IODEF);
        assertThat(r.externalId()).isEqualTo("csirt.example.com:189493");
        assertThat(r.subject()).isEqualTo("Host sending out Code Red probes");
        assertThat(r.occurredAt()).isEqualTo(Instant.parse("2026-09-13T23:19:24Z"));
        assertThat(r.reporterName()).isEqualTo("Example.com CSIRT");
        assertThat(r.reporterEmail()).isEqualTo("contact@csirt.example.com");
        assertThat(r.classificationHint()).isEqualTo("system-compromise");
        // The source; the target network is the victim's, the log excerpt is not read.
        assertThat(r.indicators()).containsExactly(ip("192.0.2.200"));
        assertThat(r.problems()).isEmpty();
    }

    @Test
    void readsIodef20() {
        ParsedReport r = Samples.parse("iodef-2.0-phishing.xml");
        assertThat(r.externalId()).isEqualTo("csirt.example.com:897923");
        assertThat(r.subject()).startsWith("Phishing site impersonating Banco Ejemplo");
        assertThat(r.occurredAt()).isEqualTo(Instant.parse("2026-11-20T15:01:00Z"));
        assertThat(r.reporterName()).isEqualTo("CSIRT for example.com");
        assertThat(r.reporterEmail()).isEqualTo("contact@csirt.example.com");
        assertThat(r.classificationHint()).isEqualTo("phishing");
        assertThat(r.tlp()).isEqualTo(Tlp.GREEN);
        assertThat(r.indicators()).containsExactly(host("phish.bad-domain.example.net"), ip("198.51.100.12"),
                ip("2001:db8::c0a8:1"), url("http://phish.bad-domain.example.net/banco/login.php"),
                ip("192.0.2.44"), email("seguranca@banco-ejemplo-alerta.example"));
        assertThat(r.problems()).isEmpty();
    }

    @Test
    void refusesXxeWithoutReadingTheFile() throws Exception {
        ParsedReport r = Samples.parse("xxe.xml");
        assertThat(r.problems()).first().asString().contains("DOCTYPE");
        String passwd = Files.exists(Path.of("/etc/passwd")) ? Files.readString(Path.of("/etc/passwd")) : "root:x:0:0";
        String firstLine = passwd.lines().findFirst().orElse("root:x:0:0");
        assertThat(r.text()).doesNotContain(firstLine).doesNotContain("root:");
        assertThat(r.subject()).doesNotContain("root:");
        assertThat(String.join(" ", r.problems())).doesNotContain("root:");
        assertThat(r.indicators()).isEmpty();
        assertThat(r.needsManualTriage()).isTrue();
    }

    @Test
    void refusesAnExternalDtdToo() {
        String xml = "<?xml version=\"1.0\"?><!DOCTYPE IODEF-Document SYSTEM \"http://127.0.0.1:1/evil.dtd\">"
                + "<IODEF-Document xmlns=\"urn:ietf:params:xml:ns:iodef-2.0\"/>";
        ParsedReport r = ReportParsers.parse(xml.getBytes(StandardCharsets.UTF_8), "application/xml");
        assertThat(r.problems()).first().asString().contains("DOCTYPE");
    }

    @Test
    void refusesBillionLaughsQuickly() {
        long start = System.nanoTime();
        ParsedReport r = Samples.parse("billion-laughs.xml");
        assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(5_000);
        assertThat(r.problems()).first().asString().contains("DOCTYPE");
        assertThat(r.text()).doesNotContain("lol");
        assertThat(r.externalId()).isNull();
    }

    @Test
    void brokenXmlIsAProblemWithItsPosition() {
        ParsedReport r = Samples.parse("broken.xml");
        assertThat(r.format()).isEqualTo(ReportFormat.IODEF);
        assertThat(r.problems()).first().asString().startsWith("The XML is not well-formed (line 6");
    }

    @Test
    void xmlThatIsNoIodefIsAProblem() {
        ParsedReport r = ReportParsers.parse("<html><body>192.0.2.1</body></html>".getBytes(StandardCharsets.UTF_8),
                "text/xml");
        assertThat(r.problems()).first().asString().contains("not an IODEF document");
    }

    @Test
    void anUnknownNamespaceIsReadButFlagged() {
        String xml = "<IODEF-Document xmlns=\"urn:example:other\"><Incident><IncidentID name=\"x\">1</IncidentID>"
                + "<EventData><Flow><System><Node><Address category=\"ipv4-addr\">192.0.2.3</Address></Node>"
                + "</System></Flow></EventData></Incident></IODEF-Document>";
        ParsedReport r = ReportParsers.parse(xml.getBytes(StandardCharsets.UTF_8), "application/xml");
        assertThat(r.problems()).anyMatch(p -> p.contains("namespace"));
        assertThat(r.indicators()).containsExactly(ip("192.0.2.3"));
    }

    @Test
    void maskedNetworksAndUnattributableAddressesAreHandled() {
        String xml = "<IODEF-Document version=\"1.00\" xmlns=\"urn:ietf:params:xml:ns:iodef-1.0\"><Incident purpose=\"reporting\">"
                + "<IncidentID name=\"x\">2</IncidentID><EventData><Flow><System category=\"source\"><Node>"
                + "<Address category=\"ipv4-net-mask\">198.51.100.0/255.255.255.0</Address>"
                + "<Address category=\"mac\">00:1a:2b:3c:4d:5e</Address>"
                + "<Address category=\"asn\">64496</Address>"
                + "<NodeName>Bad.Example.NET.</NodeName>"
                + "</Node></System></Flow></EventData></Incident></IODEF-Document>";
        ParsedReport r = ReportParsers.parse(xml.getBytes(StandardCharsets.UTF_8), "application/xml");
        assertThat(r.indicators()).containsExactly(ip("198.51.100.0"), host("bad.example.net"));
    }

    @Test
    void elementsNestedBeyondTheLimitAreRefused() {
        String xml = "<a>".repeat(5_000) + "</a>".repeat(5_000);
        ParsedReport r = ReportParsers.parse(xml.getBytes(StandardCharsets.UTF_8), "application/xml");
        assertThat(r.problems()).first().asString().contains("limit");
    }
}
