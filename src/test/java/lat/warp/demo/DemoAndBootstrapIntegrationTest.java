package lat.warp.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import lat.warp.identity.internal.Base32;
import lat.warp.identity.internal.Totp;
import lat.warp.platform.WarpProperties;
import lat.warp.testing.HttpTestClient;
import lat.warp.testing.WarpIntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;

/**
 * A first start in demo mode with the bootstrap settings of CONTRACT.md: the operator's administrator
 * and token exist, the demo organisations and one user per role are loaded, and the printed demo
 * administrator logs in with two-factor. A context of its own, on a database of its own.
 */
@WarpIntegrationTest
@TestPropertySource(properties = {
        "warp.data-dir=target/test-data/${warp.test.run:ide}/demo",
        "WARP_DEMO=true",
        "warp.demo=true",
        "WARP_BOOTSTRAP_ADMIN_EMAIL=root@operator.example",
        "WARP_BOOTSTRAP_ADMIN_PASSWORD=operator chose this passphrase",
        "WARP_BOOTSTRAP_API_TOKEN=bootstrap-secret-for-automation-0123456789"})
class DemoAndBootstrapIntegrationTest {

    @LocalServerPort
    int port;

    @Autowired
    WarpProperties properties;

    @Test
    void bootstrapTokenActsAsTheWarpAdministrator() {
        HttpResponse<String> me = new HttpTestClient(port).get("/api/v1/me",
                "bootstrap-secret-for-automation-0123456789");

        assertThat(me.statusCode()).isEqualTo(200);
        assertThat(me.body()).contains("\"kind\":\"TOKEN\"").contains("\"ADMIN\"").contains("AUDIT_READ");
    }

    @Test
    void bootstrapAdministratorMustEnrolTwoFactorAtFirstLogin() {
        HttpTestClient client = new HttpTestClient(port);

        HttpResponse<String> login = client.login("root@operator.example", "operator chose this passphrase");

        assertThat(login.headers().firstValue("Location").orElseThrow()).endsWith("/login/two-factor/enrol");
        assertThat(client.get("/login/two-factor/enrol").body()).contains("<svg").contains("id=\"totp-secret\"");
    }

    @Test
    void demoLoginsAreWrittenToTheDataFolderAndTheAdministratorLogsInWithTwoFactor() throws Exception {
        Path file = properties.dataDir().resolve(DemoData.LOGINS_FILE);
        assertThat(file).exists();
        String logins = Files.readString(file);
        for (String role : new String[] {"ADMIN", "ANALYST", "OFFICER", "MEMBER_ADMIN", "MEMBER", "CSIRT"}) {
            assertThat(logins).containsPattern("\\s" + role + "\\s");
        }
        Matcher admin = Pattern.compile("admin@warp\\.example\\s+(\\S+)\\s+ADMIN\\s+.*?\\s([A-Z2-7]{32})\\s*$",
                Pattern.MULTILINE).matcher(logins);
        assertThat(admin.find()).as("the admin line of %s", logins).isTrue();

        HttpTestClient client = new HttpTestClient(port);
        client.login("admin@warp.example", admin.group(1));
        String code = Totp.code(Base32.decode(admin.group(2)), Totp.stepAt(Instant.now()));
        HttpResponse<String> verified = client.postForm("/login/two-factor", Map.of("code", code),
                "/login/two-factor", true);

        assertThat(verified.statusCode()).isEqualTo(302);
        assertThat(client.get("/admin/users").body()).contains("noc@andina.example").contains("handler@csirt.example");
    }
}
