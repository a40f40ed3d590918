package lat.warp.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import lat.warp.events.Tlp;
import lat.warp.notification.internal.Pgp;
import lat.warp.registry.Contact;
import lat.warp.registry.Contacts;
import lat.warp.registry.Organisation;
import lat.warp.reporting.IncidentChanged;
import lat.warp.reporting.IncidentId;
import lat.warp.reporting.Severity;
import lat.warp.shared.Actors;
import lat.warp.testing.Fixtures;
import lat.warp.testing.HttpTestClient;
import lat.warp.testing.WarpIntegrationTest;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Notifications end to end against a real SMTP server (GreenMail, on a port chosen at run time): the
 * messages as received, their recipients, language, ticket number, PGP/MIME signature (verified with
 * Bouncy Castle against the key the public page serves), encryption to the contact's key, attachments;
 * an outage of the SMTP server; bad input parked on its own notification; the acknowledgement link.
 * Its own Spring context, since the shared one has no SMTP server.
 */
@WarpIntegrationTest
@org.springframework.test.annotation.DirtiesContext
class NotificationMailIntegrationTest {

    static final char[] CONTACT_PASSPHRASE = "contact secret".toCharArray();
    static GreenMail smtp = start(0);
    static int port = smtp.getSmtp().getPort();

    static GreenMail start(int port) {
        GreenMail server = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        server.start();
        return server;
    }

    @DynamicPropertySource
    static void smtpSettings(DynamicPropertyRegistry registry) {
        registry.add("WARP_SMTP_HOST", () -> "127.0.0.1");
        registry.add("WARP_SMTP_PORT", () -> port);
        registry.add("WARP_MAIL_FROM", () -> "warp@warp.test");
        // Its own context, hence its own data directory: two contexts must never share one embedded PostgreSQL.
        registry.add("warp.data-dir", () -> "target/test-data/notification-mail-" + UUID.randomUUID());
    }

    @AfterAll
    static void stop() {
        smtp.stop();
    }

    @Autowired
    Fixtures fixtures;
    @Autowired
    Contacts contacts;
    @Autowired
    NotificationPolicies policies;
    @Autowired
    Notifications notifications;
    @Autowired
    ApplicationEventPublisher publisher;
    @Autowired
    TransactionTemplate tx;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    lat.warp.notification.internal.DigestJob digests;
    @Autowired
    lat.warp.events.internal.EventPartitions partitions;
    @Autowired
    lat.warp.reporting.Incidents incidents;
    @LocalServerPort
    int httpPort;

    @Test
    void anIncidentReachesTheAbuseContactSignedInThePolicysLanguageWithItsTicketNumber() throws Exception {
        Organisation member = fixtures.member();
        String email = "abuse-" + shortId() + "@member.test";
        addContact(member, Contact.Role.ABUSE, email, null);
        addContact(member, Contact.Role.ADMINISTRATIVE, "admin-" + shortId() + "@member.test", null);
        immediate(member, "pt", NotificationPolicy.AttachmentFormat.CSV, false);

        IncidentId incident = new IncidentId(UUID.randomUUID());
        tx.executeWithoutResult(s -> publisher.publishEvent(new IncidentChanged(incident, "WARP-2026-000123",
                member.id(), IncidentChanged.Kind.MEMBER_NOTIFIED, "NOTIFIED", Tlp.AMBER, "HIGH", "phishing", null,
                Instant.now())));

        MimeMessage message = awaitOne(email);
        // Only the abuse contact: the administrative one is not a recipient by default.
        assertThat(message.getAllRecipients()).extracting(Object::toString).containsExactly(email);
        assertThat(message.getSubject()).startsWith("[WARP-2026-000123] [TLP:AMBER] ")
                .contains("Incidente de segurança em suas redes");
        assertThat(message.getHeader("Message-ID")[0]).endsWith("@warp>");
        assertThat(message.getHeader("X-WARP-Delivery")).hasSize(1);

        PgpMimeSupport.Entity signed = PgpMimeSupport.split(PgpMimeSupport.raw(message));
        assertThat(signed.contentType()).startsWith("multipart/signed").contains("protocol=\"application/pgp-signature\"",
                "micalg=pgp-sha256");
        assertThat(signed.parts().length).isEqualTo(2);
        assertThat(PgpMimeSupport.verify(signed.parts()[0], PgpMimeSupport.body(signed.parts()[1]), warpKey()))
                .as("signature over the first part").isTrue();
        String text = decodedText(signed.part(0));
        assertThat(text).contains("Prezada equipe", "WARP-2026-000123", "/advice/phishing", "/ack/",
                "TLP:AMBER");

        // The same bytes, one changed, no longer verify.
        byte[] tampered = signed.parts()[0].clone();
        tampered[tampered.length / 2] ^= 1;
        assertThat(PgpMimeSupport.verify(tampered, PgpMimeSupport.body(signed.parts()[1]), warpKey())).isFalse();

        // The delivery log shows it sent, to its own organisation (the sender records SENT after the SMTP
        // server has taken the message, so the mail can arrive a moment before the log says so).
        await().atMost(Duration.ofSeconds(10)).until(() -> Actors.runAsSystem("test",
                () -> notifications.log(member.id(), 10)).stream().allMatch(d -> d.state() == Delivery.State.SENT));
        List<Delivery> log = Actors.runAsSystem("test", () -> notifications.log(member.id(), 10));
        assertThat(log).singleElement().satisfies(d -> {
            assertThat(d.state()).isEqualTo(Delivery.State.SENT);
            assertThat(d.recipient()).isEqualTo(email);
            assertThat(d.subject()).startsWith("[WARP-2026-000123] [TLP:AMBER]");
        });
    }

    @Test
    void mailToAContactWithAKeyIsEncryptedToItAndCarriesTheEventsAsAttachment() throws Exception {
        Organisation member = fixtures.member();
        Pgp.KeyRings contactKey = Pgp.generate("Abuse <abuse@member.test>", CONTACT_PASSPHRASE);
        String email = "pgp-" + shortId() + "@member.test";
        addContact(member, Contact.Role.ABUSE, email, Pgp.armor(contactKey.publicRing()));
        immediate(member, "es", NotificationPolicy.AttachmentFormat.JSON, true);

        Map<String, Object> event = Map.of("time.source", "2026-11-23T10:00:00Z", "classification.taxonomy",
                "vulnerable", "classification.type", "vulnerable-system", "source.ip", "200.7.84.10", "source.port", 3389);
        Actors.runAsSystem("test", () -> notifications.notify(new Notice("warning:" + shortId(), member.id(),
                Notice.Kind.WARNING, "WARP-2026-000777", Tlp.RED, Severity.CRITICAL, "RDP expuesto", "Cierre el puerto.",
                "vulnerable-system", null, List.of(event), false)));

        MimeMessage message = awaitOne(email);
        assertThat(message.getSubject()).startsWith("[WARP-2026-000777] [TLP:RED] Alerta: RDP expuesto");
        PgpMimeSupport.Entity encrypted = PgpMimeSupport.split(PgpMimeSupport.raw(message));
        assertThat(encrypted.contentType()).startsWith("multipart/encrypted")
                .contains("protocol=\"application/pgp-encrypted\"");
        assertThat(encrypted.part(0)).contains("application/pgp-encrypted", "Version: 1");
        assertThat(encrypted.part(1)).contains("-----BEGIN PGP MESSAGE-----").doesNotContain("RDP expuesto");

        byte[] clear = PgpMimeSupport.decrypt(PgpMimeSupport.body(encrypted.parts()[1]), contactKey.secret(),
                CONTACT_PASSPHRASE);
        PgpMimeSupport.Entity signed = PgpMimeSupport.split(clear);
        assertThat(signed.contentType()).startsWith("multipart/signed");
        assertThat(PgpMimeSupport.verify(signed.parts()[0], PgpMimeSupport.body(signed.parts()[1]), warpKey())).isTrue();
        PgpMimeSupport.Entity content = PgpMimeSupport.split(signed.parts()[0]);
        assertThat(decodedText(signed.part(0)))
                .contains("Estimado equipo", "Cierre el puerto.", "/advice/vulnerable-system");
        assertThat(content.part(1)).contains("filename=\"events.json\"");
        String json = new String(java.util.Base64.getMimeDecoder().decode(PgpMimeSupport.body(content.parts()[1])),
                StandardCharsets.UTF_8);
        assertThat(json).contains("\"source.ip\":\"200.7.84.10\"", "\"classification.type\":\"vulnerable-system\"");
    }

    @Test
    void whileSmtpIsDownNotificationsWaitAndAfterwardsEachArrivesExactlyOnce() throws Exception {
        Organisation member = fixtures.member();
        String email = "outage-" + shortId() + "@member.test";
        addContact(member, Contact.Role.ABUSE, email, null);
        immediate(member, "en", NotificationPolicy.AttachmentFormat.CSV, false);
        smtp.stop();
        try {
            for (int i = 0; i < 5; i++) {
                int n = i;
                Actors.runAsSystem("test", () -> notifications.notify(new Notice("outage:" + email + ":" + n,
                        member.id(), Notice.Kind.WARNING, "WARP-2026-00010" + n, Tlp.AMBER, Severity.HIGH,
                        "Outage " + n, "", null, null, List.of(), false)));
            }
            // Each is tried, fails visibly, and waits for the next attempt.
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                    assertThat(Actors.runAsSystem("test", () -> notifications.log(member.id(), 10)))
                            .hasSize(5).allSatisfy(d -> {
                                assertThat(d.state()).isEqualTo(Delivery.State.PENDING);
                                assertThat(d.attempts()).isPositive();
                                assertThat(d.lastError()).isNotBlank();
                            }));
        } finally {
            smtp = start(port);
        }
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(received(email)).hasSize(5));
        Thread.sleep(1500);
        List<MimeMessage> all = received(email);
        assertThat(all).hasSize(5);
        assertThat(all.stream().map(m -> header(m, "Message-ID")).distinct()).hasSize(5);
        assertThat(all.stream().map(m -> subject(m)).sorted())
                .allSatisfy(s -> assertThat(s).startsWith("[WARP-2026-00010").contains("Outage"));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(Actors.runAsSystem("test", () -> notifications.log(member.id(), 10)))
                        .allSatisfy(d -> assertThat(d.state()).isEqualTo(Delivery.State.SENT)));
    }

    @Test
    void badInputIsAClearErrorOnThatOneNotificationAndTheOthersGoOut() throws Exception {
        Organisation member = fixtures.member();
        String good = "good-" + shortId() + "@member.test";
        addContact(member, Contact.Role.ABUSE, good, null);
        // Imported contacts are not checked like typed ones: an address that is none, a malformed key.
        insertContact(member, "not an address", null);
        insertContact(member, "malformed-" + shortId() + "@member.test",
                "-----BEGIN PGP PUBLIC KEY BLOCK-----\n\nbm90IGEga2V5\n-----END PGP PUBLIC KEY BLOCK-----\n");
        insertContact(member, "revoked-" + shortId() + "@member.test", revokedKey());
        immediate(member, "en", NotificationPolicy.AttachmentFormat.CSV, true);

        Actors.runAsSystem("test", () -> notifications.notify(new Notice("bad-input:" + good, member.id(),
                Notice.Kind.WARNING, "WARP-2026-000555", Tlp.AMBER, Severity.HIGH, "Mixed recipients", "", null, null,
                List.of(), false)));
        // And a message whose template does not exist.
        UUID broken = UUID.randomUUID();
        jdbc.sql("""
                insert into notification_deliveries (id, organisation_id, dedup_key, channel, recipient, kind, reference,
                    subject, language, attachment_format, payload, max_attempts)
                values (?, ?, ?, 'EMAIL', ?, 'WARNING', 'WARP-2026-000556', 'broken', 'en', 'CSV', cast(? as jsonb), 5)""")
                .params(broken, member.id().value(), "broken:" + broken, good,
                        "{\"key\":\"broken\",\"organisation\":\"" + member.id() + "\",\"template\":\"NO_SUCH_KIND\","
                                + "\"reference\":\"WARP-2026-000556\",\"tlp\":\"AMBER\",\"severity\":\"HIGH\","
                                + "\"title\":\"Broken\",\"text\":\"\",\"events\":[],\"acknowledgeable\":false,\"items\":[]}")
                .update();

        awaitOne(good);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            List<Delivery> log = Actors.runAsSystem("test", () -> notifications.log(member.id(), 10));
            assertThat(log).hasSize(5);
            assertThat(log).filteredOn(d -> d.recipient().equals(good) && d.reference().equals("WARP-2026-000555"))
                    .singleElement().extracting(Delivery::state).isEqualTo(Delivery.State.SENT);
            assertThat(log).filteredOn(d -> d.recipient().equals("not an address")).singleElement().satisfies(d -> {
                assertThat(d.state()).isEqualTo(Delivery.State.PARKED);
                assertThat(d.lastError()).contains("is not a valid e-mail address");
            });
            assertThat(log).filteredOn(d -> d.recipient().startsWith("malformed-")).singleElement().satisfies(d -> {
                assertThat(d.state()).isEqualTo(Delivery.State.PARKED);
                assertThat(d.lastError()).contains("OpenPGP key is malformed");
            });
            assertThat(log).filteredOn(d -> d.recipient().startsWith("revoked-")).singleElement().satisfies(d -> {
                assertThat(d.state()).isEqualTo(Delivery.State.PARKED);
                assertThat(d.lastError()).contains("is revoked");
            });
            assertThat(log).filteredOn(d -> d.id().equals(broken)).singleElement().satisfies(d -> {
                assertThat(d.state()).isEqualTo(Delivery.State.PARKED);
                assertThat(d.lastError()).contains("No template", "NO_SUCH_KIND");
            });
        });
        // Parked deliveries are in the analysts' list; a retry makes one due again.
        assertThat(Actors.runAsSystem("test", () -> notifications.logOfAll(Delivery.State.PARKED, 1000)))
                .extracting(Delivery::id).contains(broken);
        Delivery retried = Actors.runAsSystem("test", () -> notifications.retry(broken));
        assertThat(retried.state()).isEqualTo(Delivery.State.PENDING);
        assertThat(retried.attempts()).isZero();
    }

    @Test
    void theAcknowledgementLinkShowsAConfirmButtonAndAcknowledgesOnlyOnPostOnce() throws Exception {
        Organisation member = fixtures.member();
        String email = "ack-" + shortId() + "@member.test";
        addContact(member, Contact.Role.ABUSE, email, null);
        immediate(member, "es", NotificationPolicy.AttachmentFormat.CSV, false);
        IncidentId incident = new IncidentId(UUID.randomUUID());
        tx.executeWithoutResult(s -> publisher.publishEvent(new IncidentChanged(incident, "WARP-2026-000999",
                member.id(), IncidentChanged.Kind.MESSAGE_TO_MEMBER, "NOTIFIED", Tlp.GREEN, "MEDIUM", "scanner",
                "Por favor revisen el equipo.", Instant.now())));
        MimeMessage message = awaitOne(email);
        String text = decodedText(PgpMimeSupport.split(PgpMimeSupport.raw(message)).part(0));
        assertThat(text).contains("Por favor revisen el equipo.");
        Matcher link = Pattern.compile("/ack/([A-Za-z0-9_-]{20,})").matcher(text);
        assertThat(link.find()).as(text).isTrue();
        String path = "/ack/" + link.group(1);

        HttpTestClient anonymous = new HttpTestClient(httpPort);
        String page = anonymous.get(path).body();
        assertThat(page).contains("id=\"ack-confirm\"", "WARP-2026-000999");
        // Opening the link (as a mail scanner would) acknowledged nothing.
        assertThat(anonymous.get(path).body()).contains("id=\"ack-confirm\"");
        assertThat(usedTokens(member)).isZero();

        var confirmed = anonymous.postForm(path, Map.of(), path, true);
        assertThat(confirmed.statusCode()).isEqualTo(200);
        assertThat(confirmed.body()).contains("id=\"ack-done\"");
        assertThat(usedTokens(member)).isEqualTo(1);
        assertThat(jdbc.sql("select count(*) from notification_ack_tokens where organisation_id = ?")
                .param(member.id().value()).query(Long.class).single()).isEqualTo(1);
        // Once only.
        assertThat(anonymous.get(path).body()).contains("id=\"ack-invalid\"").doesNotContain("id=\"ack-confirm\"");
        assertThat(anonymous.get("/ack/not-a-token").body()).contains("id=\"ack-invalid\"");
    }

    @Test
    void aRealIncidentNotifiedByAnAnalystIsAcknowledgedThroughTheLinkInItsMailOnceAndItsTimelineSaysSo()
            throws Exception {
        Organisation member = fixtures.member();
        String email = "real-ack-" + shortId() + "@member.test";
        addContact(member, Contact.Role.ABUSE, email, null);
        immediate(member, "es", NotificationPolicy.AttachmentFormat.CSV, false);
        var analyst = fixtures.user(lat.warp.shared.Role.ANALYST).actor();
        String title = "Phishing en 203.0.113.7 " + shortId();
        lat.warp.reporting.Incident opened = fixtures.as(analyst, () -> incidents.openFromEvents(
                List.of(new lat.warp.reporting.EventRef(Instant.now(), "203.0.113.7", "phishing", null)),
                new lat.warp.reporting.TriageDecision("phishing", Tlp.AMBER, Severity.HIGH, member.id().toString(),
                        title)));
        fixtures.as(analyst, () -> incidents.notifyMember(opened.id(), "Por favor retiren la página falsa."));

        MimeMessage message = awaitOne(email);
        assertThat(message.getSubject()).startsWith("[" + opened.number() + "] [TLP:AMBER] ")
                .contains("Incidente de seguridad en sus redes", title);
        String text = decodedText(PgpMimeSupport.split(PgpMimeSupport.raw(message)).part(0));
        assertThat(text).contains("Estimado equipo", opened.number(), "TLP:AMBER", title,
                "Por favor retiren la página falsa.", "/advice/phishing", "/incidents/" + opened.id());
        Matcher link = Pattern.compile("/ack/([A-Za-z0-9_-]{20,})").matcher(text);
        assertThat(link.find()).as(text).isTrue();
        String path = "/ack/" + link.group(1);

        HttpTestClient anonymous = new HttpTestClient(httpPort);
        // Opening the link (twice, as a mail scanner might) changes nothing.
        assertThat(anonymous.get(path).body()).contains("id=\"ack-confirm\"", opened.number());
        assertThat(anonymous.get(path).body()).contains("id=\"ack-confirm\"");
        assertThat(fixtures.as(analyst, () -> incidents.get(opened.id())).incident().state())
                .isEqualTo(lat.warp.reporting.IncidentState.NOTIFIED);

        // Without the page's CSRF token the form is refused and nothing changes.
        assertThat(anonymous.postForm(path, Map.of(), path, false).statusCode()).isEqualTo(403);
        assertThat(fixtures.as(analyst, () -> incidents.get(opened.id())).incident().state())
                .isEqualTo(lat.warp.reporting.IncidentState.NOTIFIED);

        var confirmed = anonymous.postForm(path, Map.of(), path, true);
        assertThat(confirmed.statusCode()).isEqualTo(200);
        assertThat(confirmed.body()).contains("id=\"ack-done\"");
        lat.warp.reporting.IncidentDetail detail = fixtures.as(analyst, () -> incidents.get(opened.id()));
        assertThat(detail.incident().state()).isEqualTo(lat.warp.reporting.IncidentState.ACKNOWLEDGED);
        assertThat(detail.incident().acknowledgedAt()).isNotNull();
        assertThat(detail.timeline()).anySatisfy(step -> {
            assertThat(step.kind()).isEqualTo("ACKNOWLEDGED");
            assertThat(step.actorLabel()).contains(opened.number());
        });

        // The token works once: the page says so, and a second POST acknowledges nothing more.
        assertThat(anonymous.get(path).body()).contains("id=\"ack-invalid\"").doesNotContain("id=\"ack-confirm\"");
        var again = new HttpTestClient(httpPort).postForm(path, Map.of(), path, true);
        assertThat(again.body()).contains("id=\"ack-invalid\"").doesNotContain("id=\"ack-done\"");
        assertThat(usedTokens(member)).isEqualTo(1);
        assertThat(fixtures.as(analyst, () -> incidents.get(opened.id())).timeline())
                .filteredOn(step -> step.kind().equals("ACKNOWLEDGED")).hasSize(1);
    }

    @Test
    void aDailyDigestGathersThePeriodsEventsInsideTheMembersNetworksAndTheKeptNoticesOnce() throws Exception {
        Organisation member = fixtures.member();
        Organisation neighbour = fixtures.member();
        String email = "digest-" + shortId() + "@member.test";
        addContact(member, Contact.Role.ABUSE, email, null);
        Actors.runAsSystem("test", () -> policies.save(member.id(), new NotificationPolicy.Draft(List.of(),
                NotificationPolicy.Schedule.DAILY, false, "UTC", "en", NotificationPolicy.AttachmentFormat.CSV,
                Severity.LOW, Set.of(), false)));
        // A notice under a digest policy is kept for the digest, not sent.
        assertThat(Actors.runAsSystem("test", () -> notifications.notify(new Notice("digest-item:" + email,
                member.id(), Notice.Kind.WARNING, "WARP-2026-000888", Tlp.AMBER, Severity.HIGH, "Kept for later", "",
                "open-service", null, List.of(), false)))).isEmpty();

        java.time.LocalDate today = java.time.LocalDate.now(java.time.ZoneOffset.UTC);
        java.time.LocalDate yesterday = today.minusDays(1);
        // Kept during the period that just ended.
        jdbc.sql("update notification_digest_items set created_at = ? where dedup_key = ?")
                .params(java.sql.Timestamp.from(today.atStartOfDay(java.time.ZoneOffset.UTC).toInstant().minusSeconds(600)),
                        "digest-item:" + email).update();
        partitions.ensure(List.of(yesterday));
        for (int i = 1; i <= 4; i++) {
            Organisation holder = i == 4 ? neighbour : member;
            jdbc.sql("""
                    insert into events (day, dedup_key, holder_id, time_source, classification_taxonomy,
                        classification_type, source_ip, source_port, feed_name, tlp)
                    values (?, ?, ?, ?, 'vulnerable', 'vulnerable-system', cast(? as inet), 3389, 'digest-test', 'AMBER')""")
                    .params(yesterday, UUID.randomUUID(),
                            holder.id().value(), java.sql.Timestamp.from(today.atStartOfDay(java.time.ZoneOffset.UTC)
                                    .toInstant().minusSeconds(60L * i)), "198.51.100." + i)
                    .update();
        }

        assertThat(digests.run(Instant.now())).isPositive();
        MimeMessage message = awaitOne(email);
        assertThat(message.getSubject()).isEqualTo("[WARP-DIGEST-" + today + "] [TLP:AMBER] Digest of notifications (" + today + ")");
        PgpMimeSupport.Entity signed = PgpMimeSupport.split(PgpMimeSupport.raw(message));
        assertThat(PgpMimeSupport.verify(signed.parts()[0], PgpMimeSupport.body(signed.parts()[1]), warpKey())).isTrue();
        String text = decodedText(signed.part(0));
        assertThat(text).contains("Notifications in this period: 1", "[WARP-2026-000888] [TLP:AMBER] Kept for later",
                "/advice/open-service", "Security events inside your networks in this period: 3",
                "/advice/vulnerable-system");
        PgpMimeSupport.Entity content = PgpMimeSupport.split(signed.parts()[0]);
        assertThat(content.part(1)).contains("filename=\"events.csv\"");
        String csv = new String(java.util.Base64.getMimeDecoder().decode(PgpMimeSupport.body(content.parts()[1])),
                StandardCharsets.UTF_8);
        assertThat(csv.lines().toList()).hasSize(4).first().asString().startsWith("time.source,");
        assertThat(csv).contains("198.51.100.1", "198.51.100.3").doesNotContain("198.51.100.4");

        // The period is covered: running again composes nothing more for it.
        digests.run(Instant.now());
        Thread.sleep(1000);
        assertThat(received(email)).hasSize(1);
    }

    // ---------------------------------------------------------------------------------------------

    private long usedTokens(Organisation member) {
        return jdbc.sql("select count(*) from notification_ack_tokens where organisation_id = ? and used_at is not null")
                .param(member.id().value()).query(Long.class).single();
    }

    private PGPPublicKey warpKey() throws Exception {
        String armoured = new HttpTestClient(httpPort).get("/pgp-key.asc").body();
        assertThat(armoured).startsWith("-----BEGIN PGP PUBLIC KEY BLOCK-----");
        return Pgp.readPublicRing(armoured).getPublicKey();
    }

    private void immediate(Organisation member, String language, NotificationPolicy.AttachmentFormat format,
            boolean encrypt) {
        Actors.runAsSystem("test", () -> policies.save(member.id(), new NotificationPolicy.Draft(List.of(),
                NotificationPolicy.Schedule.IMMEDIATE, false, "America/Montevideo", language, format, Severity.LOW,
                Set.of(), encrypt)));
    }

    private void addContact(Organisation member, Contact.Role role, String email, String key) {
        Actors.runAsSystem("test", () -> contacts.add(member.id(), role, email, null, "es", key));
    }

    private void insertContact(Organisation member, String email, String key) {
        jdbc.sql("insert into contacts (id, organisation_id, role, email, language, pgp_key, source) "
                        + "values (?, ?, 'ABUSE', ?, 'en', ?, 'roster')")
                .params(UUID.randomUUID(), member.id().value(), email, key).update();
    }

    private static String revokedKey() throws Exception {
        Pgp.KeyRings rings = Pgp.generate("Revoked <revoked@member.test>", CONTACT_PASSPHRASE);
        var secret = rings.secret().getSecretKey();
        var generator = new org.bouncycastle.openpgp.PGPSignatureGenerator(
                new org.bouncycastle.openpgp.operator.bc.BcPGPContentSignerBuilder(secret.getPublicKey().getAlgorithm(),
                        org.bouncycastle.bcpg.HashAlgorithmTags.SHA256), secret.getPublicKey());
        generator.init(org.bouncycastle.openpgp.PGPSignature.KEY_REVOCATION, Pgp.unlock(secret, CONTACT_PASSPHRASE));
        var revocation = generator.generateCertification(secret.getPublicKey());
        var revoked = org.bouncycastle.openpgp.PGPPublicKey.addCertification(secret.getPublicKey(), revocation);
        var ring = org.bouncycastle.openpgp.PGPPublicKeyRing.insertPublicKey(rings.publicRing(), revoked);
        return Pgp.armor(ring);
    }

    private static MimeMessage awaitOne(String recipient) {
        await().atMost(Duration.ofSeconds(30)).until(() -> !received(recipient).isEmpty());
        List<MimeMessage> messages = received(recipient);
        assertThat(messages).hasSize(1);
        return messages.getFirst();
    }

    private static List<MimeMessage> received(String recipient) {
        return Arrays.stream(smtp.getReceivedMessages()).filter(m -> {
            try {
                return Arrays.stream(m.getAllRecipients()).anyMatch(a -> a.toString().equals(recipient));
            } catch (Exception e) {
                return false;
            }
        }).toList();
    }

    private static String header(MimeMessage m, String name) {
        try {
            return m.getHeader(name)[0];
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static String subject(MimeMessage m) {
        try {
            return m.getSubject();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** The text part of a multipart/mixed entity, quoted-printable decoded. */
    static String decodedText(String mixedEntity) throws Exception {
        PgpMimeSupport.Entity mixed = PgpMimeSupport.split(mixedEntity.getBytes(StandardCharsets.ISO_8859_1));
        byte[] qp = PgpMimeSupport.body(mixed.parts()[0]);
        try (var in = jakarta.mail.internet.MimeUtility.decode(new java.io.ByteArrayInputStream(qp), "quoted-printable")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static String shortId() {
        return UUID.randomUUID().toString().substring(0, 8);
    }
}
