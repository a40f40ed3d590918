package lat.warp.notification;

import static lat.warp.notification.NotificationAccessMatrixIntegrationTest.UseCase.*;
import static lat.warp.testing.AccessMatrix.NO;
import static lat.warp.testing.AccessMatrix.YES;
import static lat.warp.testing.AccessMatrix.row;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import lat.warp.events.Tlp;
import lat.warp.identity.ApiTokens;
import lat.warp.registry.Organisation;
import lat.warp.registry.Organisations;
import lat.warp.reporting.Severity;
import lat.warp.shared.AccessDeniedException;
import lat.warp.shared.Actor;
import lat.warp.shared.Actors;
import lat.warp.shared.OrganisationKind;
import lat.warp.shared.Role;
import lat.warp.shared.TokenScope;
import lat.warp.testing.AccessMatrix;
import lat.warp.testing.AccessMatrix.Caller;
import lat.warp.testing.AccessMatrix.Case;
import lat.warp.testing.Fixtures;
import lat.warp.testing.WarpIntegrationTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Every role, as a logged-in user and as an API token with every scope, and the anonymous public,
 * against every use case of notification, on its own organisation and on another's. The expected outcome
 * is the hand-written table below (DESIGN.md section 2: member administrators manage their own
 * notification policy; analysts read every policy and log and retry deliveries), never recomputed from
 * RolePermissions.
 */
@WarpIntegrationTest
class NotificationAccessMatrixIntegrationTest {

    enum UseCase {
        READ_OWN_POLICY("read its own organisation's notification policy"),
        READ_OTHER_POLICY("read another organisation's notification policy"),
        SAVE_OWN_POLICY("change its own organisation's notification policy"),
        SAVE_OTHER_POLICY("change another organisation's notification policy"),
        ADD_OWN_WEBHOOK("add a webhook to its own organisation"),
        ADD_OTHER_WEBHOOK("add a webhook to another organisation"),
        REMOVE_OWN_WEBHOOK("remove a webhook of its own organisation"),
        REMOVE_OTHER_WEBHOOK("remove a webhook of another organisation"),
        READ_OWN_LOG("read its own organisation's delivery log"),
        READ_OTHER_LOG("read another organisation's delivery log"),
        READ_ALL_LOG("read every organisation's delivery log"),
        RETRY_DELIVERY("retry a parked delivery"),
        NOTIFY("notify a member");

        final String sentence;

        UseCase(String sentence) {
            this.sentence = sentence;
        }
    }

    private static final AccessMatrix.Table<UseCase> EXPECTED = AccessMatrix.table(UseCase.class, u -> u.sentence,
            //                        ADMIN ANALYST OFFICER MEMBER_ADMIN MEMBER CSIRT anonymous
            row(READ_OWN_POLICY,        YES, YES,    YES,    YES,         YES,   YES,  NO),
            row(READ_OTHER_POLICY,      YES, YES,    NO,     NO,          NO,    NO,   NO),
            row(SAVE_OWN_POLICY,        YES, NO,     NO,     YES,         NO,    NO,   NO),
            row(SAVE_OTHER_POLICY,      YES, NO,     NO,     NO,          NO,    NO,   NO),
            row(ADD_OWN_WEBHOOK,        YES, NO,     NO,     YES,         NO,    NO,   NO),
            row(ADD_OTHER_WEBHOOK,      YES, NO,     NO,     NO,          NO,    NO,   NO),
            row(REMOVE_OWN_WEBHOOK,     YES, NO,     NO,     YES,         NO,    NO,   NO),
            row(REMOVE_OTHER_WEBHOOK,   YES, NO,     NO,     NO,          NO,    NO,   NO),
            // The delivery log: each organisation reads its own; analysts read and retry everyone's.
            row(READ_OWN_LOG,           YES, YES,    YES,    YES,         YES,   YES,  NO),
            row(READ_OTHER_LOG,         YES, YES,    NO,     NO,          NO,    NO,   NO),
            row(READ_ALL_LOG,           YES, YES,    NO,     NO,          NO,    NO,   NO),
            row(RETRY_DELIVERY,         YES, YES,    NO,     NO,          NO,    NO,   NO),
            // Staff who run incidents or write warnings notify; members never notify each other.
            row(NOTIFY,                 YES, YES,    NO,     NO,          NO,    NO,   NO));

    static Stream<Case<UseCase>> cases() {
        return EXPECTED.cases();
    }

    @Autowired
    Fixtures fixtures;
    @Autowired
    Organisations organisations;
    @Autowired
    ApiTokens tokens;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    NotificationPolicies policies;
    @Autowired
    Notifications notifications;

    @Test
    void theExpectedTableHasARowForEveryUseCaseAndAColumnForEveryRole() {
        // A new role or use case must get a deliberate row or column here, not a silent pass.
        EXPECTED.assertComplete();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void everyCallerMayDoExactlyWhatTheTableAllows(Case<UseCase> c) {
        Scene scene = scene(c.caller());
        Runnable useCase = prepare(c.useCase(), scene);
        String label = scene.actor().label();
        long deniedBefore = deniedEntries(label);

        if (c.allowed()) {
            assertThatCode(() -> fixtures.as(scene.actor(), useCase)).doesNotThrowAnyException();
            assertThat(deniedEntries(label)).as("ACCESS_DENIED entries of %s", label).isEqualTo(deniedBefore);
        } else {
            assertThatThrownBy(() -> fixtures.as(scene.actor(), useCase)).isInstanceOf(AccessDeniedException.class);
            assertThat(deniedEntries(label)).as("ACCESS_DENIED entries of %s", label).isGreaterThan(deniedBefore);
        }
    }

    @Test
    void aMembersLogNeverShowsAnotherOrganisationsDeliveries() {
        Organisation a = fixtures.member();
        Organisation b = fixtures.member();
        UUID inA = parked(a);
        UUID inB = parked(b);
        Actor adminOfA = fixtures.user(a, Role.MEMBER_ADMIN).actor();
        assertThat(fixtures.as(adminOfA, () -> notifications.log(a.id(), 100))).extracting(Delivery::id)
                .containsExactly(inA).doesNotContain(inB);
        assertThatThrownBy(() -> fixtures.as(adminOfA, () -> notifications.log(b.id(), 100)))
                .isInstanceOf(AccessDeniedException.class);
        assertThatThrownBy(() -> fixtures.as(adminOfA, () -> policies.get(b.id())))
                .isInstanceOf(AccessDeniedException.class);
    }

    @Test
    void aPolicyChangeIsAuditedAndARefusedOneIsNot() {
        Organisation member = fixtures.member();
        Actor admin = fixtures.user(member, Role.MEMBER_ADMIN).actor();
        long before = policyAudits(member);
        fixtures.as(admin, () -> policies.save(member.id(), draft()));
        assertThat(policyAudits(member)).isEqualTo(before + 1);
        Actor member2 = fixtures.user(member, Role.MEMBER).actor();
        assertThatThrownBy(() -> fixtures.as(member2, () -> policies.save(member.id(), draft())))
                .isInstanceOf(AccessDeniedException.class);
        assertThat(policyAudits(member)).isEqualTo(before + 1);
    }

    // ---------------------------------------------------------------------------------------------

    private record Scene(Actor actor, Organisation own, Organisation other) {
    }

    private Scene scene(Caller caller) {
        Organisation other = fixtures.member();
        return switch (caller.kind()) {
            case USER -> {
                Fixtures.TestUser user = fixtures.user(caller.role());
                yield new Scene(user.actor(), organisations.findForSystem(user.user().organisation()).orElseThrow(),
                        other);
            }
            case TOKEN -> {
                Organisation own = fixtures.organisation(kindFor(caller.role()));
                yield new Scene(tokenActor(own, caller.role(), EnumSet.allOf(TokenScope.class)), own, other);
            }
            default -> new Scene(Actor.anonymous(), fixtures.member(), other);
        };
    }

    private Runnable prepare(UseCase useCase, Scene s) {
        Organisation own = s.own();
        Organisation other = s.other();
        return switch (useCase) {
            case READ_OWN_POLICY -> () -> policies.get(own.id());
            case READ_OTHER_POLICY -> () -> policies.get(other.id());
            case SAVE_OWN_POLICY -> () -> policies.save(own.id(), draft());
            case SAVE_OTHER_POLICY -> () -> policies.save(other.id(), draft());
            case ADD_OWN_WEBHOOK -> {
                jdbc.sql("delete from notification_webhooks where organisation_id = ?").param(own.id().value()).update();
                yield () -> policies.addWebhook(own.id(), "https://203.0.113.9/own", false);
            }
            case ADD_OTHER_WEBHOOK -> () -> policies.addWebhook(other.id(), "https://203.0.113.9/other", false);
            case REMOVE_OWN_WEBHOOK -> {
                UUID hook = webhookIn(own);
                yield () -> policies.removeWebhook(own.id(), hook);
            }
            case REMOVE_OTHER_WEBHOOK -> {
                UUID hook = webhookIn(other);
                yield () -> policies.removeWebhook(other.id(), hook);
            }
            case READ_OWN_LOG -> () -> notifications.log(own.id(), 10);
            case READ_OTHER_LOG -> () -> notifications.log(other.id(), 10);
            case READ_ALL_LOG -> () -> notifications.logOfAll(null, 10);
            case RETRY_DELIVERY -> {
                UUID delivery = parked(other);
                yield () -> notifications.retry(delivery);
            }
            case NOTIFY -> () -> notifications.notify(new Notice("matrix:" + UUID.randomUUID(), other.id(),
                    Notice.Kind.WARNING, "WARP-2026-000001", Tlp.AMBER, Severity.HIGH, "Matrix", "", null, null,
                    List.of(), false));
        };
    }

    private static NotificationPolicy.Draft draft() {
        return new NotificationPolicy.Draft(List.of(), NotificationPolicy.Schedule.WEEKLY, true, "America/Lima", "es",
                NotificationPolicy.AttachmentFormat.XARF, Severity.MEDIUM, Set.of("scanner"), true);
    }

    private UUID webhookIn(Organisation organisation) {
        // Staff share the one WARP organisation: keep it under the limit of webhooks.
        jdbc.sql("delete from notification_webhooks where organisation_id = ?").param(organisation.id().value()).update();
        return Actors.runAsSystem("test", () -> policies.addWebhook(organisation.id(), "https://203.0.113.8/hook",
                false)).webhook().id();
    }

    private UUID parked(Organisation organisation) {
        UUID id = UUID.randomUUID();
        jdbc.sql("""
                insert into notification_deliveries (id, organisation_id, dedup_key, channel, recipient, kind, reference,
                    subject, language, attachment_format, payload, max_attempts, state, attempts, last_error)
                values (?, ?, ?, 'EMAIL', 'x@member.test', 'WARNING', 'WARP-2026-000002', 's', 'en', 'CSV', '{}', 3,
                    'PARKED', 3, 'test')""")
                .params(id, organisation.id().value(), "matrix:" + id).update();
        return id;
    }

    private long deniedEntries(String actorLabel) {
        return jdbc.sql("select count(*) from audit_log where action = 'ACCESS_DENIED' and actor_label = ?")
                .param(actorLabel).query(Long.class).single();
    }

    private long policyAudits(Organisation organisation) {
        return jdbc.sql("select count(*) from audit_log where action = 'NOTIFICATION_POLICY_CHANGED' "
                + "and organisation_id = ?").param(organisation.id().value()).query(Long.class).single();
    }

    private Actor tokenActor(Organisation organisation, Role role, Set<TokenScope> scopes) {
        String name = "notification matrix " + role + " " + UUID.randomUUID().toString().substring(0, 8);
        String secret = Actors.runAsSystem("test",
                () -> tokens.create(organisation.id(), name, role, scopes, null).secret());
        return switch (tokens.authenticate(secret, "127.0.0.1")) {
            case ApiTokens.Verdict.Accepted accepted -> accepted.actor();
            case ApiTokens.Verdict.Rejected rejected -> throw new AssertionError("token refused: " + rejected.reason());
        };
    }

    private static OrganisationKind kindFor(Role role) {
        return role.isStaff() ? OrganisationKind.WARP : role == Role.CSIRT ? OrganisationKind.CSIRT
                : OrganisationKind.MEMBER;
    }
}
