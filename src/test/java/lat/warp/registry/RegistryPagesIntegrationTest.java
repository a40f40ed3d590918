package lat.warp.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import lat.warp.registry.internal.AttributionIndexHolder;
import lat.warp.shared.Role;
import lat.warp.testing.Fixtures;
import lat.warp.testing.Fixtures.TestUser;
import lat.warp.testing.HttpTestClient;
import lat.warp.testing.WarpIntegrationTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The registry pages over HTTP as people use them: the lookup form (with and without htmx), the
 * import page with an upload and its report, and an organisation's networks and contacts, with the
 * refusals that keep one member out of another's.
 */
@WarpIntegrationTest
class RegistryPagesIntegrationTest {

    @LocalServerPort
    int port;

    @Autowired
    Fixtures fixtures;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    AttributionIndexHolder index;

    TestNetworks networks;

    @BeforeEach
    void setUp() {
        networks = new TestNetworks(jdbc, index);
    }

    // Lookup ---------------------------------------------------------------------------------------------

    @Test
    void lookupShowsTheValidResultsAndListsTheInvalidEntriesByLine() {
        Organisation holder = fixtures.member();
        TestNetworks.Holding holding = networks.give(holder);
        String abuse = "abuse-" + UUID.randomUUID().toString().substring(0, 8) + "@test.example";
        networks.abuseContact(holder.id(), abuse);
        networks.rebuildIndex();
        HttpTestClient member = logIn(fixtures.user(holder, Role.MEMBER));

        HttpResponse<String> form = member.get("/registry/lookup");
        assertThat(form.statusCode()).isEqualTo(200);
        assertThat(form.body()).contains("<textarea id=\"addresses\"", "hx-post=\"/registry/lookup\"",
                "hx-target=\"#lookup-results\"", "href=\"/registry/lookup\"");

        HttpResponse<String> page = member.postForm("/registry/lookup",
                Map.of("addresses", holding.host(10) + "\n\n8.8.8.8, not-an-ip  999.1.1.1\n"), "/registry/lookup", true);

        assertThat(page.statusCode()).isEqualTo(200);
        String body = page.body();
        assertThat(body).contains("<html", "Addresses looked up: 2. In the region: 1.")
                .contains(holding.host(10), holding.prefix(), "8.8.8.8", "arin", "lacnic", "allocated", abuse)
                // Its own organisation: the member may open the holder's page.
                .contains("href=\"/registry/organisations/" + holder.id() + "\">" + holder.name() + "</a>")
                .contains("Line 3: “not-an-ip” is not an IPv4 or IPv6 address.")
                .contains("Line 3: “999.1.1.1” is not an IPv4 or IPv6 address.")
                .contains("Entries that are not addresses (2)");
        assertThat(textarea(body)).contains("not-an-ip");
    }

    @Test
    void withHtmxOnlyTheResultsComeBack() {
        Organisation holder = fixtures.member();
        TestNetworks.Holding holding = networks.give(holder);
        HttpTestClient member = logIn(fixtures.user(Role.MEMBER));

        HttpResponse<String> fragment = member.postForm("/registry/lookup",
                Map.of("addresses", holding.host(1) + " bogus"), "/registry/lookup", "HX-Request", "true");

        assertThat(fragment.statusCode()).isEqualTo(200);
        assertThat(fragment.body().strip()).startsWith("<div id=\"lookup-results\"").doesNotContain("<html", "<header");
        // Another organisation's holder: named, but not linked for a member.
        assertThat(fragment.body()).contains("<span>" + holder.name() + "</span>", "“bogus”")
                .doesNotContain("/registry/organisations/" + holder.id());
        assertThat(fragment.headers().allValues("Vary")).anySatisfy(v -> assertThat(v).contains("HX-Request"));
    }

    @Test
    void moreThanTenThousandEntriesAreRefusedReadably() {
        HttpTestClient member = logIn(fixtures.user(Role.MEMBER));

        HttpResponse<String> page = member.postForm("/registry/lookup",
                Map.of("addresses", "192.0.2.1\n".repeat(Attribution.MAX_BULK + 1)), "/registry/lookup", true);

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("The list has 10,001 entries: at most 10,000 can be looked up at once.")
                .doesNotContain("id=\"lookup-table\"");
    }

    @Test
    void lookupNeedsLookupPermission() {
        HttpTestClient officer = logIn(fixtures.user(Role.OFFICER));

        assertThat(officer.get("/registry/lookup").statusCode()).isEqualTo(403);
        assertThat(officer.get("/").body()).doesNotContain("href=\"/registry/lookup\"");
    }

    // Imports --------------------------------------------------------------------------------------------

    @Test
    void aRefusedUploadShowsItsProblemsByLineOnTopAndInTheHistory() {
        HttpTestClient analyst = logIn(fixtures.user(Role.ANALYST));
        String name = "broken-" + UUID.randomUUID().toString().substring(0, 8) + ".txt";
        String file = """
                2.3|lacnic|20240104|2|19870101|20240104|-0300
                lacnic|*|ipv4|*|2|summary
                lacnic|UY|ipv4|198.18.0.0|256|20240101|allocated|T1
                lacnic|UY|ipv4|not-an-address|256|20240101|allocated|T1
                """;

        HttpResponse<String> page = analyst.get("/registry/imports");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("enctype=\"multipart/form-data\"", "href=\"/registry/imports\"",
                "<option value=\"delegated\"", "<option value=\"routes\"", "<option value=\"as-names\"");

        HttpResponse<String> upload = analyst.postMultipart("/registry/imports", Map.of("kind", "delegated"), "file",
                name, file.getBytes(StandardCharsets.UTF_8), "/registry/imports");

        assertThat(upload.statusCode()).as(upload.body()).isEqualTo(302);
        String location = upload.headers().firstValue("Location").orElseThrow();
        assertThat(location).contains("/registry/imports?report=");
        String report = analyst.get(location.substring(location.indexOf("/registry"))).body();
        String top = report.substring(report.indexOf("id=\"last-import\""), report.indexOf("id=\"upload-heading\""));
        assertThat(top).contains("Import of " + name, "The file was refused and nothing was changed.",
                "Problems (the first 1 of 1)", "<td class=\"number\">4</td>", "not-an-address");
        String history = report.substring(report.indexOf("id=\"import-history\""));
        assertThat(history).contains(name, "refused", "<details class=\"report\">");
    }

    @Test
    void anAppliedUploadReportsWhatItAdded() {
        HttpTestClient analyst = logIn(fixtures.user(Role.ANALYST));
        // A registry of its own, so that this file removes nothing another test imported.
        String registry = "pages" + randomLetters(8);
        String prefix = networks.freshPrefix();
        String start = prefix.substring(0, prefix.indexOf('/'));
        String file = "2.3|" + registry + "|20240104|1|19870101|20240104|-0300\n"
                + registry + "|*|ipv4|*|1|summary\n"
                + registry + "|UY|ipv4|" + start + "|256|20240101|allocated|H1\n";

        HttpResponse<String> upload = analyst.postMultipart("/registry/imports", Map.of("kind", "delegated"), "file",
                registry + ".txt", file.getBytes(StandardCharsets.UTF_8), "/registry/imports");

        assertThat(upload.statusCode()).as(upload.body()).isEqualTo(302);
        String location = upload.headers().firstValue("Location").orElseThrow();
        String report = analyst.get(location.substring(location.indexOf("/registry"))).body();
        String top = report.substring(report.indexOf("id=\"last-import\""), report.indexOf("id=\"upload-heading\""));
        assertThat(top).contains("The file was imported and the registry has been updated.",
                "<dt>Added</dt><dd>1</dd>", "recordsByType");
        assertThat(jdbc.sql("select count(*) from ip_resources where prefix = ?::cidr and registry = ?")
                .params(prefix, registry).query(Long.class).single()).isEqualTo(1);
    }

    @Test
    void anUploadWithoutAFileOrKindIsRefusedReadably() {
        HttpTestClient analyst = logIn(fixtures.user(Role.ANALYST));

        HttpResponse<String> noKind = analyst.postMultipart("/registry/imports", Map.of("kind", "roster"), "file",
                "x.txt", "x".getBytes(StandardCharsets.UTF_8), "/registry/imports");
        assertThat(noKind.statusCode()).isEqualTo(302);
        assertThat(analyst.get("/registry/imports").body()).contains("Choose the kind of file");

        HttpResponse<String> empty = analyst.postMultipart("/registry/imports", Map.of("kind", "delegated"), "file",
                "empty.txt", new byte[0], "/registry/imports");
        assertThat(empty.statusCode()).isEqualTo(302);
        assertThat(analyst.get("/registry/imports").body()).contains("Choose a file to import");
    }

    @Test
    void membersCannotImport() {
        HttpTestClient memberAdmin = logIn(fixtures.user(Role.MEMBER_ADMIN));

        HttpResponse<String> page = memberAdmin.get("/registry/imports");
        assertThat(page.statusCode()).isEqualTo(403);
        assertThat(page.body()).contains("You may not open this page or do this.");
        assertThat(memberAdmin.get("/").body()).doesNotContain("href=\"/registry/imports\"");
    }

    // Organisation page ----------------------------------------------------------------------------------

    @Test
    void aMemberSeesItsOwnNetworksThroughMyNetworks() {
        Organisation own = fixtures.member();
        TestNetworks.Holding holding = networks.give(own);
        HttpTestClient member = logIn(fixtures.user(own, Role.MEMBER));

        assertThat(member.get("/").body()).contains("href=\"/registry/my\"");
        HttpResponse<String> my = member.get("/registry/my");
        assertThat(my.statusCode()).isEqualTo(302);
        assertThat(my.headers().firstValue("Location").orElseThrow()).endsWith("/registry/organisations/" + own.id());

        HttpResponse<String> page = member.get("/registry/organisations/" + own.id());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains(own.name(), holding.prefix(), "allocated", "2021-03-15", "entered here",
                "AS" + holding.asn(), holding.domain(), "No contacts yet.")
                // A member may read but not manage.
                .doesNotContain("id=\"add-contact\"", "Users and API tokens of this organisation");
    }

    @Test
    void aLargeHoldersPrefixesComeTwoThousandAtATime() {
        Organisation large = fixtures.member();
        int group = ThreadLocalRandom.current().nextInt(0x10000);
        // 2,001 /64s of the IPv6 documentation range, which no lookup test asks about.
        jdbc.sql("""
                insert into ip_resources (prefix, organisation_id, status, registry, source)
                select ('2001:db8:' || to_hex(?) || ':' || to_hex(g) || '::/64')::cidr, ?, 'ASSIGNED', 'lacnic', 'manual'
                from generate_series(0, 2000) g""")
                .params(group, large.id().value()).update();
        String base = "2001:db8:" + Integer.toHexString(group) + ":";
        HttpTestClient member = logIn(fixtures.user(large, Role.MEMBER));

        String first = member.get("/registry/organisations/" + large.id()).body();
        assertThat(first).contains("Showing 2,000 of 2,001.", base + "7cf::/64").doesNotContain(base + "7d0::/64");
        Matcher next = Pattern.compile("href=\"([^\"]+)\"\\s+rel=\"next\"").matcher(first);
        assertThat(next.find()).as("a link to the next prefixes").isTrue();

        String second = member.get(next.group(1).replace("&amp;", "&")).body();
        assertThat(second).contains(base + "7d0::/64", "Showing 1 of 2,001.", "First prefixes")
                .doesNotContain(base + "7cf::/64", "rel=\"next\"");
    }

    @Test
    void aMemberIsRefusedAnotherOrganisationsPage() {
        Organisation other = fixtures.member();
        TestNetworks.Holding holding = networks.give(other);
        HttpTestClient memberAdmin = logIn(fixtures.user(Role.MEMBER_ADMIN));

        HttpResponse<String> page = memberAdmin.get("/registry/organisations/" + other.id());

        assertThat(page.statusCode()).isEqualTo(403);
        assertThat(page.body()).contains("Error 403", "You may not open this page or do this.", "Back to the home page")
                .doesNotContain(holding.prefix(), other.name(), "Exception");
        HttpResponse<String> add = memberAdmin.postForm("/registry/organisations/" + other.id() + "/contacts",
                Map.of("role", "ABUSE", "email", "intruder@test.example"), "/registry/lookup", true);
        assertThat(add.statusCode()).isEqualTo(403);
        assertThat(networks.contacts(other.id())).isZero();
    }

    @Test
    void anAnalystReadsAnyOrganisationFromTheDirectory() {
        Organisation member = fixtures.member();
        TestNetworks.Holding holding = networks.give(member);
        HttpTestClient analyst = logIn(fixtures.user(Role.ANALYST));

        String directory = analyst.get("/admin/organisations?q=" + member.name().replace(" ", "+")).body();
        assertThat(directory).contains("href=\"/registry/organisations/" + member.id() + "\">" + member.name() + "</a>");
        HttpResponse<String> page = analyst.get("/registry/organisations/" + member.id());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains(holding.prefix(), holding.domain()).doesNotContain("id=\"add-contact\"");
        assertThat(analyst.get("/").body()).doesNotContain("href=\"/registry/my\"");
    }

    @Test
    void aMemberAdminAddsAndRemovesAContactAndABadEmailIsShownWithNothingStored() {
        Organisation own = fixtures.member();
        networks.give(own);
        HttpTestClient admin = logIn(fixtures.user(own, Role.MEMBER_ADMIN));
        String page = "/registry/organisations/" + own.id();
        assertThat(admin.get(page).body()).contains("id=\"add-contact\"", "href=\"/organisations/" + own.id() + "\"");

        HttpResponse<String> bad = admin.postForm(page + "/contacts",
                Map.of("role", "ABUSE", "email", "not an e-mail", "phone", "+598 2604 2222"), page, true);
        assertThat(bad.statusCode()).isEqualTo(302);
        String shown = admin.get(page).body();
        assertThat(shown).contains("role=\"alert\"", "Enter a valid e-mail address", "value=\"not an e-mail\"",
                "value=\"+598 2604 2222\"", "aria-invalid=\"true\"");
        assertThat(networks.contacts(own.id())).isZero();

        HttpResponse<String> badKey = admin.postForm(page + "/contacts",
                Map.of("role", "SECURITY", "email", "soc@test.example", "pgpKey", "not a key"), page, true);
        assertThat(badKey.statusCode()).isEqualTo(302);
        assertThat(admin.get(page).body()).contains("Paste an ASCII-armoured OpenPGP public key");
        assertThat(networks.contacts(own.id())).isZero();

        String email = "abuse-" + UUID.randomUUID().toString().substring(0, 8) + "@test.example";
        String key = "-----BEGIN PGP PUBLIC KEY BLOCK-----\n\nmQINBGTest\n-----END PGP PUBLIC KEY BLOCK-----";
        HttpResponse<String> good = admin.postForm(page + "/contacts",
                Map.of("role", "ABUSE", "email", email, "language", "pt", "pgpKey", key), page, true);
        assertThat(good.statusCode()).isEqualTo(302);
        String listed = admin.get(page).body();
        assertThat(listed).contains("The contact has been added.", email, "Portuguese", "Show the key", "mQINBGTest");
        assertThat(networks.contacts(own.id())).isEqualTo(1);

        String contactId = jdbc.sql("select id::text from contacts where organisation_id = ?")
                .param(own.id().value()).query(String.class).single();
        HttpResponse<String> removed = admin.postForm(page + "/contacts/" + contactId + "/remove", Map.of(), page, true);
        assertThat(removed.statusCode()).isEqualTo(302);
        assertThat(admin.get(page).body()).contains("The contact has been removed.", "No contacts yet.")
                .doesNotContain(email);
        assertThat(networks.contacts(own.id())).isZero();
    }

    @Test
    void anAdministratorAddingAContactToAnUnknownOrganisationGetsNotFound() {
        HttpTestClient admin = logIn(fixtures.user(Role.ADMIN));

        HttpResponse<String> response = admin.postForm("/registry/organisations/" + UUID.randomUUID() + "/contacts",
                Map.of("role", "ABUSE", "email", "abuse@test.example"), "/registry/lookup", true);

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.body()).contains("There is nothing at this address.");
    }

    // ----------------------------------------------------------------------------------------------------

    /** A client logged in as the user (with the TOTP code for staff), reading English pages. */
    private HttpTestClient logIn(TestUser user) {
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

    private static String textarea(String html) {
        Matcher m = Pattern.compile("<textarea id=\"addresses\"[^>]*>([^<]*)</textarea>").matcher(html);
        assertThat(m.find()).as("the addresses textarea").isTrue();
        return m.group(1);
    }

    private static String randomLetters(int count) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < count; i++) {
            s.append((char) ('a' + ThreadLocalRandom.current().nextInt(26)));
        }
        return s.toString();
    }
}
