package lat.warp.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.authentication;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import lat.warp.shared.Actor;
import lat.warp.shared.OrganisationId;
import lat.warp.shared.Role;
import lat.warp.shared.UserId;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.authentication.TestingAuthenticationToken;
import org.springframework.security.test.web.servlet.setup.SecurityMockMvcConfigurers;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.RequestPostProcessor;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.context.WebApplicationContext;

/** In the whole server: the page renders inside the real layout, behind the real security chains. */
@lat.warp.testing.WarpIntegrationTest
class AuditWebIntegrationTest extends AuditIntegrationTestSupport {

    @Autowired
    WebApplicationContext context;

    MockMvc mvc;
    OrganisationId organisation;

    @BeforeEach
    void setUp() {
        mvc = MockMvcBuilders.webAppContextSetup(context).apply(SecurityMockMvcConfigurers.springSecurity()).build();
        organisation = OrganisationId.random();
    }

    @Test
    void theApiListsFilteredEntriesAsJsonWithACursorForTheNextPage() throws Exception {
        write(AuditAction.LOGIN_FAILED, 3);
        write(AuditAction.LOGOUT, 1);

        mvc.perform(get("/api/v1/audit").with(loggedIn(auditor()))
                        .param("organisation", organisation.toString())
                        .param("action", "LOGIN_FAILED")
                        .param("limit", "2"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.entries.length()").value(2))
                .andExpect(jsonPath("$.entries[0].action").value("LOGIN_FAILED"))
                .andExpect(jsonPath("$.entries[0].outcome").value("FAILURE"))
                .andExpect(jsonPath("$.entries[0].organisationId").value(organisation.toString()))
                .andExpect(jsonPath("$.entries[0].details.reason").value("wrong password"))
                .andExpect(jsonPath("$.entries[0].occurredAt").isString())
                .andExpect(jsonPath("$.nextBefore").isNumber());
    }

    @Test
    void theApiTakesIsoInstantsForThePeriod() throws Exception {
        write(AuditAction.LOGOUT, 1);

        mvc.perform(get("/api/v1/audit").with(loggedIn(auditor()))
                        .param("organisation", organisation.toString())
                        .param("from", "2000-01-01T00:00:00Z")
                        .param("to", "2999-01-01T00:00:00Z"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.entries.length()").value(1));
        mvc.perform(get("/api/v1/audit").with(loggedIn(auditor()))
                        .param("organisation", organisation.toString())
                        .param("to", "2000-01-01T00:00:00Z"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.entries.length()").value(0))
                .andExpect(jsonPath("$.nextBefore").doesNotExist());
    }

    @Test
    void theApiRefusesAnUnknownAction() throws Exception {
        mvc.perform(get("/api/v1/audit").with(loggedIn(auditor())).param("action", "NO_SUCH_ACTION"))
                .andExpect(status().isBadRequest());
    }

    @Test
    void theApiVerificationAnswersWithTheResult() throws Exception {
        mvc.perform(post("/api/v1/audit/verification").with(loggedIn(auditor())).with(csrf()))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.intact").value(true))
                .andExpect(jsonPath("$.entriesChecked").isNumber())
                .andExpect(jsonPath("$.checkedAt").isString());
    }

    @Test
    void theApiRefusesACallerWithoutAuditRead() throws Exception {
        mvc.perform(get("/api/v1/audit").with(loggedIn(member())))
                .andExpect(status().isForbidden())
                .andExpect(jsonPath("$.status").value(403));
    }

    @Test
    void thePageListsEntriesWithLabelledFiltersAndFormsFitForAStrictContentSecurityPolicy() throws Exception {
        write(AuditAction.LOGIN_FAILED, 1);

        String html = page("/admin/audit?organisation=" + organisation, Locale.ENGLISH);

        assertThat(html).contains("<h1>Audit trail</h1>", "Login failed", "wrong password", organisation.toString());
        for (String field : List.of("action", "outcome", "actor", "organisation", "from", "to", "object-type",
                "object-id")) {
            assertThat(html).contains("for=\"audit-" + field + "\"", "id=\"audit-" + field + "\"");
        }
        assertThat(html).containsPattern("<form action=\"/admin/audit/verification\" method=\"post\">\\s*"
                + "<input type=\"hidden\" name=\"_csrf\"");
        // Scripts only from files (the CSP allows 'self', never inline code or styles).
        assertThat(html).doesNotContainPattern("<script(?![^>]*\\ssrc=)|style=|\\son[a-z]+=");
        assertThat(html).doesNotContain("??");
    }

    @Test
    void theOlderLinkKeepsTheFiltersAndLeadsToTheNextPage() throws Exception {
        write(AuditAction.USER_UPDATED, AuditQueries.DEFAULT_PAGE_SIZE + 2);

        String first = page("/admin/audit?organisation=" + organisation + "&action=USER_UPDATED", Locale.ENGLISH);
        Matcher older = Pattern.compile("href=\"([^\"]*)\" rel=\"next\"").matcher(first);
        assertThat(older.find()).isTrue();
        String olderLink = older.group(1).replace("&amp;", "&");
        assertThat(olderLink).startsWith("/admin/audit?")
                .contains("organisation=" + organisation, "action=USER_UPDATED", "before=");

        String second = page(olderLink, Locale.ENGLISH);
        assertThat(second.split("<tr>", -1)).hasSize(1 + 1 + 2); // the head row and the two oldest entries
        assertThat(second).contains("Newest entries").doesNotContain("rel=\"next\"");
    }

    @Test
    void anUnreadableFilterIsReportedAndLeftOut() throws Exception {
        String html = page("/admin/audit?organisation=not-a-uuid", Locale.ENGLISH);

        assertThat(html).contains("Some filters were not understood");
    }

    @Test
    void theVerifyButtonVerifiesAndTheListPageShowsTheResult() throws Exception {
        MvcResult verified = mvc.perform(post("/admin/audit/verification").with(loggedIn(auditor())).with(csrf()))
                .andExpect(status().is3xxRedirection())
                .andExpect(redirectedUrl("/admin/audit"))
                .andExpect(flash().attributeExists("verification"))
                .andReturn();

        String html = mvc.perform(get("/admin/audit").with(loggedIn(auditor())).locale(Locale.ENGLISH)
                        .flashAttrs(verified.getFlashMap()))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(html).contains("The chain is intact");
    }

    @Test
    void theVerifyButtonNeedsTheCsrfToken() throws Exception {
        mvc.perform(post("/admin/audit/verification").with(loggedIn(auditor())))
                .andExpect(status().isForbidden());
    }

    @Test
    void thePageSpeaksSpanishAndPortuguese() throws Exception {
        write(AuditAction.ACCESS_DENIED, 1);
        String filter = "/admin/audit?organisation=" + organisation;

        assertThat(page(filter, Locale.of("es"))).contains("Registro de auditoría", "Acceso denegado", "Denegado")
                .doesNotContain("??");
        assertThat(page(filter, Locale.of("pt"))).contains("Trilha de auditoria", "Acesso negado", "Negado")
                .doesNotContain("??");
    }

    private String page(String url, Locale locale) throws Exception {
        return mvc.perform(get(url).with(loggedIn(auditor())).locale(locale))
                .andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString();
    }

    private void write(AuditAction action, int count) {
        Actor actor = Actor.user(UserId.random(), organisation, Set.of(Role.MEMBER), "web-" + UUID.randomUUID());
        for (int i = 0; i < count; i++) {
            AuditTrail.Entry entry = audit.entry(action).actor(actor).object("user", UUID.randomUUID());
            switch (action) {
                case LOGIN_FAILED -> entry.failure("wrong password");
                case ACCESS_DENIED -> entry.denied("missing permission");
                default -> entry.success();
            }
        }
    }

    private static RequestPostProcessor loggedIn(Actor actor) {
        return authentication(new TestingAuthenticationToken(new TestPrincipal(actor), null, List.of()));
    }
}
