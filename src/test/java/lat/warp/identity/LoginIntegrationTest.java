package lat.warp.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.Map;
import lat.warp.shared.Actors;
import lat.warp.shared.Role;
import lat.warp.testing.AuditProbe;
import lat.warp.testing.Fixtures;
import lat.warp.testing.HttpTestClient;
import lat.warp.testing.WarpIntegrationTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/** Login over HTTP: the steps, the lock-out, the throttle, and what a session may then do. */
@WarpIntegrationTest
@Tag("persistence")
class LoginIntegrationTest {

    @LocalServerPort
    int port;

    @Autowired
    Fixtures fixtures;

    @Autowired
    AuditProbe audit;

    @Autowired
    Users users;

    @Autowired
    lat.warp.registry.Organisations organisations;

    HttpTestClient client;
    long before;

    @BeforeEach
    void setUp() {
        client = new HttpTestClient(port);
        before = audit.lastSeq();
    }

    @Test
    void memberWithoutTwoFactorLogsInWithPasswordAndIsAudited() {
        Fixtures.TestUser member = fixtures.user(Role.MEMBER);

        HttpResponse<String> response = client.login(member.email(), member.password());

        assertThat(response.statusCode()).isEqualTo(302);
        assertThat(response.headers().firstValue("Location").orElseThrow()).endsWith("/");
        assertThat(client.get("/account").body()).contains(member.email());
        assertThat(audit.since(before, "LOGIN_SUCCEEDED")).singleElement().satisfies(e -> {
            assertThat(e.actorLabel()).isEqualTo(member.email());
            assertThat(e.sourceAddress()).isEqualTo(client.clientAddress());
        });
    }

    @Test
    void staffPasswordAloneGrantsNothingUntilTheTotpCode() {
        Fixtures.TestUser admin = fixtures.user(Role.ADMIN);

        client.login(admin.email(), admin.password());
        assertThat(client.get("/admin/users").statusCode()).isEqualTo(302);
        assertThat(client.get("/account").headers().firstValue("Location").orElseThrow()).endsWith("/login");

        HttpResponse<String> wrong = client.postForm("/login/two-factor", Map.of("code", "000000"), "/login/two-factor", true);
        assertThat(wrong.statusCode()).isEqualTo(401);
        HttpResponse<String> right = client.postForm("/login/two-factor",
                Map.of("code", admin.totp(Instant.now())), "/login/two-factor", true);
        assertThat(right.statusCode()).isEqualTo(302);
        assertThat(client.get("/admin/users").statusCode()).isEqualTo(200);
        assertThat(audit.since(before, "TWO_FACTOR_FAILED")).hasSize(1);
    }

    @Test
    void fiveFailuresLockTheAccountEvenAgainstTheRightPassword() {
        Fixtures.TestUser member = fixtures.user(Role.MEMBER);
        for (int i = 0; i < Logins.LOCK_THRESHOLD; i++) {
            client.login(member.email(), "wrong password " + i);
        }

        HttpResponse<String> locked = client.login(member.email(), member.password());

        assertThat(locked.statusCode()).isEqualTo(401);
        assertThat(audit.since(before, "ACCOUNT_LOCKED")).singleElement();
        assertThat(audit.since(before, "LOGIN_FAILED").getLast().details()).contains("account locked");

        Actors.runAsSystem("test", () -> users.unlock(member.user().id()));
        assertThat(client.login(member.email(), member.password()).statusCode()).isEqualTo(302);
    }

    @Test
    void tooManyAttemptsFromOneAddressAreThrottled() {
        String email = "nobody-" + System.nanoTime() + "@test.example";
        HttpResponse<String> last = null;
        for (int i = 0; i < 61; i++) {
            last = client.login(email, "guess " + i);
        }

        assertThat(last.statusCode()).isEqualTo(429);
        assertThat(last.body()).contains("Too many attempts");
        assertThat(audit.since(before, "LOGIN_THROTTLED")).isNotEmpty();
        // Another address is not affected.
        Fixtures.TestUser member = fixtures.user(Role.MEMBER);
        assertThat(new HttpTestClient(port).login(member.email(), member.password()).statusCode()).isEqualTo(302);
    }

    @Test
    void disablingAUserEndsTheirSessionAtTheNextRequest() {
        Fixtures.TestUser member = fixtures.user(Role.MEMBER);
        client.login(member.email(), member.password());
        assertThat(client.get("/account").statusCode()).isEqualTo(200);

        Actors.runAsSystem("test", () -> users.setEnabled(member.user().id(), false));

        assertThat(client.get("/account").statusCode()).isEqualTo(302);
    }

    @Test
    void organisationThatRequiresTwoFactorSendsItsMembersToEnrolment() {
        var organisation = fixtures.member();
        Fixtures.TestUser member = fixtures.user(organisation, Role.MEMBER);
        Actors.runAsSystem("test", () -> organisations.setTwoFactorRequired(organisation.id(), true));

        HttpResponse<String> response = client.login(member.email(), member.password());

        assertThat(response.headers().firstValue("Location").orElseThrow()).endsWith("/login/two-factor/enrol");
        assertThat(client.get("/account").statusCode()).isEqualTo(302);
        String page = client.get("/login/two-factor/enrol").body();
        java.util.regex.Matcher secret = java.util.regex.Pattern.compile("id=\"totp-secret\">([A-Z2-7]+)<").matcher(page);
        assertThat(secret.find()).isTrue();
        String code = lat.warp.identity.internal.Totp.code(lat.warp.identity.internal.Base32.decode(secret.group(1)),
                lat.warp.identity.internal.Totp.stepAt(Instant.now()));
        HttpResponse<String> enrolled = client.postForm("/login/two-factor/enrol", Map.of("code", code),
                "/login/two-factor/enrol", true);
        assertThat(enrolled.statusCode()).isEqualTo(302);
        assertThat(client.get("/account").body()).contains(member.email());
        assertThat(audit.since(before, "TWO_FACTOR_ENROLLED")).singleElement();
    }

    @Test
    void loggingOutIsAuditedAndEndsTheSession() {
        Fixtures.TestUser member = fixtures.user(Role.MEMBER);
        client.login(member.email(), member.password());

        HttpResponse<String> out = client.postForm("/logout", Map.of(), "/account", true);

        assertThat(out.headers().firstValue("Location").orElseThrow()).contains("/login?logout");
        assertThat(client.get("/account").statusCode()).isEqualTo(302);
        assertThat(audit.since(before, "LOGOUT")).singleElement()
                .satisfies(e -> assertThat(e.actorLabel()).isEqualTo(member.email()));
    }
}
