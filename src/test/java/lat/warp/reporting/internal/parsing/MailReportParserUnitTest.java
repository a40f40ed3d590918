package lat.warp.reporting.internal.parsing;

import static lat.warp.reporting.internal.parsing.Samples.email;
import static lat.warp.reporting.internal.parsing.Samples.host;
import static lat.warp.reporting.internal.parsing.Samples.ip;
import static lat.warp.reporting.internal.parsing.Samples.url;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class MailReportParserUnitTest {

    @Test
    void readsAnXarf02LoginAttackFromItsYamlPart() {
        ParsedReport r = Samples.parse("xarf-0.2-login-attack.eml");
        assertThat(r.format()).isEqualTo(ReportFormat.XARF);
        assertThat(r.subject()).isEqualTo("abuse report about 192.0.2.55 - 2026-11-20T09:15:00Z");
        assertThat(r.reporterEmail()).isEqualTo("abuse-reports@reporter.example.net");
        assertThat(r.reporterName()).isEqualTo("Example Net Abuse Desk");
        assertThat(r.classificationHint()).isEqualTo("brute-force");
        assertThat(r.occurredAt()).isEqualTo(Instant.parse("2026-11-20T09:15:00Z"));
        assertThat(r.externalId()).isEqualTo("5a3c81e2-8b4d-4f5e-a5a2-0f7b1ce0aa10@reporter.example.net");
        // The source only: the victim's server named in the text and the logs is not an indicator.
        assertThat(r.indicators()).containsExactly(ip("192.0.2.55"));
        assertThat(r.text()).contains("1,243 failed login attempts").doesNotContain("Report-Type");
        assertThat(r.attachments()).singleElement().satisfies(a -> {
            assertThat(a.filename()).isEqualTo("logfile.log");
            assertThat(new String(a.content(), StandardCharsets.UTF_8)).contains("Failed password for root");
        });
        assertThat(r.problems()).isEmpty();
        assertThat(r.needsManualTriage()).isFalse();
    }

    @Test
    void readsAnXarf4JsonAttachment() {
        ParsedReport r = Samples.parse("xarf-v4-phishing.eml");
        assertThat(r.format()).isEqualTo(ReportFormat.XARF);
        assertThat(r.subject()).isEqualTo("[X-ARF] Phishing report");
        assertThat(r.reporterEmail()).isEqualTo("noreply@phishreports.example.org");
        assertThat(r.reporterName()).isEqualTo("Phish Reporting Service");
        assertThat(r.classificationHint()).isEqualTo("phishing");
        assertThat(r.occurredAt()).isEqualTo(Instant.parse("2026-11-21T13:55:00Z"));
        assertThat(r.indicators()).containsExactly(ip("192.0.2.80"),
                url("http://secure-login.bancoejemplo.example.net/cuenta/verificar.php"),
                host("secure-login.bancoejemplo.example.net"));
        assertThat(r.attachments()).extracting(ReportAttachment::filename).containsExactly("xarf.json");
        assertThat(r.problems()).isEmpty();
    }

    @Test
    void readsAnArfFeedbackReport() {
        ParsedReport r = Samples.parse("arf-feedback.eml");
        assertThat(r.format()).isEqualTo(ReportFormat.ARF);
        assertThat(r.subject()).isEqualTo("FW: Earn money");
        assertThat(r.reporterEmail()).isEqualTo("abusedesk@mailprovider.example");
        assertThat(r.classificationHint()).isEqualTo("spam");
        assertThat(r.occurredAt()).isEqualTo(Instant.parse("2026-03-08T18:00:00Z"));
        assertThat(r.indicators()).containsExactly(ip("192.0.2.1"), host("mailer.example.net"),
                url("http://spamvertised.example.net/earn"), host("spamvertised.example.net"));
        assertThat(r.text()).contains("This is an email abuse report").contains("Feedback-Type: abuse")
                .contains("Spam Spam Spam");
        assertThat(r.attachments()).singleElement().satisfies(a -> {
            assertThat(a.contentType()).isEqualTo("message/rfc822");
            assertThat(new String(a.content(), StandardCharsets.UTF_8)).contains("Subject: Earn money");
        });
        assertThat(r.problems()).isEmpty();
    }

    @Test
    void arfFeedbackTypesMapOntoRsit() {
        String mail = new String(Samples.bytes("arf-feedback.eml"), StandardCharsets.UTF_8);
        assertThat(parseMail(mail.replace("Feedback-Type: abuse", "Feedback-Type: fraud")).classificationHint())
                .isEqualTo("phishing");
        ParsedReport notSpam = parseMail(mail.replace("Feedback-Type: abuse", "Feedback-Type: not-spam"));
        assertThat(notSpam.classificationHint()).isNull();
        assertThat(notSpam.problems()).anyMatch(p -> p.contains("not-spam"));
    }

    @Test
    void readsAPlainMailAndTheIndicatorsOfItsCsvAttachment() {
        ParsedReport r = Samples.parse("text-with-csv.eml");
        assertThat(r.format()).isEqualTo(ReportFormat.EMAIL_TEXT);
        assertThat(r.reporterEmail()).isEqualTo("maria.perez@csirt.example.org");
        assertThat(r.reporterName()).isEqualTo("María Pérez");
        assertThat(r.occurredAt()).isEqualTo(Instant.parse("2026-11-22T11:30:00Z"));
        assertThat(r.classificationHint()).isNull();
        assertThat(r.text()).contains("También el dominio");
        // The body first, then what only the CSV names; report.csv is a file, the reporter's address no indicator.
        assertThat(r.indicators()).containsExactly(ip("203.0.113.9"), ip("2001:db8:abcd::"),
                host("scanner-tools.example.com"), ip("203.0.113.10"), ip("2001:db8:abcd::15"));
        assertThat(r.attachments()).singleElement().satisfies(a -> {
            assertThat(a.filename()).isEqualTo("report.csv");
            assertThat(a.contentType()).isEqualTo("text/csv");
            assertThat(new String(a.content(), StandardCharsets.UTF_8)).startsWith("timestamp,source_ip");
        });
        assertThat(r.problems()).isEmpty();
    }

    @Test
    void readsAForwardedMessageAndKeepsItAsAnAttachment() {
        ParsedReport r = Samples.parse("forwarded-phish.eml");
        assertThat(r.format()).isEqualTo(ReportFormat.EMAIL_TEXT);
        assertThat(r.reporterEmail()).isEqualTo("joao.silva@member.example.com.br");
        assertThat(r.text()).contains("Recebi esta mensagem").contains("----- Attached message -----")
                .contains("Subject: Sua conta foi bloqueada").contains("Prezado cliente");
        assertThat(r.indicators()).containsExactly(email("seguranca@banco-exemplo-alerta.example"),
                email("atendimento@bancoexemplo-suporte.example.net"),
                url("https://bancoexemplo-seguro.example.net/login?id=8841"),
                host("bancoexemplo-seguro.example.net"));
        assertThat(r.attachments()).singleElement().satisfies(a -> {
            assertThat(a.filename()).isEqualTo("Sua conta foi bloqueada.eml");
            assertThat(a.contentType()).isEqualTo("message/rfc822");
        });
        assertThat(r.problems()).isEmpty();
    }

    @Test
    void turnsAnHtmlOnlyMailIntoTextWithItsLinkTargets() {
        ParsedReport r = Samples.parse("html-only.eml");
        assertThat(r.text()).contains("the server at 198.51.100.201 distributes malware")
                .contains("this link <http://downloads.bad-host.example.com/payload.exe>")
                .contains("Café & regards,\nISP Security")
                .doesNotContain("<p>").doesNotContain("color: red").doesNotContain("198.18.0.1");
        assertThat(r.indicators()).containsExactly(ip("198.51.100.201"),
                url("http://downloads.bad-host.example.com/payload.exe"), host("downloads.bad-host.example.com"));
        assertThat(r.attachments()).isEmpty();
    }

    @Test
    void htmlWhoseLowerCaseChangesLengthIsStillRead() {
        // "İ" lower-cases to two chars in Java; indexes must not drift.
        String html = "<p>İİİİ <A HREF=\"http://x.example.com/İ\">link</A> 192.0.2.5</p>";
        assertThat(HtmlText.toText(html)).isEqualTo("İİİİ link <http://x.example.com/İ> 192.0.2.5");
    }

    @Test
    void aTruncatedMimeStructureIsAProblemButWhatWasReadIsKept() {
        ParsedReport r = Samples.parse("truncated-mime.eml");
        assertThat(r.problems()).anyMatch(p -> p.contains("truncated"));
        assertThat(r.indicators()).contains(ip("192.0.2.99"));
        assertThat(r.text()).contains("sending spam");
        assertThat(r.needsManualTriage()).isTrue();
    }

    @Test
    void aMultipartWithoutAnyBoundaryFallsBackToTheRawBody() {
        String mail = "From: a@example.org\nSubject: x\nMIME-Version: 1.0\n"
                + "Content-Type: multipart/mixed; boundary=\"nothere\"\n\nThe host 192.0.2.42 is scanning.\n";
        ParsedReport r = parseMail(mail);
        assertThat(r.problems()).isNotEmpty();
        assertThat(r.indicators()).containsExactly(ip("192.0.2.42"));
    }

    @Test
    void dropsAnAttachmentLargerThanTheLimitAndSaysSo() {
        ParseLimits limits = ParseLimits.defaults().withMaxAttachmentBytes(100);
        ParsedReport r = ReportParsers.parse(Samples.bytes("text-with-csv.eml"), "message/rfc822", limits);
        assertThat(r.attachments()).isEmpty();
        assertThat(r.problems()).containsExactly(
                "The attachment 'report.csv' is larger than 100 bytes and was dropped.");
        assertThat(r.indicators()).contains(ip("203.0.113.9")).doesNotContain(ip("203.0.113.10"));
        ParsedReport within = ReportParsers.parse(Samples.bytes("text-with-csv.eml"), "message/rfc822",
                ParseLimits.defaults().withMaxAttachmentBytes(1_000));
        assertThat(within.attachments()).hasSize(1);
    }

    @Test
    void aMailWithoutAnyIndicatorNeedsManualTriage() {
        ParsedReport r = Samples.parse("no-address.eml");
        assertThat(r.indicators()).isEmpty();
        assertThat(r.problems()).containsExactly(ReportBuilder.NO_INDICATOR);
        assertThat(r.needsManualTriage()).isTrue();
    }

    @Test
    void anXarfMailWithoutItsReportPartIsAProblem() {
        String mail = "From: a@example.org\nSubject: x\nX-XARF: PLAIN\nMIME-Version: 1.0\n"
                + "Content-Type: text/plain\n\nAttack from 192.0.2.7\n";
        ParsedReport r = parseMail(mail);
        assertThat(r.format()).isEqualTo(ReportFormat.XARF);
        assertThat(r.problems()).anyMatch(p -> p.contains("no report part"));
        assertThat(r.indicators()).containsExactly(ip("192.0.2.7"));
    }

    @Test
    void multipartsNestedTooDeeplyAreNotFollowed() {
        StringBuilder mail = new StringBuilder("From: a@example.org\nSubject: deep\nMIME-Version: 1.0\n");
        int depth = 50;
        for (int i = 0; i < depth; i++) {
            mail.append("Content-Type: multipart/mixed; boundary=\"b").append(i).append("\"\n\n--b").append(i)
                    .append('\n');
        }
        mail.append("Content-Type: text/plain\n\n192.0.2.200\n");
        for (int i = depth - 1; i >= 0; i--) {
            mail.append("--b").append(i).append("--\n");
        }
        ParsedReport r = parseMail(mail.toString());
        assertThat(r.problems()).anyMatch(p -> p.contains("nest more than"));
        assertThat(r.indicators()).doesNotContain(ip("192.0.2.200"));
    }

    private static ParsedReport parseMail(String mail) {
        return ReportParsers.parse(mail.getBytes(StandardCharsets.UTF_8), "message/rfc822");
    }
}
