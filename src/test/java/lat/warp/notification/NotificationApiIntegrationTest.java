package lat.warp.notification;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import lat.warp.registry.Organisation;
import lat.warp.shared.Role;
import lat.warp.shared.TokenScope;
import lat.warp.testing.Fixtures;
import lat.warp.testing.HttpTestClient;
import lat.warp.testing.WarpIntegrationTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The notification API over HTTP, with bearer tokens: the policy (GET, PUT), webhooks (added with their
 * secret shown once, removed), the delivery log (own, everyone's) and a retry; status codes and problem
 * details on bad input; another organisation's policy refused. Who may do what in full is
 * {@link NotificationAccessMatrixIntegrationTest}; this is the wire.
 */
@WarpIntegrationTest
class NotificationApiIntegrationTest {

    private static final String PROBLEM = "application/problem+json";

    @Autowired
    Fixtures fixtures;
    @Autowired
    JdbcClient jdbc;
    @LocalServerPort
    int port;

    HttpTestClient client;
    Organisation member;
    String memberAdmin;
    String memberStaff;
    String analyst;

    @BeforeEach
    void setUp() {
        client = new HttpTestClient(port);
        member = fixtures.member();
        Instant tomorrow = Instant.now().plus(1, ChronoUnit.DAYS);
        memberAdmin = fixtures.token(member, Role.MEMBER_ADMIN, tomorrow, TokenScope.values());
        memberStaff = fixtures.token(member, Role.MEMBER, tomorrow, TokenScope.values());
        analyst = fixtures.token(fixtures.warp(), Role.ANALYST, tomorrow, TokenScope.values());
    }

    @Test
    void aMemberAdminReadsAndSavesItsPolicyAndBadInputIsAProblemDetailNamingTheField() {
        String path = "/api/v1/organisations/" + member.id() + "/notification-policy";
        HttpResponse<String> initial = client.get(path, memberAdmin);
        assertThat(initial.statusCode()).isEqualTo(200);
        assertThat(initial.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/json");
        assertThat(initial.body()).contains("\"organisation\":\"" + member.id() + "\"", "\"saved\":false");

        HttpResponse<String> saved = client.sendJson("PUT", path, """
                {"schedule": "DAILY", "businessDaysOnly": false, "timeZone": "America/Montevideo", "language": "pt",
                 "attachmentFormat": "JSON", "minimumSeverity": "HIGH", "mutedTypes": ["scanner"], "encrypt": false}""",
                memberAdmin);
        assertThat(saved.statusCode()).as(saved.body()).isEqualTo(200);
        assertThat(saved.body()).contains("\"saved\":true", "\"schedule\":\"DAILY\"",
                "\"timeZone\":\"America/Montevideo\"", "\"language\":\"pt\"", "\"attachmentFormat\":\"JSON\"",
                "\"minimumSeverity\":\"HIGH\"", "\"scanner\"");
        assertThat(client.get(path, memberStaff).body()).contains("\"schedule\":\"DAILY\"", "\"language\":\"pt\"");

        HttpResponse<String> badZone = client.sendJson("PUT", path,
                "{\"schedule\": \"DAILY\", \"language\": \"es\", \"timeZone\": \"Mars/Olympus_Mons\"}", memberAdmin);
        assertThat(badZone.statusCode()).isEqualTo(400);
        assertThat(badZone.headers().firstValue("Content-Type").orElseThrow()).startsWith(PROBLEM);
        assertThat(badZone.body()).contains("\"field\":\"timeZone\"", "Not a time zone");

        HttpResponse<String> noSchedule = client.sendJson("PUT", path, "{\"language\": \"es\"}", memberAdmin);
        assertThat(noSchedule.statusCode()).isEqualTo(400);
        assertThat(noSchedule.body()).contains("\"field\":\"schedule\"");

        HttpResponse<String> badLanguage = client.sendJson("PUT", path,
                "{\"schedule\": \"IMMEDIATE\", \"language\": \"klingon\"}", memberAdmin);
        assertThat(badLanguage.statusCode()).isEqualTo(400);
        assertThat(badLanguage.body()).contains("\"field\":\"language\"");

        HttpResponse<String> badEnum = client.sendJson("PUT", path, "{\"schedule\": \"SOMETIMES\"}", memberAdmin);
        assertThat(badEnum.statusCode()).isEqualTo(400);
        assertThat(badEnum.headers().firstValue("Content-Type").orElseThrow()).startsWith(PROBLEM);

        // Nothing of the refused changes was kept.
        assertThat(client.get(path, memberAdmin).body()).contains("\"timeZone\":\"America/Montevideo\"",
                "\"language\":\"pt\"");
        // A member who is not an administrator reads but does not save.
        assertThat(client.sendJson("PUT", path, "{\"schedule\": \"IMMEDIATE\", \"language\": \"es\"}", memberStaff).statusCode())
                .isEqualTo(403);
    }

    @Test
    void anotherOrganisationsPolicyIsRefused() {
        Organisation other = fixtures.member();
        String path = "/api/v1/organisations/" + other.id() + "/notification-policy";

        HttpResponse<String> read = client.get(path, memberAdmin);
        assertThat(read.statusCode()).isEqualTo(403);
        assertThat(read.headers().firstValue("Content-Type").orElseThrow()).startsWith(PROBLEM);
        assertThat(client.sendJson("PUT", path, "{\"schedule\": \"IMMEDIATE\"}", memberAdmin).statusCode())
                .isEqualTo(403);
        assertThat(client.postJson(path + "/webhooks", "{\"url\": \"https://1.1.1.1/x\"}", memberAdmin)
                .statusCode()).isEqualTo(403);
        assertThat(client.get("/api/v1/organisations/" + other.id() + "/notification-deliveries", memberAdmin)
                .statusCode()).isEqualTo(403);
        // An id that is none is not found; no token at all is unauthenticated.
        assertThat(client.get("/api/v1/organisations/not-an-id/notification-policy", memberAdmin).statusCode())
                .isEqualTo(404);
        assertThat(client.get(path).statusCode()).isEqualTo(401);
        // The analyst reads it; nothing was saved by the refused calls.
        HttpResponse<String> byAnalyst = client.get(path, analyst);
        assertThat(byAnalyst.statusCode()).isEqualTo(200);
        assertThat(byAnalyst.body()).contains("\"saved\":false", "\"webhooks\":[]");
    }

    @Test
    void aWebhookIsAddedWithItsSecretShownOnceAndRemoved() {
        String webhooks = "/api/v1/organisations/" + member.id() + "/notification-policy/webhooks";
        HttpResponse<String> added = client.postJson(webhooks, "{\"url\": \"https://1.1.1.1/warp\"}",
                memberAdmin);
        assertThat(added.statusCode()).as(added.body()).isEqualTo(201);
        assertThat(added.body()).contains("\"url\":\"https://1.1.1.1/warp\"");
        Matcher secret = Pattern.compile("\"secret\":\"([^\"]{16,})\"").matcher(added.body());
        assertThat(secret.find()).as(added.body()).isTrue();
        Matcher id = Pattern.compile("\"id\":\"([0-9a-f-]{36})\"").matcher(added.body());
        assertThat(id.find()).isTrue();

        String policy = client.get("/api/v1/organisations/" + member.id() + "/notification-policy", memberAdmin)
                .body();
        assertThat(policy).contains(id.group(1), "https://1.1.1.1/warp").doesNotContain(secret.group(1))
                .doesNotContain("\"secret\"");

        // A private address (and a URL that is none) is a problem detail naming the field.
        for (String url : new String[] {"http://127.0.0.1:8080/hook", "http://10.1.2.3/hook", "http://[::1]/hook",
                "not a url"}) {
            HttpResponse<String> refused = client.postJson(webhooks, "{\"url\": \"" + url + "\"}", memberAdmin);
            assertThat(refused.statusCode()).as(url).isEqualTo(400);
            assertThat(refused.headers().firstValue("Content-Type").orElseThrow()).startsWith(PROBLEM);
            assertThat(refused.body()).as(url).contains("\"field\":\"url\"");
        }
        // Only the WARP's configuration managers may allow a private address.
        assertThat(client.postJson(webhooks, "{\"url\": \"http://10.1.2.3/hook\", \"allowPrivate\": true}",
                memberAdmin).statusCode()).isEqualTo(403);

        assertThat(client.send("DELETE", webhooks + "/" + id.group(1), memberAdmin).statusCode()).isEqualTo(204);
        assertThat(client.get("/api/v1/organisations/" + member.id() + "/notification-policy", memberAdmin).body())
                .doesNotContain(id.group(1));
        assertThat(client.send("DELETE", webhooks + "/" + id.group(1), memberAdmin).statusCode()).isEqualTo(404);
        assertThat(client.send("DELETE", webhooks + "/not-a-uuid", memberAdmin).statusCode()).isEqualTo(404);
    }

    @Test
    void theDeliveryLogShowsOwnDeliveriesAnalystsSeeAllAndRetryAParkedOne() {
        Organisation other = fixtures.member();
        UUID mine = parked(member, "WARP-2026-900001");
        UUID theirs = parked(other, "WARP-2026-900002");

        HttpResponse<String> own = client.get("/api/v1/organisations/" + member.id() + "/notification-deliveries",
                memberStaff);
        assertThat(own.statusCode()).isEqualTo(200);
        assertThat(own.body()).contains(mine.toString(), "\"state\":\"PARKED\"", "\"lastError\":\"test: parked\"")
                .doesNotContain(theirs.toString());

        // Everyone's log and the retry are the analysts'.
        assertThat(client.get("/api/v1/notifications/deliveries?state=PARKED&limit=1000", memberAdmin).statusCode())
                .isEqualTo(403);
        assertThat(client.send("POST", "/api/v1/notifications/deliveries/" + mine + "/retry", memberAdmin)
                .statusCode()).isEqualTo(403);
        HttpResponse<String> all = client.get("/api/v1/notifications/deliveries?state=PARKED&limit=1000", analyst);
        assertThat(all.statusCode()).isEqualTo(200);
        assertThat(all.body()).contains(mine.toString(), theirs.toString());
        assertThat(client.get("/api/v1/notifications/deliveries?state=LOST", analyst).statusCode()).isEqualTo(400);

        HttpResponse<String> retried = client.send("POST", "/api/v1/notifications/deliveries/" + mine + "/retry",
                analyst);
        assertThat(retried.statusCode()).as(retried.body()).isEqualTo(200);
        assertThat(retried.body()).contains(mine.toString(), "\"state\":\"PENDING\"", "\"attempts\":0");
        assertThat(client.send("POST", "/api/v1/notifications/deliveries/" + UUID.randomUUID() + "/retry", analyst)
                .statusCode()).isEqualTo(404);
        assertThat(client.send("POST", "/api/v1/notifications/deliveries/nonsense/retry", analyst).statusCode())
                .isEqualTo(404);
    }

    private UUID parked(Organisation organisation, String reference) {
        UUID id = UUID.randomUUID();
        jdbc.sql("""
                insert into notification_deliveries (id, organisation_id, dedup_key, channel, recipient, kind, reference,
                    subject, language, attachment_format, payload, max_attempts, state, attempts, last_error)
                values (?, ?, ?, 'EMAIL', ?, 'WARNING', ?, 'parked', 'en', 'CSV', cast('{}' as jsonb), 5, 'PARKED', 5,
                    'test: parked')""")
                .params(id, organisation.id().value(), "api-test:" + id, "abuse-" + id + "@member.test", reference)
                .update();
        return id;
    }
}
