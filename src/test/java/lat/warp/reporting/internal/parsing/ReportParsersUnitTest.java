package lat.warp.reporting.internal.parsing;

import static lat.warp.reporting.internal.parsing.Samples.ip;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReportParsersUnitTest {

    @Test
    void findsTheTicketNumberInAReplySubject() {
        assertThat(ReportParsers.ticketNumberIn("Re: [WARP-2026-000123] Phishing desde su red")).isEqualTo(
                "WARP-2026-000123");
        assertThat(ReportParsers.ticketNumberIn("RE: RES: warp-2026-004567 scan")).isEqualTo("WARP-2026-004567");
        assertThat(ReportParsers.ticketNumberIn("Fwd: (WARP-2025-999999) and WARP-2026-000001")).isEqualTo(
                "WARP-2025-999999");
    }

    @Test
    void ignoresWhatOnlyLooksLikeATicketNumber() {
        assertThat(ReportParsers.ticketNumberIn("XWARP-2026-000123")).isNull();
        assertThat(ReportParsers.ticketNumberIn("WARP-2026-0001234")).isNull();
        assertThat(ReportParsers.ticketNumberIn("WARP-26-000123")).isNull();
        assertThat(ReportParsers.ticketNumberIn("New report about 192.0.2.1")).isNull();
        assertThat(ReportParsers.ticketNumberIn(null)).isNull();
    }

    @Test
    void choosesTheParserByMediaTypeAndOtherwiseByContent() {
        byte[] json = Samples.bytes("warp-report.json");
        byte[] mail = Samples.bytes("text-with-csv.eml");
        byte[] iodef = Samples.bytes("iodef-2.0-phishing.xml");
        assertThat(ReportParsers.parse(json, "application/json").format()).isEqualTo(ReportFormat.JSON);
        assertThat(ReportParsers.parse(json, null).format()).isEqualTo(ReportFormat.JSON);
        assertThat(ReportParsers.parse(mail, "message/rfc822").format()).isEqualTo(ReportFormat.EMAIL_TEXT);
        assertThat(ReportParsers.parse(mail, "application/octet-stream").format()).isEqualTo(ReportFormat.EMAIL_TEXT);
        assertThat(ReportParsers.parse(iodef, "application/iodef+xml").format()).isEqualTo(ReportFormat.IODEF);
        assertThat(ReportParsers.parse(iodef, "TEXT/XML; charset=UTF-8").format()).isEqualTo(ReportFormat.IODEF);
        assertThat(ReportParsers.parse(iodef, null).format()).isEqualTo(ReportFormat.IODEF);
        assertThat(ReportParsers.parse(mail, "text/plain").format()).isEqualTo(ReportFormat.TEXT);
    }

    @Test
    void readsPlainTextAsBefore() {
        ParsedReport r = ReportParsers.parse("Scanning from 192.0.2.8\nmore lines".getBytes(StandardCharsets.UTF_8),
                "text/plain");
        assertThat(r.format()).isEqualTo(ReportFormat.TEXT);
        assertThat(r.subject()).isEqualTo("Scanning from 192.0.2.8");
        assertThat(r.indicators()).containsExactly(ip("192.0.2.8"));
        assertThat(r.problems()).isEmpty();
    }

    @Test
    void aReportLargerThanTheLimitIsKeptUnparsed() {
        byte[] raw = "192.0.2.1 ".repeat(200).getBytes(StandardCharsets.UTF_8);
        ParsedReport r = ReportParsers.parse(raw, "text/plain", ParseLimits.defaults().withMaxReportBytes(1_000));
        assertThat(r.indicators()).isEmpty();
        assertThat(r.problems()).first().asString().contains("2000 bytes, more than the 1000 bytes");
    }

    @Test
    void capsTheIndicatorsOfAHostileReport() {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 20_000; i++) {
            text.append("10.").append(i >> 8 & 255).append('.').append(i & 255).append(".1\n");
        }
        ParsedReport r = ReportParsers.parse(text.toString().getBytes(StandardCharsets.UTF_8), "text/plain");
        assertThat(r.indicators()).hasSize(10_000);
        assertThat(r.problems()).containsExactly(
                "The report names more than 10000 indicators; only the first ones were kept.");
        ParsedReport fewer = ReportParsers.parse(text.toString().getBytes(StandardCharsets.UTF_8), "text/plain",
                ParseLimits.defaults().withMaxIndicators(5));
        assertThat(fewer.indicators()).hasSize(5);
    }

    @Test
    void keepsTheFirstVersionsConstructorAndAccessors() {
        ParsedReport r = new ParsedReport(ReportFormat.TEXT, "s", null, null, null, null, "t", List.of(), List.of(),
                List.of());
        assertThat(r.tlp()).isNull();
        assertThat(r.externalId()).isNull();
        assertThat(r.needsManualTriage()).isTrue();
    }

    @Test
    void aNullBodyIsAnEmptyReport() {
        ParsedReport r = ReportParsers.parse(null, null, ParseLimits.defaults());
        assertThat(r.problems()).containsExactly(ReportBuilder.NO_INDICATOR);
    }
}
