package lat.warp.reporting;

import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import lat.warp.registry.Organisation;
import lat.warp.testing.Fixtures.TestUser;
import lat.warp.testing.HttpTestClient;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/** Networks held by test members, logins over HTTP, and the links the reporting e-mails carry. */
final class ReportingTestData {

    static final Pattern CONFIRM_LINK = Pattern.compile("/reports/confirm/([A-Za-z0-9_-]+)");

    private ReportingTestData() {
    }

    /** A /24 of 100.64.0.0/10 that no row holds yet, as "100.x.y." to append a host number to. */
    static String freshNet(JdbcClient jdbc) {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        for (int attempt = 0; attempt < 1_000; attempt++) {
            String net = "100." + (64 + r.nextInt(64)) + "." + r.nextInt(256) + ".";
            if (jdbc.sql("select count(*) from ip_resources where prefix && cast(? as cidr)").param(net + "0/24")
                    .query(Long.class).single() == 0) {
                return net;
            }
        }
        throw new IllegalStateException("no free /24 left in 100.64.0.0/10");
    }

    static void hold(JdbcClient jdbc, String net, Organisation organisation) {
        jdbc.sql("insert into ip_resources (prefix, organisation_id, status, country, registry, source) "
                        + "values (cast(? as cidr), ?, 'ASSIGNED', 'UY', 'lacnic', 'manual')")
                .params(net + "0/24", organisation.id().value()).update();
    }

    /** The confirmation token of the newest mail queued to the address (the shared test server has no SMTP). */
    static String queuedConfirmToken(JdbcClient jdbc, String email) {
        String body = jdbc.sql("select body from outbound_mail where recipient = ? order by created_at desc limit 1")
                .param(email).query(String.class).optional().orElseThrow(() -> new AssertionError("no mail to " + email));
        Matcher m = CONFIRM_LINK.matcher(body);
        assertThat(m.find()).as("a confirmation link in:%n%s", body).isTrue();
        return m.group(1);
    }

    static HttpTestClient logIn(int port, TestUser user) {
        HttpTestClient client = new HttpTestClient(port);
        HttpResponse<String> login = client.login(user.email(), user.password());
        assertThat(login.statusCode()).as("login of %s", user.email()).isEqualTo(302);
        if (user.totpSecret().length > 0) {
            HttpResponse<String> code = client.postForm("/login/two-factor",
                    Map.of("code", user.totp(Instant.now())), "/login/two-factor", true);
            assertThat(code.statusCode()).as("two-factor login of %s", user.email()).isEqualTo(302);
        }
        assertThat(client.get("/account?lang=en").statusCode()).isEqualTo(200);
        return client;
    }

    /** Where a redirect leads, as a path on the test server. */
    static String location(HttpResponse<String> response) {
        String location = response.headers().firstValue("Location").orElseThrow(() -> new AssertionError(
                "no redirect, status " + response.statusCode() + ":\n" + response.body()));
        return location.replaceFirst("^https?://[^/]+", "");
    }
}
