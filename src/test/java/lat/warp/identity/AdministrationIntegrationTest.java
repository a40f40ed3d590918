package lat.warp.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import lat.warp.registry.Organisation;
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

/** A member administrator runs their organisation over the API: users, invitations, tokens; each step audited. */
@WarpIntegrationTest
@Tag("persistence")
class AdministrationIntegrationTest {

    @LocalServerPort
    int port;

    @Autowired
    Fixtures fixtures;

    @Autowired
    AuditProbe audit;

    @Autowired
    JdbcClient jdbc;

    HttpTestClient client;
    Organisation organisation;
    String adminToken;
    long before;

    @BeforeEach
    void setUp() {
        client = new HttpTestClient(port);
        organisation = fixtures.member();
        adminToken = fixtures.token(organisation, Role.MEMBER_ADMIN, Instant.now().plus(1, ChronoUnit.DAYS),
                TokenScope.ADMIN, TokenScope.REGISTRY);
        before = audit.lastSeq();
    }

    @Test
    void userAddedWithoutPasswordGetsAnInvitationInTheirLanguage() {
        String email = "new-" + System.nanoTime() + "@member.example";

        HttpResponse<String> created = client.postJson("/api/v1/organisations/" + organisation.id() + "/users",
                "{\"email\":\"" + email + "\",\"name\":\"Nova Pessoa\",\"language\":\"pt\",\"roles\":[\"MEMBER\"]}",
                adminToken);

        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(created.body()).contains("\"email\":\"" + email + "\"").doesNotContain("password");
        String body = jdbc.sql("select subject || ' ' || body from outbound_mail where recipient = ?").param(email)
                .query(String.class).single();
        assertThat(body).contains("Sua conta", "/password/reset/", "3 dias");
        assertThat(audit.since(before, "USER_CREATED")).singleElement()
                .satisfies(e -> assertThat(e.actorLabel()).isEqualTo("token:test token"));
    }

    @Test
    void roleThatDoesNotFitTheOrganisationIsRefused() {
        HttpResponse<String> response = client.postJson("/api/v1/organisations/" + organisation.id() + "/users",
                "{\"email\":\"x" + System.nanoTime() + "@member.example\",\"name\":\"X\",\"roles\":[\"ANALYST\"]}",
                adminToken);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("\"field\":\"roles\"");
        assertThat(audit.since(before, "USER_CREATED")).isEmpty();
    }

    @Test
    void listingUsersIsAConfidentialReadAndAudited() {
        fixtures.user(organisation, Role.MEMBER);
        long start = audit.lastSeq();

        HttpResponse<String> response = client.get("/api/v1/organisations/" + organisation.id() + "/users", adminToken);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(audit.since(start, "CONFIDENTIAL_READ")).singleElement()
                .satisfies(e -> assertThat(e.objectType()).isEqualTo("users"));
    }

    @Test
    void tokenSecretIsShownOnceAndStoredOnlyAsADigest() {
        HttpResponse<String> created = client.postJson("/api/v1/organisations/" + organisation.id() + "/tokens",
                "{\"name\":\"siem\",\"role\":\"MEMBER\",\"scopes\":[\"registry\"]}", adminToken);

        assertThat(created.statusCode()).isEqualTo(201);
        String secret = created.body().replaceAll(".*\"secret\":\"([^\"]+)\".*", "$1");
        assertThat(secret).startsWith("warp_");
        assertThat(client.get("/api/v1/organisations/" + organisation.id() + "/tokens", adminToken).body())
                .contains("\"name\":\"siem\"").doesNotContain(secret);
        assertThat(jdbc.sql("select count(*) from api_tokens where position(convert_to(?, 'UTF8') in secret_hash) > 0")
                .param(secret).query(Long.class).single()).isZero();
        assertThat(client.get("/api/v1/me", secret).body()).contains("\"MEMBER\"").contains(organisation.id().toString());
    }

    @Test
    void tokenCannotCreateATokenWiderThanItself() {
        HttpResponse<String> response = client.postJson("/api/v1/organisations/" + organisation.id() + "/tokens",
                "{\"name\":\"wider\",\"role\":\"MEMBER\",\"scopes\":[\"events\"]}", adminToken);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("\"field\":\"scopes\"");
    }

    @Test
    void memberAdministratorCannotCreateAStaffToken() {
        HttpResponse<String> response = client.postJson("/api/v1/organisations/" + organisation.id() + "/tokens",
                "{\"name\":\"sneaky\",\"role\":\"ADMIN\",\"scopes\":[\"admin\"]}", adminToken);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("\"field\":\"role\"");
    }

    @Test
    void revokedTokenStopsWorkingAtOnce() {
        HttpResponse<String> created = client.postJson("/api/v1/organisations/" + organisation.id() + "/tokens",
                "{\"name\":\"temp\",\"role\":\"MEMBER\",\"scopes\":[\"registry\"]}", adminToken);
        String secret = created.body().replaceAll(".*\"secret\":\"([^\"]+)\".*", "$1");
        String id = created.body().replaceAll(".*\"token\":\\{\"id\":\"([^\"]+)\".*", "$1");

        HttpResponse<String> revoked = client.send("DELETE", "/api/v1/tokens/" + id, adminToken);

        assertThat(revoked.statusCode()).isEqualTo(204);
        assertThat(client.get("/api/v1/me", secret).statusCode()).isEqualTo(401);
        assertThat(audit.since(before, "TOKEN_REVOKED")).singleElement();
    }

    @Test
    void metricsNeedAnAdministratorsToken() {
        String warpAdmin = fixtures.token(fixtures.warp(), Role.ADMIN, Instant.now().plus(1, ChronoUnit.DAYS),
                TokenScope.ADMIN);

        assertThat(client.get("/actuator/prometheus", adminToken).statusCode()).isEqualTo(403);
        HttpResponse<String> metrics = client.get("/actuator/prometheus", warpAdmin);
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.body()).contains("jvm_memory_used_bytes").contains("http_server_requests");
    }
}
