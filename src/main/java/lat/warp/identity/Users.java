package lat.warp.identity;

import java.util.List;
import lat.warp.access.AccessControl;
import lat.warp.audit.AuditAction;
import lat.warp.audit.AuditTrail;
import lat.warp.identity.internal.Base32;
import lat.warp.identity.internal.PasswordHashing;
import lat.warp.identity.internal.Totp;
import lat.warp.identity.internal.UserRepository;
import lat.warp.registry.Organisation;
import lat.warp.registry.Organisations;
import lat.warp.shared.Actor;
import lat.warp.shared.InvalidInputException;
import lat.warp.shared.NotFoundException;
import lat.warp.shared.OrganisationId;
import lat.warp.shared.Permission;
import lat.warp.shared.Role;
import lat.warp.shared.UserId;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Managing users: administrators manage everyone, member admins the users of their own organisation.
 * Every method checks the caller itself.
 */
@Service
public class Users {

    private final UserRepository users;
    private final Organisations organisations;
    private final AccessControl access;
    private final AuditTrail audit;
    private final PasswordHashing passwords;
    private final PasswordResets resets;

    public Users(UserRepository users, Organisations organisations, AccessControl access, AuditTrail audit,
            PasswordHashing passwords, PasswordResets resets) {
        this.users = users;
        this.organisations = organisations;
        this.access = access;
        this.audit = audit;
        this.passwords = passwords;
        this.resets = resets;
    }

    @Transactional(readOnly = true)
    public List<User> list(OrganisationId organisation) {
        access.requireForOrganisation(organisation, Permission.USER_MANAGE_OWN, Permission.USER_MANAGE_ANY,
                "list this organisation's users");
        audit.entry(AuditAction.CONFIDENTIAL_READ).organisation(organisation).object("users", organisation).success();
        return users.listByOrganisation(organisation);
    }

    @Transactional(readOnly = true)
    public List<User> listAll() {
        access.require(Permission.USER_MANAGE_ANY, "list all users");
        audit.entry(AuditAction.CONFIDENTIAL_READ).object("users", "all").success();
        return users.listAll();
    }

    @Transactional(readOnly = true)
    public User get(UserId id) {
        User user = users.find(id).orElseThrow(() -> new NotFoundException("No such user."));
        Actor actor = access.current();
        if (!id.equals(actor.user())) {
            access.requireForOrganisation(user.organisation(), Permission.USER_MANAGE_OWN,
                    Permission.USER_MANAGE_ANY, "read this user");
            audit.entry(AuditAction.CONFIDENTIAL_READ).organisation(user.organisation()).object("user", id).success();
        }
        return user;
    }

    /**
     * Creates a user. With no initial password, the user gets an e-mail with a link to set one.
     */
    @Transactional
    public User create(UserDraft draft, @Nullable String initialPassword) {
        access.requireForOrganisation(draft.organisation(), Permission.USER_MANAGE_OWN, Permission.USER_MANAGE_ANY,
                "create users in this organisation");
        checkRoles(draft);
        if (users.findByEmail(draft.email()).isPresent()) {
            throw new InvalidInputException("email", "A user with this e-mail address already exists.");
        }
        String hash = null;
        if (initialPassword != null) {
            PasswordPolicy.check(initialPassword, draft.email());
            hash = passwords.hash(initialPassword);
        }
        UserId id = UserId.random();
        users.insert(id, draft, hash);
        User created = users.find(id).orElseThrow();
        audit.entry(AuditAction.USER_CREATED).organisation(draft.organisation()).object("user", id)
                .detail("email", draft.email()).detail("roles", draft.roles()).success();
        if (initialPassword == null) {
            resets.sendInvitation(created);
        }
        return created;
    }

    @Transactional
    public User update(UserId id, UserDraft draft) {
        User current = users.find(id).orElseThrow(() -> new NotFoundException("No such user."));
        access.requireForOrganisation(current.organisation(), Permission.USER_MANAGE_OWN,
                Permission.USER_MANAGE_ANY, "change this user");
        access.requireForOrganisation(draft.organisation(), Permission.USER_MANAGE_OWN,
                Permission.USER_MANAGE_ANY, "move users into this organisation");
        checkRoles(draft);
        users.findByEmail(draft.email()).filter(u -> !u.id().equals(id)).ifPresent(u -> {
            throw new InvalidInputException("email", "A user with this e-mail address already exists.");
        });
        Actor actor = access.current();
        if (id.equals(actor.user()) && !draft.roles().containsAll(current.roles())) {
            throw new InvalidInputException("roles", "You cannot take roles away from yourself.");
        }
        users.update(id, draft);
        audit.entry(AuditAction.USER_UPDATED).organisation(draft.organisation()).object("user", id)
                .detail("email", draft.email()).detail("roles", draft.roles()).success();
        return users.find(id).orElseThrow();
    }

    @Transactional
    public void setEnabled(UserId id, boolean enabled) {
        User user = users.find(id).orElseThrow(() -> new NotFoundException("No such user."));
        access.requireForOrganisation(user.organisation(), Permission.USER_MANAGE_OWN,
                Permission.USER_MANAGE_ANY, enabled ? "enable this user" : "disable this user");
        if (!enabled && id.equals(access.current().user())) {
            throw new InvalidInputException("enabled", "You cannot disable your own account.");
        }
        users.setEnabled(id, enabled);
        audit.entry(enabled ? AuditAction.USER_ENABLED : AuditAction.USER_DISABLED).organisation(user.organisation())
                .object("user", id).success();
    }

    @Transactional
    public void unlock(UserId id) {
        User user = users.find(id).orElseThrow(() -> new NotFoundException("No such user."));
        access.requireForOrganisation(user.organisation(), Permission.USER_MANAGE_OWN,
                Permission.USER_MANAGE_ANY, "unlock this user");
        users.unlock(id);
        audit.entry(AuditAction.USER_UNLOCKED).organisation(user.organisation()).object("user", id).success();
    }

    /** Removes a user's second factor (lost phone); they enrol again at their next login when it is mandatory. */
    @Transactional
    public void resetTwoFactor(UserId id) {
        User user = users.find(id).orElseThrow(() -> new NotFoundException("No such user."));
        access.requireForOrganisation(user.organisation(), Permission.USER_MANAGE_OWN,
                Permission.USER_MANAGE_ANY, "reset this user's two-factor authentication");
        users.setTotpSecret(id, null, 0);
        audit.entry(AuditAction.TWO_FACTOR_RESET).organisation(user.organisation()).object("user", id).success();
    }

    /** The logged-in user changes their own password, proving they know the current one. */
    @Transactional
    public void changeOwnPassword(String currentPassword, String newPassword) {
        Actor actor = access.current();
        if (actor.user() == null) {
            throw access.refuse("change a password", "no person is logged in");
        }
        UserRepository.Credentials credentials = users.credentials(actor.user()).orElseThrow();
        if (!passwords.matches(currentPassword, credentials.passwordHash())) {
            audit.entry(AuditAction.PASSWORD_CHANGED).object("user", actor.user()).failure("wrong current password");
            throw new InvalidInputException("currentPassword", "The current password is wrong.");
        }
        PasswordPolicy.check(newPassword, credentials.user().email());
        users.setPasswordHash(actor.user(), passwords.hash(newPassword));
        audit.entry(AuditAction.PASSWORD_CHANGED).object("user", actor.user()).success();
    }

    /** The language of the logged-in user's e-mails and default pages. */
    @Transactional
    public void setOwnLanguage(Language language) {
        Actor actor = access.current();
        if (actor.user() == null) {
            throw access.refuse("choose a language", "no person is logged in");
        }
        users.setLanguage(actor.user(), language);
        audit.entry(AuditAction.USER_UPDATED).object("user", actor.user()).detail("language", language.code())
                .success();
    }

    /**
     * Gives a user a new TOTP secret and returns it in base32. Only the server itself may do this (demo
     * data, where the secret is printed for the tester); people enrol through the login or their account page.
     */
    @Transactional
    public String assignNewTwoFactorSecret(UserId id) {
        Actor actor = access.require(Permission.USER_MANAGE_ANY, "assign a two-factor secret");
        if (actor.kind() != Actor.Kind.SYSTEM) {
            throw access.refuse("assign a two-factor secret", "only the server itself may");
        }
        User user = users.find(id).orElseThrow(() -> new NotFoundException("No such user."));
        byte[] secret = Totp.newSecret();
        users.setTotpSecret(id, secret, 0);
        audit.entry(AuditAction.TWO_FACTOR_ENROLLED).organisation(user.organisation()).object("user", id).success();
        return Base32.encode(secret);
    }

    /** Whether any enabled administrator exists (bootstrap creates one otherwise). */
    @Transactional(readOnly = true)
    public boolean anyAdministrator() {
        return users.anyWithRole(Role.ADMIN);
    }

    private void checkRoles(UserDraft draft) {
        Organisation organisation = organisations.findForSystem(draft.organisation())
                .orElseThrow(() -> new InvalidInputException("organisation", "No such organisation."));
        for (Role role : draft.roles()) {
            if (!role.allowedIn(organisation.kind())) {
                throw new InvalidInputException("roles",
                        "The role " + role + " cannot be held in a " + organisation.kind() + " organisation.");
            }
        }
    }
}
