package lat.warp.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import lat.warp.registry.Organisation;
import lat.warp.shared.Role;
import lat.warp.shared.TokenScope;
import lat.warp.testing.Fixtures;
import lat.warp.testing.WarpIntegrationTest;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Over HTTP, a member admin's token reaches its own organisation and nothing of another's: the
 * endpoint annotations let it in (it holds the "own" permissions), so the refusal must come from the
 * services' organisation check.
 */
@WarpIntegrationTest
class CrossOrganisationIntegrationTest {

    /** An API call; {org} and {token} are filled in with the target organisation and one of its tokens. */
    record Call(String method, String path, @Nullable String body) {
        @Override
        public String toString() {
            return method + " " + path;
        }
    }

    static Stream<Call> callsOnAnOrganisation() {
        return Stream.of(
                new Call("GET", "/api/v1/organisations/{org}", null),
                new Call("GET", "/api/v1/organisations/{org}/users", null),
                new Call("POST", "/api/v1/organisations/{org}/users", """
                        {"email": "{email}", "name": "Cross", "language": "en", "roles": ["MEMBER"],
                         "password": "%s"}""".formatted(Fixtures.PASSWORD)),
                new Call("GET", "/api/v1/organisations/{org}/tokens", null),
                new Call("POST", "/api/v1/organisations/{org}/tokens", """
                        {"name": "cross", "role": "MEMBER", "scopes": ["registry"]}"""),
                new Call("DELETE", "/api/v1/tokens/{token}", null));
    }

    @LocalServerPort
    int port;

    @Autowired
    Fixtures fixtures;
    @Autowired
    JdbcClient jdbc;

    private final HttpClient http = HttpClient.newHttpClient();

    private Organisation a;
    private Organisation b;
    private String tokenOfA;
    private String tokenOfB;
    private String tokenIdOfB;

    @BeforeEach
    void twoOrganisationsEachWithAMemberAdminToken() throws Exception {
        a = fixtures.member();
        b = fixtures.member();
        Instant expiry = Instant.now().plus(Duration.ofDays(30));
        tokenOfA = fixtures.token(a, Role.MEMBER_ADMIN, expiry, TokenScope.REGISTRY, TokenScope.ADMIN);
        tokenOfB = fixtures.token(b, Role.MEMBER_ADMIN, expiry, TokenScope.REGISTRY, TokenScope.ADMIN);
        // B is fresh, so its only token is the one just made.
        HttpResponse<String> list = send("GET", "/api/v1/organisations/" + b.id() + "/tokens", null, tokenOfB);
        assertThat(list.statusCode()).isEqualTo(200);
        tokenIdOfB = onlyId(list.body());
    }

    @ParameterizedTest(name = "{0} on another organisation is 403")
    @MethodSource("callsOnAnOrganisation")
    void aMemberAdminTokenIsForbiddenEverythingOfAnotherOrganisation(Call call) throws Exception {
        long deniedBefore = deniedEntriesOfTokens();

        HttpResponse<String> response = send(call, b, tokenOfA);

        assertProblem(response, 403);
        assertThat(deniedEntriesOfTokens()).as("ACCESS_DENIED entries").isGreaterThan(deniedBefore);
    }

    @ParameterizedTest(name = "{0} on its own organisation succeeds")
    @MethodSource("callsOnAnOrganisation")
    void aMemberAdminTokenManagesItsOwnOrganisation(Call call) throws Exception {
        // Its own organisation's token to revoke: a second one, so the caller keeps working.
        String ownTokenId = call.method().equals("DELETE") ? onlyNewId(a) : null;

        HttpResponse<String> response = send(call.method(), fill(call.path(), a, ownTokenId),
                call.body() == null ? null : fill(call.body(), a, ownTokenId), tokenOfA);

        int expected = switch (call.method()) {
            case "POST" -> 201;
            case "DELETE" -> 204;
            default -> 200;
        };
        assertThat(response.statusCode()).as(response.body()).isEqualTo(expected);
    }

    @Test
    void theOtherOrganisationsTokenStillWorksAfterTheRefusedRevocation() throws Exception {
        assertProblem(send("DELETE", "/api/v1/tokens/" + tokenIdOfB, null, tokenOfA), 403);

        HttpResponse<String> response = send("GET", "/api/v1/organisations/" + b.id() + "/tokens", null, tokenOfB);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("\"id\":\"" + tokenIdOfB + "\"").contains("\"revokedAt\":null");
    }

    @ParameterizedTest(name = "{0} without a token is 401")
    @MethodSource("callsOnAnOrganisation")
    void withoutATokenEveryOrganisationEndpointAsksForAuthentication(Call call) throws Exception {
        assertProblem(send(call, b, null), 401);
    }

    // ---------------------------------------------------------------------------------------------

    private HttpResponse<String> send(Call call, Organisation target, @Nullable String token) throws Exception {
        return send(call.method(), fill(call.path(), target, tokenIdOfB),
                call.body() == null ? null : fill(call.body(), target, tokenIdOfB), token);
    }

    private HttpResponse<String> send(String method, String path, @Nullable String body, @Nullable String token)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Accept", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String fill(String template, Organisation organisation, @Nullable String tokenId) {
        return template.replace("{org}", organisation.id().toString())
                .replace("{token}", tokenId == null ? "none" : tokenId)
                .replace("{email}", "cross-" + UUID.randomUUID().toString().substring(0, 8) + "@test.example");
    }

    private static void assertProblem(HttpResponse<String> response, int status) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
        assertThat(response.body()).contains("\"status\":" + status);
    }

    /** A new token of the organisation, made by its own member admin token; returns its id. */
    private String onlyNewId(Organisation organisation) throws Exception {
        HttpResponse<String> created = send("POST", "/api/v1/organisations/" + organisation.id() + "/tokens",
                "{\"name\": \"to revoke\", \"role\": \"MEMBER\", \"scopes\": [\"registry\"]}", tokenOfA);
        assertThat(created.statusCode()).isEqualTo(201);
        Matcher id = Pattern.compile("\"token\":\\{\"id\":\"([^\"]+)\"").matcher(created.body());
        assertThat(id.find()).as(created.body()).isTrue();
        return id.group(1);
    }

    private static String onlyId(String tokenList) {
        Matcher id = Pattern.compile("\"id\":\"([^\"]+)\"").matcher(tokenList);
        assertThat(id.find()).as(tokenList).isTrue();
        String found = id.group(1);
        assertThat(id.find()).as("only one token in " + tokenList).isFalse();
        return found;
    }

    /** Fixtures name every token "test token", so A's refusals are counted under that label. */
    private long deniedEntriesOfTokens() {
        return jdbc.sql("select count(*) from audit_log where action = 'ACCESS_DENIED' and actor_label = ?"
                        + " and organisation_id = ?")
                .params("token:test token", b.id().value()).query(Long.class).single();
    }
}
