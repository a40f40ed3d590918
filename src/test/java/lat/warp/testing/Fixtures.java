package lat.warp.testing;

import java.time.Instant;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import lat.warp.identity.ApiTokens;
import lat.warp.identity.Language;
import lat.warp.identity.User;
import lat.warp.identity.UserDraft;
import lat.warp.identity.Users;
import lat.warp.identity.internal.ActorAuthentication;
import lat.warp.identity.internal.Base32;
import lat.warp.identity.internal.Totp;
import lat.warp.registry.Organisation;
import lat.warp.registry.OrganisationDraft;
import lat.warp.registry.Organisations;
import lat.warp.shared.Actor;
import lat.warp.shared.Actors;
import lat.warp.shared.OrganisationKind;
import lat.warp.shared.Role;
import lat.warp.shared.TokenScope;
import org.springframework.boot.test.context.TestComponent;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * Small factories for test data, each unique so that tests sharing a database never collide. Also
 * runs code as a given actor, exactly as the web layer would set it.
 */
@TestComponent
public class Fixtures {

    public static final String PASSWORD = "correct horse battery staple";

    private final Organisations organisations;
    private final Users users;
    private final ApiTokens tokens;

    public Fixtures(Organisations organisations, Users users, ApiTokens tokens) {
        this.organisations = organisations;
        this.users = users;
        this.tokens = tokens;
    }

    /** A user created by a fixture, with the secrets a test needs to log in. */
    public record TestUser(User user, String email, String password, byte[] totpSecret) {
        public Actor actor() {
            return Actor.user(user.id(), user.organisation(), user.roles(), email);
        }

        /** The current TOTP code, or the code of another time step (to test replays and windows). */
        public String totp(Instant at) {
            return Totp.code(totpSecret, Totp.stepAt(at));
        }
    }

    public Organisation warp() {
        return Actors.runAsSystem("test", () -> organisations.findWarpForSystem().orElseGet(() -> organisations.create(
                new OrganisationDraft("WARP", OrganisationKind.WARP, "UY", "Internet registry", true))));
    }

    public Organisation member() {
        return organisation(OrganisationKind.MEMBER);
    }

    public Organisation csirt() {
        return organisation(OrganisationKind.CSIRT);
    }

    public Organisation organisation(OrganisationKind kind) {
        if (kind == OrganisationKind.WARP) {
            return warp();
        }
        String name = kind.name().toLowerCase() + " " + UUID.randomUUID().toString().substring(0, 8);
        return Actors.runAsSystem("test", () -> organisations.create(
                new OrganisationDraft(name, kind, "AR", "Test", false)));
    }

    /** A user with the role, in a fresh organisation of the right kind (the WARP for staff roles). */
    public TestUser user(Role role) {
        OrganisationKind kind = role.isStaff() ? OrganisationKind.WARP
                : role == Role.CSIRT ? OrganisationKind.CSIRT : OrganisationKind.MEMBER;
        return user(organisation(kind), role);
    }

    /** A user with a password and, for staff, a TOTP secret already enrolled. */
    public TestUser user(Organisation organisation, Role role) {
        String email = role.name().toLowerCase() + "-" + UUID.randomUUID().toString().substring(0, 8) + "@test.example";
        return Actors.runAsSystem("test", () -> {
            User user = users.create(new UserDraft(email, "Test " + role, Language.EN, organisation.id(), Set.of(role)),
                    PASSWORD);
            byte[] secret = new byte[0];
            if (role.isStaff()) {
                secret = Base32.decode(users.assignNewTwoFactorSecret(user.id()));
            }
            return new TestUser(users.get(user.id()), email, PASSWORD, secret);
        });
    }

    /** An API token for the organisation with the role and scopes; returns the bearer secret. */
    public String token(Organisation organisation, Role role, Instant expiresAt, TokenScope... scopes) {
        return Actors.runAsSystem("test", () -> tokens.create(organisation.id(), "test token", role,
                Set.of(scopes), expiresAt).secret());
    }

    /** Runs the work as the actor, through the same security context the web layer sets. */
    public <T> T as(Actor actor, Supplier<T> work) {
        SecurityContext previous = SecurityContextHolder.getContext();
        SecurityContext context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(new ActorAuthentication(actor));
        SecurityContextHolder.setContext(context);
        try {
            return work.get();
        } finally {
            SecurityContextHolder.setContext(previous);
        }
    }

    public void as(Actor actor, Runnable work) {
        as(actor, () -> {
            work.run();
            return null;
        });
    }
}
