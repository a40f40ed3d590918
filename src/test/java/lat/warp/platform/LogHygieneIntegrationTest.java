package lat.warp.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import lat.warp.shared.Role;
import lat.warp.testing.Fixtures;
import lat.warp.testing.HttpTestClient;
import lat.warp.testing.WarpIntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.env.Environment;

/** The log file is structured (ECS JSON, one event a line) and never holds a password, code or token. */
@WarpIntegrationTest
class LogHygieneIntegrationTest {

    @LocalServerPort
    int port;

    @Autowired
    Fixtures fixtures;

    @Autowired
    Environment environment;

    @Test
    void logsAreJsonLinesWithoutPasswordsCodesOrTokens() throws Exception {
        Fixtures.TestUser staff = fixtures.user(Role.ANALYST);
        String wrongPassword = "Secret-Wrong-Password-" + System.nanoTime();
        String bogusToken = "warp_bogus-" + System.nanoTime();
        String code = staff.totp(Instant.now());
        HttpTestClient client = new HttpTestClient(port);
        client.login(staff.email(), wrongPassword);
        client.login(staff.email(), staff.password());
        client.postForm("/login/two-factor", Map.of("code", code), "/login/two-factor", true);
        client.get("/api/v1/me", bogusToken);
        client.postJson("/api/v1/organisations", "{\"password\": \"" + wrongPassword + "\"", bogusToken);

        Path log = Path.of(environment.getRequiredProperty("logging.file.name"));
        List<String> lines = Files.readAllLines(log);

        assertThat(lines).isNotEmpty().allSatisfy(line -> assertThat(line).startsWith("{\"@timestamp\":").endsWith("}"));
        String all = String.join("\n", lines);
        assertThat(all).doesNotContain(wrongPassword, staff.password(), bogusToken, "\"" + code + "\"");
    }
}
