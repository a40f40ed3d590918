package lat.warp.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import lat.warp.shared.Role;
import lat.warp.shared.TokenScope;
import lat.warp.testing.AuditProbe;
import lat.warp.testing.Fixtures;
import lat.warp.testing.HttpTestClient;
import lat.warp.testing.WarpIntegrationTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The refusals the Foundation issue names: a wrong password, a replayed TOTP code, an expired token, a
 * missing CSRF token and a malformed JSON body each get a clear refusal and an audit entry, never a 500.
 */
@WarpIntegrationTest
@Tag("persistence")
class BadInputIntegrationTest {

    @LocalServerPort
    int port;

    @Autowired
    Fixtures fixtures;

    @Autowired
    AuditProbe audit;

    @Autowired
    JdbcClient jdbc;

    HttpTestClient client;
    long before;

    @BeforeEach
    void setUp() {
        client = new HttpTestClient(port);
        before = audit.lastSeq();
    }

    @Test
    void wrongPasswordIsRefusedReadablyAndAudited() {
        Fixtures.TestUser user = fixtures.user(Role.MEMBER);

        HttpResponse<String> response = client.login(user.email(), "not the password at all");

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.body()).contains("role=\"alert\"").contains("password is wrong");
        assertThat(audit.since(before, "LOGIN_FAILED")).singleElement().satisfies(e -> {
            assertThat(e.outcome()).isEqualTo("FAILURE");
            assertThat(e.objectId()).isEqualTo(user.user().id().toString());
            assertThat(e.sourceAddress()).isEqualTo(client.clientAddress());
            assertThat(e.details()).contains("wrong password").doesNotContain("not the password at all");
        });
        assertThat(client.get("/account").statusCode()).isEqualTo(302);
    }

    @Test
    void unknownAccountGetsTheSameAnswerAsAWrongPassword() {
        HttpResponse<String> response = client.login("nobody-" + System.nanoTime() + "@test.example", "whatever it is");

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.body()).contains("password is wrong");
        assertThat(audit.since(before, "LOGIN_FAILED")).singleElement()
                .satisfies(e -> assertThat(e.details()).contains("unknown account"));
    }

    @Test
    void replayedTotpCodeIsRefusedAndAudited() {
        Fixtures.TestUser staff = fixtures.user(Role.ANALYST);
        String code = staff.totp(Instant.now());

        HttpResponse<String> first = client.login(staff.email(), staff.password());
        assertThat(first.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).endsWith("/login/two-factor"));
        HttpResponse<String> accepted = client.postForm("/login/two-factor", Map.of("code", code), "/login/two-factor", true);
        assertThat(accepted.statusCode()).isEqualTo(302);
        assertThat(accepted.headers().firstValue("Location").orElseThrow()).doesNotContain("login");

        HttpTestClient second = new HttpTestClient(port);
        second.login(staff.email(), staff.password());
        HttpResponse<String> replay = second.postForm("/login/two-factor", Map.of("code", code), "/login/two-factor", true);

        assertThat(replay.statusCode()).isEqualTo(401);
        assertThat(replay.body()).contains("already been used");
        assertThat(audit.since(before, "TWO_FACTOR_REPLAYED")).singleElement()
                .satisfies(e -> assertThat(e.outcome()).isEqualTo("FAILURE"));
        assertThat(second.get("/account").statusCode()).isEqualTo(302);
    }

    @Test
    void expiredTokenIsRefusedWithAProblemDetailAndAudited() {
        var organisation = fixtures.member();
        String token = fixtures.token(organisation, Role.MEMBER, Instant.now().plus(1, ChronoUnit.DAYS),
                TokenScope.REGISTRY);
        assertThat(client.get("/api/v1/me", token).statusCode()).isEqualTo(200);
        jdbc.sql("update api_tokens set expires_at = now() - interval '1 minute' where organisation_id = ?")
                .param(organisation.id().value()).update();

        HttpResponse<String> response = client.get("/api/v1/me", token);

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/problem+json");
        assertThat(response.body()).contains("expired token");
        assertThat(audit.since(before, "TOKEN_REJECTED")).singleElement().satisfies(e -> {
            assertThat(e.details()).contains("expired token").doesNotContain(token);
            assertThat(e.sourceAddress()).isEqualTo(client.clientAddress());
        });
    }

    @Test
    void revokedAndUnknownTokensAreRefused() {
        var organisation = fixtures.member();
        String token = fixtures.token(organisation, Role.MEMBER, Instant.now().plus(1, ChronoUnit.DAYS),
                TokenScope.REGISTRY);
        jdbc.sql("update api_tokens set revoked_at = now() where organisation_id = ?")
                .param(organisation.id().value()).update();

        assertThat(client.get("/api/v1/me", token).body()).contains("revoked token");
        assertThat(client.get("/api/v1/me", "warp_made-up").body()).contains("unknown token");
        assertThat(audit.since(before, "TOKEN_REJECTED")).hasSize(2);
    }

    @Test
    void formWithoutCsrfTokenIsRefusedWithAFriendlyPageAndAudited() {
        Fixtures.TestUser user = fixtures.user(Role.MEMBER);

        HttpResponse<String> response = client.postForm("/login",
                Map.of("email", user.email(), "password", user.password()), "/login", false);

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.body()).contains("The form has expired").doesNotContain("Exception");
        assertThat(audit.since(before, "CSRF_REJECTED")).singleElement()
                .satisfies(e -> assertThat(e.outcome()).isEqualTo("DENIED"));
        assertThat(audit.since(before, "LOGIN_SUCCEEDED")).isEmpty();
    }

    @Test
    void malformedJsonIsRefusedWithAProblemDetailAndAudited() {
        String token = fixtures.token(fixtures.warp(), Role.ADMIN, Instant.now().plus(1, ChronoUnit.DAYS),
                TokenScope.ADMIN, TokenScope.REGISTRY);

        HttpResponse<String> response = client.postJson("/api/v1/organisations", "{\"name\": \"Broken", token);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/problem+json");
        assertThat(response.body()).contains("well-formed JSON");
        assertThat(audit.since(before, "REQUEST_REJECTED")).singleElement()
                .satisfies(e -> assertThat(e.objectId()).isEqualTo("POST /api/v1/organisations"));
    }

    @Test
    void invalidFieldIsRefusedWithAProblemDetailNamingTheField() {
        String token = fixtures.token(fixtures.warp(), Role.ADMIN, Instant.now().plus(1, ChronoUnit.DAYS),
                TokenScope.ADMIN, TokenScope.REGISTRY);

        HttpResponse<String> response = client.postJson("/api/v1/organisations",
                "{\"name\": \"Some ISP\", \"kind\": \"MEMBER\", \"country\": \"Uruguay\"}", token);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("\"field\":\"country\"").contains("ISO 3166");
        assertThat(audit.since(before, "REQUEST_REJECTED")).hasSize(1);
    }

    @Test
    void unknownEnumValueInJsonIsA400NotA500() {
        String token = fixtures.token(fixtures.warp(), Role.ADMIN, Instant.now().plus(1, ChronoUnit.DAYS),
                TokenScope.ADMIN, TokenScope.REGISTRY);

        HttpResponse<String> response = client.postJson("/api/v1/organisations",
                "{\"name\": \"Some ISP\", \"kind\": \"PIRATE\", \"country\": \"UY\"}", token);

        assertThat(response.statusCode()).isEqualTo(400);
    }
}
