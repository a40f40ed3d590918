package lat.warp.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import lat.warp.shared.AccessDeniedException;
import lat.warp.shared.Actor;
import lat.warp.shared.Actors;
import lat.warp.shared.OrganisationId;
import lat.warp.shared.Role;
import lat.warp.shared.UserId;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@org.junit.jupiter.api.Tag("persistence")
class AuditQueriesIntegrationTest extends AuditIntegrationTestSupport {

    /** Each test's entries belong to an organisation of their own, so tests sharing the database do not meet. */
    private OrganisationId organisation;
    private AuditFilter ours;

    @BeforeEach
    void anOrganisationOfThisTestsOwn() {
        organisation = OrganisationId.random();
        ours = AuditFilter.everything().withOrganisation(organisation);
    }

    @Test
    void entriesAreListedNewestFirst() {
        List<Long> written = writeEntries(5);

        List<AuditEntry> listed = listAsAuditor(ours);

        assertThat(listed).extracting(AuditEntry::seq).containsExactlyElementsOf(written.reversed());
    }

    @Test
    void entriesAreFilteredByActionAndOutcome() {
        entry(AuditAction.LOGIN_FAILED, "a@example.org").failure("wrong password");
        entry(AuditAction.LOGIN_FAILED, "a@example.org").denied("locked");
        entry(AuditAction.LOGIN_SUCCEEDED, "a@example.org").success();

        assertThat(listAsAuditor(ours.withAction(AuditAction.LOGIN_FAILED)))
                .extracting(AuditEntry::outcome).containsExactly(AuditOutcome.DENIED, AuditOutcome.FAILURE);
        assertThat(listAsAuditor(ours.withAction(AuditAction.LOGIN_FAILED).withOutcome(AuditOutcome.FAILURE)))
                .hasSize(1);
        assertThat(listAsAuditor(ours.withOutcome(AuditOutcome.SUCCESS)))
                .extracting(AuditEntry::action).containsExactly(AuditAction.LOGIN_SUCCEEDED);
    }

    @Test
    void theActorFilterMatchesPartOfTheLabelIgnoringCaseAndTakesWildcardsLiterally() {
        entry(AuditAction.LOGOUT, "Alice.Smith@Example.org").success();
        entry(AuditAction.LOGOUT, "bob@example.org").success();
        entry(AuditAction.LOGOUT, "100%_sure@example.org").success();

        assertThat(listAsAuditor(ours.withActorLabel("alice.smith")))
                .extracting(AuditEntry::actorLabel).containsExactly("Alice.Smith@Example.org");
        assertThat(listAsAuditor(ours.withActorLabel("EXAMPLE.ORG"))).hasSize(3);
        assertThat(listAsAuditor(ours.withActorLabel("%_")))
                .extracting(AuditEntry::actorLabel).containsExactly("100%_sure@example.org");
        assertThat(listAsAuditor(ours.withActorLabel("  "))).hasSize(3);
    }

    @Test
    void entriesAreFilteredByOrganisation() {
        entry(AuditAction.USER_CREATED, "admin@example.org").success();
        audit.entry(AuditAction.USER_CREATED).organisation(OrganisationId.random()).object("marker", "elsewhere")
                .success();

        assertThat(listAsAuditor(ours)).singleElement()
                .extracting(AuditEntry::organisationId).isEqualTo(organisation.value());
    }

    @Test
    void entriesAreFilteredByTimeFromInclusiveToExclusive() {
        writeEntries(4);
        List<AuditEntry> all = listAsAuditor(ours).reversed();
        Instant second = all.get(1).occurredAt();
        Instant fourth = all.get(3).occurredAt();

        assertThat(listAsAuditor(ours.withPeriod(second, fourth))).extracting(AuditEntry::seq)
                .containsExactly(all.get(2).seq(), all.get(1).seq());
        assertThat(listAsAuditor(ours.withPeriod(fourth, null))).extracting(AuditEntry::seq)
                .containsExactly(all.get(3).seq());
        assertThat(listAsAuditor(ours.withPeriod(null, second))).extracting(AuditEntry::seq)
                .containsExactly(all.get(0).seq());
    }

    @Test
    void entriesAreFilteredByObjectTypeAndId() {
        String user = UUID.randomUUID().toString();
        entry(AuditAction.USER_UPDATED, "admin@example.org").object("user", user).success();
        entry(AuditAction.TOKEN_CREATED, "admin@example.org").object("token", user).success();
        entry(AuditAction.USER_UPDATED, "admin@example.org").object("user", UUID.randomUUID()).success();

        assertThat(listAsAuditor(ours.withObject("user", null))).hasSize(2);
        assertThat(listAsAuditor(ours.withObject(null, user))).hasSize(2);
        assertThat(listAsAuditor(ours.withObject("user", user))).singleElement()
                .extracting(AuditEntry::action).isEqualTo(AuditAction.USER_UPDATED);
    }

    @Test
    void theCursorPagesThroughEveryEntryOnceAndTheLastPageHasNoCursor() {
        List<Long> written = writeEntries(7);
        Actor auditor = auditor();

        AuditPage first = as(auditor, () -> queries.list(ours, null, 3));
        AuditPage second = as(auditor, () -> queries.list(ours, first.nextBefore(), 3));
        AuditPage third = as(auditor, () -> queries.list(ours, second.nextBefore(), 3));

        assertThat(first.entries()).hasSize(3);
        assertThat(first.nextBefore()).isEqualTo(first.entries().getLast().seq());
        assertThat(second.entries()).hasSize(3);
        assertThat(third.entries()).hasSize(1);
        assertThat(third.nextBefore()).isNull();
        List<Long> paged = new ArrayList<>();
        for (AuditPage page : List.of(first, second, third)) {
            page.entries().forEach(entry -> paged.add(entry.seq()));
        }
        assertThat(paged).containsExactlyElementsOf(written.reversed());
    }

    @Test
    void aPageHoldsAtMostTwoHundredEntriesAndANonPositiveSizeMeansTheDefault() {
        writeEntries(AuditQueries.MAX_PAGE_SIZE + 1);

        AuditPage huge = Actors.runAsSystem("test", () -> queries.list(ours, null, 10_000));
        AuditPage unsized = Actors.runAsSystem("test", () -> queries.list(ours, null, 0));

        assertThat(huge.entries()).hasSize(AuditQueries.MAX_PAGE_SIZE);
        assertThat(huge.nextBefore()).isNotNull();
        assertThat(unsized.entries()).hasSize(AuditQueries.DEFAULT_PAGE_SIZE);
    }

    @Test
    void everyReadOfTheTrailIsItselfAudited() {
        Actor auditor = auditor();

        as(auditor, () -> queries.list(ours.withAction(AuditAction.LOGIN_FAILED).withActorLabel("mallory"), 42L, 10));

        List<AuditEntry> reads = listAsAuditor(AuditFilter.everything().withAction(AuditAction.AUDIT_READ)
                .withActorLabel(auditor.label()));
        assertThat(reads).singleElement().satisfies(read -> {
            assertThat(read.outcome()).isEqualTo(AuditOutcome.SUCCESS);
            assertThat(read.actorId()).isEqualTo(auditor.user().toString());
            assertThat(read.details()).containsEntry("filter.action", "LOGIN_FAILED")
                    .containsEntry("filter.actorLabel", "mallory")
                    .containsEntry("filter.organisation", organisation.toString())
                    .containsEntry("before", "42")
                    .containsEntry("returned", "0");
        });
    }

    @Test
    void aCallerWithoutAuditReadIsRefusedAndTheRefusalIsAudited() {
        Actor member = member();

        assertThatThrownBy(() -> as(member, () -> queries.list(AuditFilter.everything())))
                .isInstanceOf(AccessDeniedException.class);
        assertThatThrownBy(() -> as(member, () -> verification.verify()))
                .isInstanceOf(AccessDeniedException.class);

        List<AuditEntry> refusals = listAsAuditor(AuditFilter.everything().withAction(AuditAction.ACCESS_DENIED)
                .withActorLabel(member.label()));
        assertThat(refusals).hasSize(2).allSatisfy(refusal -> {
            assertThat(refusal.outcome()).isEqualTo(AuditOutcome.DENIED);
            assertThat(refusal.actorId()).isEqualTo(member.user().toString());
            assertThat(refusal.organisationId()).isEqualTo(member.organisation().value());
            assertThat(refusal.objectType()).isEqualTo("use-case");
            assertThat(refusal.details()).containsEntry("reason", "missing permission AUDIT_READ");
        });
        assertThat(refusals).extracting(AuditEntry::objectId)
                .containsExactly("verify the audit trail", "read the audit trail");
        assertThat(listAsAuditor(AuditFilter.everything().withActorLabel(member.label())))
                .extracting(AuditEntry::action).doesNotContain(AuditAction.AUDIT_READ, AuditAction.AUDIT_VERIFIED);
    }

    @Test
    void anAnonymousCallerIsRefused() {
        assertThatThrownBy(() -> queries.list(AuditFilter.everything())).isInstanceOf(AccessDeniedException.class);
    }

    private AuditTrail.Entry entry(AuditAction action, String actorLabel) {
        Actor actor = Actor.user(UserId.random(), organisation, Set.of(Role.MEMBER), actorLabel);
        return audit.entry(action).actor(actor).organisation(organisation);
    }

    /** Writes entries in this test's organisation and returns their seqs, oldest first. */
    private List<Long> writeEntries(int count) {
        String run = UUID.randomUUID().toString();
        for (int i = 0; i < count; i++) {
            entry(AuditAction.USER_UPDATED, "writer@example.org").object("run", run).detail("i", i).success();
        }
        return Actors.runAsSystem("test", () -> queries.list(ours.withObject("run", run), null,
                AuditQueries.MAX_PAGE_SIZE)).entries().stream().map(AuditEntry::seq).toList().reversed();
    }

    private List<AuditEntry> listAsAuditor(AuditFilter filter) {
        return as(auditor(), () -> queries.list(filter, null, AuditQueries.MAX_PAGE_SIZE).entries());
    }
}
