package lat.warp.reporting;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import lat.warp.events.Tlp;
import lat.warp.registry.Organisation;
import lat.warp.reporting.internal.MailboxPoller;
import lat.warp.shared.Actors;
import lat.warp.testing.Fixtures;
import lat.warp.testing.WarpIntegrationTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The reports mailbox end to end against a real IMAP server (GreenMail, on a free port): each kind of mail
 * becomes the right report, stored raw first; bad mail is kept raw and flagged for triage, and never stops
 * the poller nor is lost.
 */
@WarpIntegrationTest
@Import(ReportingScene.class)
// A context of its own (the scene), hence a data directory of its own: two contexts never share one PostgreSQL.
@org.springframework.test.context.TestPropertySource(properties = "warp.data-dir=target/test-data/${warp.test.run:ide}/reporting")
class MailIntakeIntegrationTest {

    @RegisterExtension
    static final GreenMailExtension imap = new GreenMailExtension(ServerSetupTest.IMAP.dynamicPort());

    @Autowired
    Fixtures fixtures;
    @Autowired
    ReportingScene scene;
    @Autowired
    MailboxPoller poller;
    @Autowired
    ReportQueue queue;
    @Autowired
    Incidents incidents;
    @Autowired
    JdbcClient jdbc;

    private GreenMailUser mailbox;
    private String url;
    private Organisation member;
    private String net;

    @BeforeEach
    void aMailboxAndAMemberHoldingANetwork() {
        mailbox = imap.setUser("reports@warp.test", "reports", "s3cret:pass");
        url = "imap://reports:s3cret%3Apass@127.0.0.1:" + imap.getImap().getPort() + "/INBOX";
        member = fixtures.member();
        net = scene.give(member);
    }

    @Test
    void anXarfMailBecomesAnAttributedReportStoredRaw() throws Exception {
        String id = messageId();
        deliver("""
                From: "Example Net Abuse Desk" <abuse-reports@reporter.example.net>
                To: reports@warp.test
                Subject: abuse report about %1$s55
                Date: Fri, 20 Nov 2026 09:20:11 +0000
                Message-ID: %2$s
                MIME-Version: 1.0
                X-ARF: YES
                Auto-Submitted: auto-generated
                Content-Type: multipart/mixed; boundary="xarf"

                --xarf
                Content-Type: text/plain; charset=utf-8

                The host %1$s55 attacked our SSH server with 1,243 failed logins.

                --xarf
                Content-Type: text/plain; charset=utf-8; name="report.txt"

                ---
                Reported-From: abuse-reports@reporter.example.net
                Category: abuse
                Report-Type: login-attack
                Service: ssh
                Version: 0.2
                Date: Fri, 20 Nov 2026 09:15:00 +0000
                Source-Type: ipv4
                Source: %1$s55
                Port: 22
                Report-ID: %3$s@reporter.example.net

                --xarf--
                """.formatted(net, id, UUID.randomUUID()));

        MailboxPoller.PollResult result = poller.poll(url);

        assertThat(result.stored()).isEqualTo(1);
        Report report = reportWithMessageId(id);
        assertThat(report.channel()).isEqualTo(ReportChannel.EMAIL);
        assertThat(report.format()).isEqualTo("XARF");
        assertThat(report.classificationHint()).isEqualTo("brute-force");
        assertThat(report.reporterEmail()).isEqualTo("abuse-reports@reporter.example.net");
        assertThat(report.indicators()).extracting(ReportIndicator::value).contains(net + "55");
        assertThat(report.attributedOrganisation()).isEqualTo(member.id().toString());
        assertThat(rawOf(report)).contains("Report-Type: login-attack").contains(id);
        assertThat(allSeen()).isTrue();
        // An automated sender gets no receipt.
        assertThat(scene.mailTo("abuse-reports@reporter.example.net")).isEmpty();
    }

    @Test
    void anArfFeedbackReportBecomesAReport() throws Exception {
        String id = messageId();
        deliver("""
                From: <abusedesk@mailprovider.example>
                Date: Thu, 8 Mar 2026 14:00:00 -0400
                Subject: FW: Earn money
                To: <reports@warp.test>
                Message-ID: %2$s
                MIME-Version: 1.0
                Content-Type: multipart/report; report-type=feedback-report; boundary="arf"

                --arf
                Content-Type: text/plain; charset="US-ASCII"

                This is an email abuse report for an email message received from IP %1$s66.

                --arf
                Content-Type: message/feedback-report

                Feedback-Type: abuse
                User-Agent: SomeGenerator/1.0
                Version: 1
                Source-IP: %1$s66
                Reported-Domain: mailer.example.net

                --arf
                Content-Type: message/rfc822
                Content-Disposition: inline

                From: <somespammer@mailer.example.net>
                To: <user@mailprovider.example>
                Subject: Earn money
                Content-type: text/plain

                Spam Spam Spam

                --arf--
                """.formatted(net, id));

        poller.poll(url);

        Report report = reportWithMessageId(id);
        assertThat(report.format()).isEqualTo("ARF");
        assertThat(report.indicators()).extracting(ReportIndicator::value).contains(net + "66");
        assertThat(report.attributedOrganisation()).isEqualTo(member.id().toString());
    }

    @Test
    void aPlainTextMailBecomesAReportAndItsSenderGetsATrackingLinkInItsLanguage() throws Exception {
        String id = messageId();
        String sender = ReportingScene.uniqueEmail("person");
        deliver("""
                From: Ana <%3$s>
                To: reports@warp.test
                Subject: Phishing en su red
                Message-ID: %2$s
                Content-Language: pt-BR
                Content-Type: text/plain; charset=utf-8

                Olá, há uma página de phishing em http://%1$s77/login e no endereço %1$s77.
                """.formatted(net, id, sender));

        poller.poll(url);

        Report report = reportWithMessageId(id);
        assertThat(report.format()).isEqualTo("EMAIL_TEXT");
        assertThat(report.language()).isEqualTo("pt");
        assertThat(report.indicators()).extracting(ReportIndicator::value).contains(net + "77");
        assertThat(scene.mailTo(sender)).singleElement().satisfies(m -> {
            assertThat(m[0]).startsWith("Relato recebido");
            assertThat(m[1]).contains("/reports/track/");
        });
    }

    @Test
    void aMailWithAnAttachedCsvKeepsTheFileAndItsAddresses() throws Exception {
        String id = messageId();
        String csv = "timestamp,source_ip,source_port,dest_port\n2026-11-22T11:00:00Z," + net + "88,44321,22\n";
        deliver("""
                From: Maria <maria@csirt.example.org>
                To: reports@warp.test
                Subject: Escaneos desde su red
                Message-ID: %2$s
                MIME-Version: 1.0
                Content-Type: multipart/mixed; boundary="b1"

                --b1
                Content-Type: text/plain; charset=UTF-8

                Hola, detectamos escaneos de puertos (ver CSV adjunto).

                --b1
                Content-Type: text/csv; charset=UTF-8; name="report.csv"
                Content-Disposition: attachment; filename="report.csv"
                Content-Transfer-Encoding: base64

                %3$s
                --b1--
                """.formatted(net, id, Base64.getMimeEncoder().encodeToString(csv.getBytes(StandardCharsets.UTF_8))));

        poller.poll(url);

        Report report = reportWithMessageId(id);
        assertThat(report.attachments()).singleElement().satisfies(a -> {
            assertThat(a.filename()).isEqualTo("report.csv");
            assertThat(a.sniffedType()).isEqualTo("text/plain");
        });
        assertThat(report.indicators()).extracting(ReportIndicator::value).contains(net + "88");
        AttachmentContent file = Actors.runAsSystem("test", () -> queue.attachment(report.id(),
                report.attachments().getFirst().id()));
        assertThat(new String(file.content(), StandardCharsets.UTF_8)).isEqualTo(csv);
    }

    @Test
    void badMailIsKeptRawFlaggedForTriageAndNeverStopsThePoller() throws Exception {
        String truncated = messageId();
        String brokenXml = messageId();
        String xxe = messageId();
        String oversize = messageId();
        String nothing = messageId();
        String good = messageId();
        deliver("""
                From: someone@example.org
                Subject: truncated
                Message-ID: %s
                MIME-Version: 1.0
                Content-Type: multipart/mixed; boundary="never-closed"

                --never-closed
                Content-Type: text/plain

                half a report about""".formatted(truncated));
        deliver(xmlMail(brokenXml, "<IODEF-Document version=\"2.00\"><Incident><IncidentID>"));
        deliver(xmlMail(xxe, """
                <?xml version="1.0"?>
                <!DOCTYPE foo [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
                <IODEF-Document version="2.00" xmlns="urn:ietf:params:xml:ns:iodef-2.0">
                <Incident purpose="reporting"><IncidentID name="x">&xxe;</IncidentID></Incident></IODEF-Document>"""));
        byte[] big = new byte[10 * 1024 * 1024 + 10];
        java.util.Arrays.fill(big, (byte) 'A');
        deliver("""
                From: big@example.org
                Subject: big logs about %1$s99
                Message-ID: %2$s
                MIME-Version: 1.0
                Content-Type: multipart/mixed; boundary="big"

                --big
                Content-Type: text/plain

                Logs of %1$s99 attached.

                --big
                Content-Type: application/octet-stream; name="logs.bin"
                Content-Disposition: attachment; filename="logs.bin"
                Content-Transfer-Encoding: base64

                %3$s
                --big--
                """.formatted(net, oversize, Base64.getMimeEncoder().encodeToString(big)));
        deliver("""
                From: vague@example.org
                Subject: something is wrong
                Message-ID: %s
                Content-Type: text/plain

                Something bad is happening on the Internet, please help.
                """.formatted(nothing));
        deliver("""
                From: fine@example.org
                Subject: fine
                Message-ID: %s
                Content-Type: text/plain

                Scanning from %s100.
                """.formatted(good, net));

        MailboxPoller.PollResult result = poller.poll(url);

        assertThat(result.stored()).isEqualTo(6);
        assertThat(result.failed()).isZero();
        assertThat(allSeen()).isTrue();
        for (String id : List.of(truncated, brokenXml, xxe, oversize, nothing)) {
            Report report = reportWithMessageId(id);
            assertThat(report.status()).as(id).isEqualTo(ReportStatus.QUEUED);
            assertThat(report.problems()).as(id).isNotEmpty();
            assertThat(rawOf(report)).as(id).contains(id);
        }
        assertThat(reportWithMessageId(xxe).body() + reportWithMessageId(xxe).problems()).doesNotContain("root:");
        Report bigReport = reportWithMessageId(oversize);
        assertThat(bigReport.attachments()).isEmpty();
        assertThat(rawOf(bigReport).length()).isGreaterThan(big.length);
        assertThat(reportWithMessageId(good).problems()).isEmpty();

        // A second poll finds nothing new; the same message delivered again is not a second report.
        assertThat(poller.poll(url).stored()).isZero();
        deliver("""
                From: fine@example.org
                Subject: fine
                Message-ID: %s
                Content-Type: text/plain

                Scanning from %s100.
                """.formatted(good, net));
        assertThat(poller.poll(url)).satisfies(r -> {
            assertThat(r.stored()).isZero();
            assertThat(r.duplicates()).isEqualTo(1);
        });
        assertThat(jdbc.sql("select count(*) from reports where message_id = ?").param(good).query(Long.class)
                .single()).isEqualTo(1);
    }

    @Test
    void aReplyNamingAnIncidentNumberJoinsThatIncidentAsAMessage() throws Exception {
        Incident incident = scene.incident(member, net + "120", IncidentState.NOTIFIED, Tlp.AMBER);
        String id = messageId();
        deliver("""
                From: noc@member.example
                To: reports@warp.test
                Subject: Re: [%s] Phishing
                Message-ID: %s
                Content-Type: text/plain

                We took the page down this morning.
                """.formatted(incident.number(), id));

        poller.poll(url);

        Report reply = reportWithMessageId(id);
        assertThat(reply.status()).isEqualTo(ReportStatus.ATTACHED);
        assertThat(reply.incident()).isEqualTo(incident.id());
        IncidentDetail detail = fixtures.as(scene.analyst(), () -> incidents.get(incident.id()));
        assertThat(detail.messages()).anySatisfy(m -> {
            assertThat(m.author()).isEqualTo("MEMBER");
            assertThat(m.body()).contains("We took the page down");
        });
    }

    @Test
    void anUnreachableMailboxIsReportedAndNothingIsLost() {
        String wrong = "imap://reports:wrong@127.0.0.1:" + imap.getImap().getPort() + "/INBOX";
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> poller.poll(wrong))
                .isInstanceOf(IllegalStateException.class);
    }

    // ---------------------------------------------------------------------------------------------

    private static String messageId() {
        return "<" + UUID.randomUUID() + "@test.example>";
    }

    private static String xmlMail(String messageId, String xml) {
        return """
                From: csirt@example.org
                Subject: IODEF report
                Message-ID: %s
                MIME-Version: 1.0
                Content-Type: multipart/mixed; boundary="x"

                --x
                Content-Type: text/plain

                IODEF attached.

                --x
                Content-Type: application/xml; name="report.xml"
                Content-Disposition: attachment; filename="report.xml"

                %s
                --x--
                """.formatted(messageId, xml);
    }

    private void deliver(String mail) throws Exception {
        byte[] raw = mail.replace("\r\n", "\n").replace("\n", "\r\n").getBytes(StandardCharsets.UTF_8);
        mailbox.deliver(new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(raw)));
    }

    private Report reportWithMessageId(String messageId) {
        UUID id = jdbc.sql("select id from reports where message_id = ?").param(messageId).query(UUID.class).single();
        return Actors.runAsSystem("test", () -> queue.get(new ReportId(id)));
    }

    private String rawOf(Report report) {
        return new String(Actors.runAsSystem("test", () -> queue.raw(report.id())).content(), StandardCharsets.UTF_8);
    }

    private boolean allSeen() throws Exception {
        Session session = Session.getInstance(new Properties());
        try (Store store = session.getStore("imap")) {
            store.connect("127.0.0.1", imap.getImap().getPort(), "reports", "s3cret:pass");
            Folder inbox = store.getFolder("INBOX");
            inbox.open(Folder.READ_ONLY);
            try {
                for (Message m : inbox.getMessages()) {
                    if (!m.isSet(Flags.Flag.SEEN)) {
                        return false;
                    }
                }
                return true;
            } finally {
                inbox.close(false);
            }
        }
    }
}
