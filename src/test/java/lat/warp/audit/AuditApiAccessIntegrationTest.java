package lat.warp.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import lat.warp.shared.Role;
import lat.warp.shared.TokenScope;
import lat.warp.testing.Fixtures;
import lat.warp.testing.WarpIntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The audit API in the whole server, endpoint interceptor included: open to AUDIT_READ, closed to
 * everyone else. (Before its endpoints declared a permission, the interceptor closed them to all.)
 */
@WarpIntegrationTest
class AuditApiAccessIntegrationTest {

    @LocalServerPort
    int port;

    @Autowired
    Fixtures fixtures;

    private final HttpClient http = HttpClient.newHttpClient();

    private HttpResponse<String> send(String method, String path, String token) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                        .header("Authorization", "Bearer " + token)
                        .method(method, HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private String token(Role role) {
        var organisation = role.isStaff() ? fixtures.warp() : fixtures.member();
        return fixtures.token(organisation, role, Instant.now().plus(Duration.ofDays(1)), TokenScope.ADMIN);
    }

    @Test
    void anAdministratorsTokenReadsAndVerifiesTheTrail() throws Exception {
        String admin = token(Role.ADMIN);

        HttpResponse<String> list = send("GET", "/api/v1/audit?limit=1", admin);
        assertThat(list.statusCode()).as(list.body()).isEqualTo(200);
        assertThat(list.body()).contains("\"entries\"");

        HttpResponse<String> verification = send("POST", "/api/v1/audit/verification", admin);
        assertThat(verification.statusCode()).as(verification.body()).isEqualTo(200);
        assertThat(verification.body()).contains("\"intact\"");
    }

    @Test
    void aMemberAdminsTokenIsForbiddenTheTrail() throws Exception {
        String memberAdmin = token(Role.MEMBER_ADMIN);

        assertThat(send("GET", "/api/v1/audit", memberAdmin).statusCode()).isEqualTo(403);
        assertThat(send("POST", "/api/v1/audit/verification", memberAdmin).statusCode()).isEqualTo(403);
    }
}
