package lat.warp.reporting.internal.parsing;

import static lat.warp.reporting.internal.parsing.Samples.email;
import static lat.warp.reporting.internal.parsing.Samples.host;
import static lat.warp.reporting.internal.parsing.Samples.ip;
import static lat.warp.reporting.internal.parsing.Samples.url;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import lat.warp.events.Tlp;
import org.junit.jupiter.api.Test;

class JsonReportParserUnitTest {

    private static ParsedReport json(String body) {
        return ReportParsers.parse(body.getBytes(StandardCharsets.UTF_8), "application/json; charset=utf-8");
    }

    @Test
    void readsEveryFieldOfAWarpReport() {
        ParsedReport r = Samples.parse("warp-report.json");
        assertThat(r.format()).isEqualTo(ReportFormat.JSON);
        assertThat(r.reporterEmail()).isEqualTo("ana.gomez@csirt.example.org");
        assertThat(r.reporterName()).isEqualTo("Ana Gómez");
        assertThat(r.subject()).isEqualTo("Phishing contra clientes de Banco Ejemplo");
        assertThat(r.occurredAt()).isEqualTo(Instant.parse("2026-11-22T21:30:00Z"));
        assertThat(r.classificationHint()).isEqualTo("phishing");
        assertThat(r.tlp()).isEqualTo(Tlp.AMBER);
        assertThat(r.text()).startsWith("Sitio de phishing en hxxps://");
        // The explicit ones first, classified and normalised, then what only the description names.
        assertThat(r.indicators()).containsExactly(ip("203.0.113.45"),
                url("https://login-bancoejemplo.example.com/acceso"), host("login-bancoejemplo.example.com"),
                ip("2001:db8::1"), host("phish-kit.example.org"), email("fraude@bancoejemplo-alerta.example.net"));
        assertThat(r.problems()).isEmpty();
    }

    @Test
    void extractsIndicatorsFromTheDescriptionToo() {
        ParsedReport r = json("{\"description\":\"scan from 192.0.2.33 and evil.example.com\",\"indicators\":[\"198.51.100.1\"]}");
        assertThat(r.indicators()).containsExactly(ip("198.51.100.1"), ip("192.0.2.33"), host("evil.example.com"));
        assertThat(r.subject()).isEqualTo("scan from 192.0.2.33 and evil.example.com");
    }

    @Test
    void namesEveryFieldItCouldNotUnderstand() {
        ParsedReport r = json("{\"reporterEmail\":\"nobody\",\"occurredAt\":\"yesterday\",\"classification\":\"bad-vibes\","
                + "\"tlp\":\"purple\",\"indicators\":[\"not one\", 42, \"192.0.2.1\"],\"subject\":7}");
        assertThat(r.problems()).containsExactly(
                "reporterEmail 'nobody' is not an e-mail address.",
                "subject must be a string.",
                "occurredAt 'yesterday' is not an ISO-8601 date and time.",
                "classification 'bad-vibes' is not an RSIT type.",
                "tlp 'purple' is not a TLP label.",
                "indicators[0] 'not one' is not an IP address, URL, host name or e-mail address.",
                "indicators[1] is not a string.");
        assertThat(r.indicators()).containsExactly(ip("192.0.2.1"));
        assertThat(r.classificationHint()).isNull();
        assertThat(r.tlp()).isNull();
    }

    @Test
    void acceptsOlderClassificationNamesThroughTheTaxonomy() {
        assertThat(json("{\"description\":\"x 192.0.2.1\",\"classification\":\"Malware\"}").classificationHint())
                .isEqualTo("infected-system");
    }

    @Test
    void brokenJsonIsAProblemAndItsTextIsStillSearched() {
        ParsedReport r = json("{\"description\": \"attack from 192.0.2.77\", ");
        assertThat(r.format()).isEqualTo(ReportFormat.JSON);
        assertThat(r.problems()).first().asString().startsWith("The JSON report could not be read");
        assertThat(r.indicators()).containsExactly(ip("192.0.2.77"));
    }

    @Test
    void jsonThatIsNoObjectIsAProblem() {
        assertThat(json("[1,2,3]").problems()).contains("The JSON report is not an object.");
        assertThat(json("").problems()).contains("The JSON report is empty.");
    }

    @Test
    void deeplyNestedJsonIsRefusedByTheReadConstraints() {
        ParsedReport r = json("{\"a\":" + "[".repeat(10_000) + "]".repeat(10_000) + "}");
        assertThat(r.problems()).first().asString().contains("could not be read").contains("nesting");
    }

    @Test
    void anEmptyReportSaysWhatIsMissing() {
        assertThat(json("{}").problems()).containsExactly("The report has neither a description nor indicators.",
                ReportBuilder.NO_INDICATOR);
    }

    @Test
    void readsAnXarf4Document() {
        ParsedReport r = Samples.parse("xarf-v4-login-attack.json");
        assertThat(r.format()).isEqualTo(ReportFormat.XARF);
        assertThat(r.reporterEmail()).isEqualTo("contact@example.com");
        assertThat(r.reporterName()).isEqualTo("ExampleOrg");
        assertThat(r.classificationHint()).isEqualTo("brute-force");
        assertThat(r.occurredAt()).isEqualTo(Instant.parse("2026-11-19T14:17:10Z"));
        assertThat(r.subject()).isEqualTo("X-ARF Activity/LoginAttack report");
        assertThat(r.indicators()).containsExactly(ip("203.0.113.77"));
        assertThat(r.text()).contains("tried to log in");
        assertThat(r.problems()).isEmpty();
    }

    @Test
    void readsTheLaterXarfSpecShapeAndANestedSource() {
        ParsedReport spec = json("{\"xarf_version\":\"4.0.0\",\"report_id\":\"9f1c\",\"timestamp\":\"2026-11-20T08:00:00Z\","
                + "\"reporter\":{\"org\":\"Spamtrap Inc\",\"contact\":\"abuse@spamtrap.example\"},"
                + "\"category\":\"connection\",\"type\":\"port_scan\",\"source_identifier\":\"192.0.2.61\"}");
        assertThat(spec.format()).isEqualTo(ReportFormat.XARF);
        assertThat(spec.classificationHint()).isEqualTo("scanner");
        assertThat(spec.externalId()).isEqualTo("9f1c");
        assertThat(spec.reporterEmail()).isEqualTo("abuse@spamtrap.example");
        assertThat(spec.indicators()).containsExactly(ip("192.0.2.61"));

        ParsedReport nested = json("{\"Version\":\"4\",\"Report\":{\"ReportClass\":\"Content\",\"ReportType\":\"Malware\","
                + "\"Source\":{\"IP\":\"198.51.100.9\",\"Url\":\"http://dl.example.net/x.exe\"}}}");
        assertThat(nested.classificationHint()).isEqualTo("malware-distribution");
        assertThat(nested.indicators()).containsExactly(ip("198.51.100.9"), url("http://dl.example.net/x.exe"),
                host("dl.example.net"));
    }
}
