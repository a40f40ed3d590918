package lat.warp.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import lat.warp.events.Tlp;
import lat.warp.registry.Organisation;
import lat.warp.reporting.Severity;
import lat.warp.shared.AccessDeniedException;
import lat.warp.shared.Actors;
import lat.warp.shared.InvalidInputException;
import lat.warp.shared.Role;
import lat.warp.testing.Fixtures;
import lat.warp.testing.WarpIntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Webhooks against a real HTTP server (the JDK's, on a port chosen at run time): signed JSON, retried
 * after failures with the same delivery id, received once; private and loopback addresses refused unless
 * an administrator allows them.
 */
@WarpIntegrationTest
class WebhookIntegrationTest {

    record Received(String delivery, String signature, String body) {
    }

    @Autowired
    Fixtures fixtures;
    @Autowired
    NotificationPolicies policies;
    @Autowired
    Notifications notifications;
    @Autowired
    JdbcClient jdbc;

    @Test
    void aWebhookThatFailsTwiceThenSucceedsGetsTheNotificationOnceSignedWithItsSecret() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        List<Received> accepted = new CopyOnWriteArrayList<>();
        List<String> deliveryIds = new CopyOnWriteArrayList<>();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/hook", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            deliveryIds.add(exchange.getRequestHeaders().getFirst("X-WARP-Delivery"));
            int status = calls.incrementAndGet() <= 2 ? 503 : 204;
            if (status == 204) {
                accepted.add(new Received(exchange.getRequestHeaders().getFirst("X-WARP-Delivery"),
                        exchange.getRequestHeaders().getFirst("X-WARP-Signature"), new String(body, StandardCharsets.UTF_8)));
            }
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        server.start();
        try {
            Organisation member = fixtures.member();
            String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
            // An administrator allows the loopback address; the secret is shown this once.
            Webhook.Created created = Actors.runAsSystem("test", () -> policies.addWebhook(member.id(), url, true));
            assertThat(created.secret()).startsWith("whsec_");
            Actors.runAsSystem("test", () -> policies.save(member.id(), new NotificationPolicy.Draft(List.of(),
                    NotificationPolicy.Schedule.IMMEDIATE, false, "America/Montevideo", "en",
                    NotificationPolicy.AttachmentFormat.JSON, Severity.LOW, Set.of(), false)));

            Actors.runAsSystem("test", () -> notifications.notify(new Notice("hook:" + UUID.randomUUID(), member.id(),
                    Notice.Kind.WARNING, "WARP-2026-000321", Tlp.AMBER, Severity.HIGH, "Open resolver", "Close it.",
                    "vulnerable-system", null, List.of(), false)));

            await().atMost(Duration.ofSeconds(20)).until(() -> accepted.size() == 1);
            Thread.sleep(1500);
            assertThat(calls.get()).isEqualTo(3);
            assertThat(accepted).hasSize(1);
            assertThat(deliveryIds).hasSize(3).containsOnly(deliveryIds.getFirst());

            Received r = accepted.getFirst();
            assertThat(r.body()).contains("\"reference\":\"WARP-2026-000321\"", "\"tlp\":\"AMBER\"",
                    "\"advice\":\"http://localhost/advice/vulnerable-system\"", "\"delivery\":\"" + r.delivery() + "\"");
            String[] parts = r.signature().split(",");
            String t = parts[0].substring(2);
            assertThat(parts[1]).isEqualTo("v1=" + hmac(created.secret(), t + "." + r.body()));
            assertThat(Math.abs(Long.parseLong(t) - System.currentTimeMillis() / 1000)).isLessThan(60);

            assertThat(Actors.runAsSystem("test", () -> notifications.log(member.id(), 10))).singleElement()
                    .satisfies(d -> {
                        assertThat(d.channel()).isEqualTo(Delivery.Channel.WEBHOOK);
                        assertThat(d.state()).isEqualTo(Delivery.State.SENT);
                        assertThat(d.attempts()).isEqualTo(3);
                        assertThat(d.id().toString()).isEqualTo(r.delivery());
                    });
        } finally {
            server.stop(0);
        }
    }

    @Test
    void aMemberAdminCannotPointAWebhookAtAPrivateOrLoopbackAddressNorAllowIt() {
        Organisation member = fixtures.member();
        var admin = fixtures.user(member, Role.MEMBER_ADMIN).actor();
        for (String url : List.of("http://127.0.0.1:8080/x", "https://10.1.2.3/hook", "https://192.168.0.1/",
                "https://[::1]/hook", "https://169.254.169.254/latest/meta-data", "https://100.64.0.1/")) {
            assertThatThrownBy(() -> fixtures.as(admin, () -> policies.addWebhook(member.id(), url, false)))
                    .as(url).isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("private or loopback");
        }
        assertThatThrownBy(() -> fixtures.as(admin, () -> policies.addWebhook(member.id(), "ftp://example.org/", false)))
                .isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> fixtures.as(admin, () -> policies.addWebhook(member.id(), "http://127.0.0.1/", true)))
                .isInstanceOf(AccessDeniedException.class);
        // A public address is fine.
        Webhook.Created ok = fixtures.as(admin, () -> policies.addWebhook(member.id(), "https://203.0.113.7/hook", false));
        assertThat(ok.webhook().url()).isEqualTo("https://203.0.113.7/hook");
    }

    @Test
    void aWebhookWhoseAddressIsPrivateAtSendingIsParkedWithTheReasonAndBlocksNothing() {
        Organisation member = fixtures.member();
        UUID hook = UUID.randomUUID();
        // As if the name had resolved publicly when added and privately now.
        jdbc.sql("insert into notification_webhooks (id, organisation_id, url, secret, allow_private) "
                + "values (?, ?, 'http://127.0.0.1:9/hook', 'whsec_x', false)").params(hook, member.id().value()).update();
        Actors.runAsSystem("test", () -> policies.save(member.id(), new NotificationPolicy.Draft(List.of(),
                NotificationPolicy.Schedule.IMMEDIATE, false, "UTC", "en", NotificationPolicy.AttachmentFormat.CSV,
                Severity.LOW, Set.of(), false)));
        Actors.runAsSystem("test", () -> notifications.notify(new Notice("private:" + hook, member.id(),
                Notice.Kind.WARNING, "WARP-2026-000322", Tlp.GREEN, Severity.LOW, "x", "", null, null, List.of(), false)));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(Actors.runAsSystem("test", () -> notifications.log(member.id(), 10))).singleElement()
                        .satisfies(d -> {
                            assertThat(d.state()).isEqualTo(Delivery.State.PARKED);
                            assertThat(d.lastError()).contains("private or loopback");
                        }));
    }

    private static String hmac(String secret, String text) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
    }
}
