package lat.warp.access;

import static lat.warp.access.AccessMatrixIntegrationTest.UseCase.*;
import static lat.warp.testing.AccessMatrix.NO;
import static lat.warp.testing.AccessMatrix.YES;
import static lat.warp.testing.AccessMatrix.row;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.EnumSet;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import lat.warp.audit.AuditFilter;
import lat.warp.audit.AuditQueries;
import lat.warp.audit.AuditVerification;
import lat.warp.identity.ApiToken;
import lat.warp.identity.ApiTokens;
import lat.warp.identity.Language;
import lat.warp.identity.User;
import lat.warp.identity.UserDraft;
import lat.warp.identity.Users;
import lat.warp.registry.Contact;
import lat.warp.registry.Organisation;
import lat.warp.registry.OrganisationDraft;
import lat.warp.registry.Organisations;
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
 * against every use case of the services that exist today. The expected outcome is the hand-written
 * table below, read off DESIGN.md section 2, never recomputed from RolePermissions: a test that
 * repeats the production rule could not catch a mistake in it.
 */
@WarpIntegrationTest
class AccessMatrixIntegrationTest {

    /** The service methods under test; "own" is the caller's organisation, "other" a different one. */
    enum UseCase {
        LIST_ORGANISATIONS("list organisations"),
        READ_OWN_ORGANISATION("read its own organisation"),
        READ_OTHER_ORGANISATION("read another organisation"),
        CREATE_ORGANISATION("create an organisation"),
        UPDATE_ORGANISATION("update an organisation"),
        SET_OWN_TWO_FACTOR_POLICY("set its own organisation's two-factor policy"),
        SET_OTHER_TWO_FACTOR_POLICY("set another organisation's two-factor policy"),
        LIST_OWN_USERS("list its own organisation's users"),
        LIST_OTHER_USERS("list another organisation's users"),
        LIST_ALL_USERS("list all users"),
        READ_OWN_USER("read a user of its own organisation"),
        READ_OTHER_USER("read a user of another organisation"),
        CREATE_OWN_USER("create a user in its own organisation"),
        CREATE_OTHER_USER("create a user in another organisation"),
        UPDATE_OWN_USER("update a user of its own organisation"),
        UPDATE_OTHER_USER("update a user of another organisation"),
        MOVE_OWN_USER_OUT("move a user of its own organisation into another"),
        MOVE_OTHER_USER_IN("move a user of another organisation into its own"),
        DISABLE_OWN_USER("disable a user of its own organisation"),
        DISABLE_OTHER_USER("disable a user of another organisation"),
        UNLOCK_OWN_USER("unlock a user of its own organisation"),
        UNLOCK_OTHER_USER("unlock a user of another organisation"),
        RESET_OWN_TWO_FACTOR("reset the two-factor of a user of its own organisation"),
        RESET_OTHER_TWO_FACTOR("reset the two-factor of a user of another organisation"),
        CREATE_OWN_TOKEN("create an API token for its own organisation"),
        CREATE_OTHER_TOKEN("create an API token for another organisation"),
        LIST_OWN_TOKENS("list its own organisation's API tokens"),
        LIST_OTHER_TOKENS("list another organisation's API tokens"),
        REVOKE_OWN_TOKEN("revoke an API token of its own organisation"),
        REVOKE_OTHER_TOKEN("revoke an API token of another organisation"),
        READ_AUDIT_TRAIL("read the audit trail"),
        VERIFY_AUDIT_CHAIN("verify the audit chain"),
        LOOK_UP_ADDRESS("look up who holds an address"),
        READ_IMPORT_HISTORY("read the registry's import history"),
        READ_OWN_CONTACTS("read its own organisation's contacts"),
        READ_OTHER_CONTACTS("read another organisation's contacts"),
        ADD_OWN_CONTACT("add a contact to its own organisation"),
        ADD_OTHER_CONTACT("add a contact to another organisation"),
        MOVE_RESOURCES("move resources between organisations");

        final String sentence;

        UseCase(String sentence) {
            this.sentence = sentence;
        }
    }

    // DESIGN.md section 2: ADMIN everything; ANALYST reads every organisation but manages no users,
    // tokens or audit; OFFICER only reads its own organisation; MEMBER_ADMIN manages its own
    // organisation's users, tokens and two-factor policy; MEMBER and CSIRT read their own organisation.
    private static final AccessMatrix.Table<UseCase> EXPECTED = AccessMatrix.table(UseCase.class, u -> u.sentence,
            //                            ADMIN ANALYST OFFICER MEMBER_ADMIN MEMBER CSIRT anonymous
            row(LIST_ORGANISATIONS,          YES, YES,    NO,     NO,          NO,    NO,   NO),
            row(READ_OWN_ORGANISATION,       YES, YES,    YES,    YES,         YES,   YES,  NO),
            row(READ_OTHER_ORGANISATION,     YES, YES,    NO,     NO,          NO,    NO,   NO),
            row(CREATE_ORGANISATION,         YES, NO,     NO,     NO,          NO,    NO,   NO),
            row(UPDATE_ORGANISATION,         YES, NO,     NO,     NO,          NO,    NO,   NO),
            row(SET_OWN_TWO_FACTOR_POLICY,   YES, NO,     NO,     YES,         NO,    NO,   NO),
            row(SET_OTHER_TWO_FACTOR_POLICY, YES, NO,     NO,     NO,          NO,    NO,   NO),
            row(LIST_OWN_USERS,              YES, NO,     NO,     YES,         NO,    NO,   NO),
            row(LIST_OTHER_USERS,            YES, NO,     NO,     NO,          NO,    NO,   NO),
            row(LIST_ALL_USERS,              YES, NO,     NO,     NO,          NO,    NO,   NO),
            row(READ_OWN_USER,               YES, NO,     NO,     YES,         NO,    NO,   NO),
            row(READ_OTHER_USER,             YES, NO,     NO,     NO,          NO,    NO,   NO),
            row(CREATE_OWN_USER,             YES, NO,     NO,     YES,         NO,    NO,   NO),
            row(CREATE_OTHER_USER,           YES, NO,     NO,     NO,          NO,    NO,   NO),
            row(UPDATE_OWN_USER,             YES, NO,     NO,     YES,         NO,    NO,   NO),
            row(UPDATE_OTHER_USER,           YES, NO,     NO,     NO,          NO,    NO,   NO),
            row(MOVE_OWN_USER_OUT,           YES, NO,     NO,     NO,          NO,    NO,   NO),
            row(MOVE_OTHER_USER_IN,          YES, NO,     NO,     NO,          NO,    NO,   NO),
            row(DISABLE_OWN_USER,            YES, NO,     NO,     YES,         NO,    NO,   NO),
            row(DISABLE_OTHER_USER,          YES, NO,     NO,     NO,          NO,    NO,   NO),
            row(UNLOCK_OWN_USER,             YES, NO,     NO,     YES,         NO,    NO,   NO),
            row(UNLOCK_OTHER_USER,           YES, NO,     NO,     NO,          NO,    NO,   NO),
            row(RESET_OWN_TWO_FACTOR,        YES, NO,     NO,     YES,         NO,    NO,   NO),
            row(RESET_OTHER_TWO_FACTOR,      YES, NO,     NO,     NO,          NO,    NO,   NO),
            row(CREATE_OWN_TOKEN,            YES, NO,     NO,     YES,         NO,    NO,   NO),
            row(CREATE_OTHER_TOKEN,          YES, NO,     NO,     NO,          NO,    NO,   NO),
            row(LIST_OWN_TOKENS,             YES, NO,     NO,     YES,         NO,    NO,   NO),
            row(LIST_OTHER_TOKENS,           YES, NO,     NO,     NO,          NO,    NO,   NO),
            row(REVOKE_OWN_TOKEN,            YES, NO,     NO,     YES,         NO,    NO,   NO),
            row(REVOKE_OTHER_TOKEN,          YES, NO,     NO,     NO,          NO,    NO,   NO),
            row(READ_AUDIT_TRAIL,            YES, NO,     NO,     NO,          NO,    NO,   NO),
            row(VERIFY_AUDIT_CHAIN,          YES, NO,     NO,     NO,          NO,    NO,   NO),
            // Registry: members and CSIRTs look up addresses and keep their own contacts; analysts
            // read everyone's contacts and import registry data; only administrators move resources.
            row(LOOK_UP_ADDRESS,             YES, YES,    NO,     YES,         YES,   YES,  NO),
            row(READ_IMPORT_HISTORY,         YES, YES,    NO,     NO,          NO,    NO,   NO),
            row(READ_OWN_CONTACTS,           YES, YES,    YES,    YES,         YES,   YES,  NO),
            row(READ_OTHER_CONTACTS,         YES, YES,    NO,     NO,          NO,    NO,   NO),
            row(ADD_OWN_CONTACT,             YES, NO,     NO,     YES,         NO,    NO,   NO),
            row(ADD_OTHER_CONTACT,           YES, NO,     NO,     NO,          NO,    NO,   NO),
            row(MOVE_RESOURCES,              YES, NO,     NO,     NO,          NO,    NO,   NO));

    static Stream<Case<UseCase>> cases() {
        return EXPECTED.cases();
    }

    @Autowired
    Fixtures fixtures;
    @Autowired
    Organisations organisations;
    @Autowired
    Users users;
    @Autowired
    ApiTokens tokens;
    @Autowired
    AuditQueries auditQueries;
    @Autowired
    AuditVerification auditVerification;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    lat.warp.registry.Attribution attribution;
    @Autowired
    lat.warp.registry.RegistryImports registryImports;
    @Autowired
    lat.warp.registry.Contacts contacts;

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
    void aMemberAdminTokenWithOnlyTheRegistryScopeCannotManageTokens() {
        Organisation organisation = fixtures.member();
        String existing = tokenIn(organisation);
        Actor token = tokenActor(organisation, Role.MEMBER_ADMIN, Set.of(TokenScope.REGISTRY));
        long deniedBefore = deniedEntries(token.label());

        assertDenied(token, () -> tokens.create(organisation.id(), "refused", Role.MEMBER,
                Set.of(TokenScope.REGISTRY), null));
        assertDenied(token, () -> tokens.list(organisation.id()));
        assertDenied(token, () -> tokens.revoke(existing));
        assertThat(deniedEntries(token.label())).isEqualTo(deniedBefore + 3);
        assertThat(Actors.runAsSystem("test", () -> tokens.list(organisation.id())))
                .filteredOn(t -> t.id().equals(existing)).singleElement()
                .satisfies(t -> assertThat(t.revokedAt()).isNull());

        // The registry scope still opens what it names: its own organisation and its settings.
        assertThatCode(() -> fixtures.as(token, () -> {
            organisations.get(organisation.id());
            organisations.setTwoFactorRequired(organisation.id(), true);
        })).doesNotThrowAnyException();
    }

    @Test
    void aTokenCannotMintATokenWithScopesItDoesNotHold() {
        Organisation organisation = fixtures.member();
        Actor token = tokenActor(organisation, Role.MEMBER_ADMIN, Set.of(TokenScope.ADMIN));

        assertThatThrownBy(() -> fixtures.as(token, () -> tokens.create(organisation.id(), "wider", Role.MEMBER,
                Set.of(TokenScope.REGISTRY), null)))
                .isInstanceOf(lat.warp.shared.InvalidInputException.class)
                .hasMessageContaining("more than its creator");
    }

    @Test
    void aMemberAdminTokenWithTheAdminScopeManagesItsOwnOrganisationsTokens() {
        Organisation organisation = fixtures.member();
        Actor token = tokenActor(organisation, Role.MEMBER_ADMIN, Set.of(TokenScope.ADMIN, TokenScope.REGISTRY));

        ApiToken created = fixtures.as(token, () -> tokens.create(organisation.id(), "made by a token", Role.MEMBER,
                Set.of(TokenScope.REGISTRY), null)).token();
        assertThat(fixtures.as(token, () -> tokens.list(organisation.id()))).extracting(ApiToken::id)
                .contains(created.id());
        fixtures.as(token, () -> tokens.revoke(created.id()));

        assertThat(Actors.runAsSystem("test", () -> tokens.list(organisation.id())))
                .filteredOn(t -> t.id().equals(created.id())).singleElement()
                .satisfies(t -> assertThat(t.revokedAt()).isNotNull());
    }

    @Test
    void aScopeNarrowsEvenAnAdministratorsToken() {
        Actor token = tokenActor(fixtures.warp(), Role.ADMIN, Set.of(TokenScope.REGISTRY));
        Organisation other = fixtures.member();

        // Registry permissions pass; user, token and audit permissions belong to the admin scope.
        assertThatCode(() -> fixtures.as(token, () -> organisations.get(other.id()))).doesNotThrowAnyException();
        assertDenied(token, () -> users.list(other.id()));
        assertDenied(token, () -> tokens.list(other.id()));
        assertDenied(token, () -> auditQueries.list(AuditFilter.everything(), null, 1));
        assertDenied(token, () -> organisations.create(new OrganisationDraft("matrix " + shortId(),
                OrganisationKind.MEMBER, "UY", null, false)));
    }

    // ---------------------------------------------------------------------------------------------

    /** One case's world: the caller, its own organisation and a different one, all fresh. */
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
            // The public belongs to no organisation; "own" is then just some organisation.
            default -> new Scene(Actor.anonymous(), fixtures.member(), other);
        };
    }

    /**
     * Creates what the use case acts on (as the system, before the count of refusals is taken) and
     * returns the call itself. Inputs are valid for the organisation's kind, so that the only
     * possible refusal is an access decision.
     */
    private Runnable prepare(UseCase useCase, Scene s) {
        Organisation own = s.own();
        Organisation other = s.other();
        return switch (useCase) {
            case LIST_ORGANISATIONS -> () -> organisations.list(other.name());
            case READ_OWN_ORGANISATION -> () -> organisations.get(own.id());
            case READ_OTHER_ORGANISATION -> () -> organisations.get(other.id());
            case CREATE_ORGANISATION -> () -> organisations.create(
                    new OrganisationDraft("matrix " + shortId(), OrganisationKind.MEMBER, "UY", null, false));
            case UPDATE_ORGANISATION -> () -> organisations.update(other.id(),
                    new OrganisationDraft(other.name() + " renamed", other.kind(), "BR", "Renamed", false));
            case SET_OWN_TWO_FACTOR_POLICY -> () -> organisations.setTwoFactorRequired(own.id(), true);
            case SET_OTHER_TWO_FACTOR_POLICY -> () -> organisations.setTwoFactorRequired(other.id(), true);
            case LIST_OWN_USERS -> () -> users.list(own.id());
            case LIST_OTHER_USERS -> () -> users.list(other.id());
            case LIST_ALL_USERS -> users::listAll;
            case READ_OWN_USER -> {
                User user = userIn(own);
                yield () -> users.get(user.id());
            }
            case READ_OTHER_USER -> {
                User user = userIn(other);
                yield () -> users.get(user.id());
            }
            case CREATE_OWN_USER -> () -> users.create(newUser(own), Fixtures.PASSWORD);
            case CREATE_OTHER_USER -> () -> users.create(newUser(other), Fixtures.PASSWORD);
            case UPDATE_OWN_USER -> {
                User user = userIn(own);
                yield () -> users.update(user.id(), changed(user, own));
            }
            case UPDATE_OTHER_USER -> {
                User user = userIn(other);
                yield () -> users.update(user.id(), changed(user, other));
            }
            case MOVE_OWN_USER_OUT -> {
                User user = userIn(own);
                yield () -> users.update(user.id(), changed(user, other));
            }
            case MOVE_OTHER_USER_IN -> {
                User user = userIn(other);
                yield () -> users.update(user.id(), changed(user, own));
            }
            case DISABLE_OWN_USER -> {
                User user = userIn(own);
                yield () -> users.setEnabled(user.id(), false);
            }
            case DISABLE_OTHER_USER -> {
                User user = userIn(other);
                yield () -> users.setEnabled(user.id(), false);
            }
            case UNLOCK_OWN_USER -> {
                User user = userIn(own);
                yield () -> users.unlock(user.id());
            }
            case UNLOCK_OTHER_USER -> {
                User user = userIn(other);
                yield () -> users.unlock(user.id());
            }
            case RESET_OWN_TWO_FACTOR -> {
                User user = userIn(own);
                yield () -> users.resetTwoFactor(user.id());
            }
            case RESET_OTHER_TWO_FACTOR -> {
                User user = userIn(other);
                yield () -> users.resetTwoFactor(user.id());
            }
            case CREATE_OWN_TOKEN -> () -> tokens.create(own.id(), "matrix", roleFor(own.kind()),
                    Set.of(TokenScope.REGISTRY), null);
            case CREATE_OTHER_TOKEN -> () -> tokens.create(other.id(), "matrix", roleFor(other.kind()),
                    Set.of(TokenScope.REGISTRY), null);
            case LIST_OWN_TOKENS -> () -> tokens.list(own.id());
            case LIST_OTHER_TOKENS -> () -> tokens.list(other.id());
            case REVOKE_OWN_TOKEN -> {
                String token = tokenIn(own);
                yield () -> tokens.revoke(token);
            }
            case REVOKE_OTHER_TOKEN -> {
                String token = tokenIn(other);
                yield () -> tokens.revoke(token);
            }
            case READ_AUDIT_TRAIL -> () -> auditQueries.list(
                    AuditFilter.everything().withActorLabel(s.actor().label()), null, 1);
            case VERIFY_AUDIT_CHAIN -> auditVerification::verify;
            case LOOK_UP_ADDRESS -> () -> attribution.lookup("200.57.141.161");
            case READ_IMPORT_HISTORY -> () -> registryImports.history(1);
            case READ_OWN_CONTACTS -> () -> contacts.list(own.id());
            case READ_OTHER_CONTACTS -> () -> contacts.list(other.id());
            case ADD_OWN_CONTACT -> () -> contacts.add(own.id(), Contact.Role.ABUSE, "abuse@own.example", null, "es", null);
            case ADD_OTHER_CONTACT -> () -> contacts.add(other.id(), Contact.Role.ABUSE, "abuse@other.example", null,
                    "es", null);
            case MOVE_RESOURCES -> () -> organisations.moveResources(other.id(), own.id());
        };
    }

    private long deniedEntries(String actorLabel) {
        return jdbc.sql("select count(*) from audit_log where action = 'ACCESS_DENIED' and actor_label = ?")
                .param(actorLabel).query(Long.class).single();
    }

    private void assertDenied(Actor actor, Runnable work) {
        assertThatThrownBy(() -> fixtures.as(actor, work)).isInstanceOf(AccessDeniedException.class);
    }

    /** A real token, issued and then presented, so the actor is built exactly as for an API call. */
    private Actor tokenActor(Organisation organisation, Role role, Set<TokenScope> scopes) {
        String name = "matrix " + role + " " + shortId();
        String secret = Actors.runAsSystem("test",
                () -> tokens.create(organisation.id(), name, role, scopes, null).secret());
        return switch (tokens.authenticate(secret, "127.0.0.1")) {
            case ApiTokens.Verdict.Accepted accepted -> accepted.actor();
            case ApiTokens.Verdict.Rejected rejected -> throw new AssertionError("token refused: " + rejected.reason());
        };
    }

    private String tokenIn(Organisation organisation) {
        return Actors.runAsSystem("test", () -> tokens.create(organisation.id(), "target", roleFor(organisation.kind()),
                Set.of(TokenScope.REGISTRY), null).token().id());
    }

    private User userIn(Organisation organisation) {
        return fixtures.user(organisation, roleFor(organisation.kind())).user();
    }

    private static UserDraft newUser(Organisation organisation) {
        return new UserDraft("matrix-" + shortId() + "@test.example", "Matrix user", Language.EN, organisation.id(),
                Set.of(roleFor(organisation.kind())));
    }

    /** The user renamed and placed in the organisation, with a role that organisation's kind allows. */
    private static UserDraft changed(User user, Organisation organisation) {
        return new UserDraft(user.email(), user.name() + " renamed", Language.EN, organisation.id(),
                Set.of(roleFor(organisation.kind())));
    }

    /** An ordinary role that may be held in an organisation of the kind. */
    private static Role roleFor(OrganisationKind kind) {
        return switch (kind) {
            case WARP -> Role.ANALYST;
            case MEMBER -> Role.MEMBER;
            case CSIRT -> Role.CSIRT;
        };
    }

    /** Where a holder of the role lives: staff in the WARP, the others in a member or CSIRT. */
    private static OrganisationKind kindFor(Role role) {
        return role.isStaff() ? OrganisationKind.WARP : role == Role.CSIRT ? OrganisationKind.CSIRT
                : OrganisationKind.MEMBER;
    }

    private static String shortId() {
        return UUID.randomUUID().toString().substring(0, 8);
    }
}
