package lat.warp.identity;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;
import lat.warp.access.AccessControl;
import lat.warp.audit.AuditAction;
import lat.warp.audit.AuditTrail;
import lat.warp.identity.internal.Base32;
import lat.warp.identity.internal.LoginThrottle;
import lat.warp.identity.internal.PasswordHashing;
import lat.warp.identity.internal.QrCodeSvg;
import lat.warp.identity.internal.Totp;
import lat.warp.identity.internal.UserRepository;
import lat.warp.identity.internal.UserRepository.Credentials;
import lat.warp.registry.Organisation;
import lat.warp.registry.Organisations;
import lat.warp.shared.Actor;
import lat.warp.shared.InvalidInputException;
import lat.warp.shared.UserId;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Logging in: password, then a TOTP code when the user has one or must have one. Throttled per source
 * address; an account is locked for a while after consecutive failures. Every step is audited.
 */
@Service
public class Logins {

    public static final int LOCK_THRESHOLD = 5;
    public static final Duration LOCK_DURATION = Duration.ofMinutes(15);
    static final String ISSUER = "WARP";

    private final UserRepository users;
    private final Organisations organisations;
    private final PasswordHashing passwords;
    private final AuditTrail audit;
    private final LoginThrottle throttle;
    private final Clock clock;
    private final AccessControl access;

    public Logins(UserRepository users, Organisations organisations, PasswordHashing passwords, AuditTrail audit,
            LoginThrottle throttle, Clock clock, AccessControl access) {
        this.access = access;
        this.users = users;
        this.organisations = organisations;
        this.passwords = passwords;
        this.audit = audit;
        this.throttle = throttle;
        this.clock = clock;
    }

    @Transactional
    public LoginOutcome checkPassword(String email, String password, String sourceAddress) {
        Instant now = clock.instant();
        if (!throttle.tryAcquire(sourceAddress, now)) {
            audit.entry(AuditAction.LOGIN_THROTTLED).actor(Actor.anonymous()).sourceAddress(sourceAddress)
                    .detail("email", email).denied("too many attempts from this address");
            return new LoginOutcome.Refused(LoginOutcome.Reason.THROTTLED);
        }
        String normalised = email == null ? "" : email.strip().toLowerCase(java.util.Locale.ROOT);
        Optional<Credentials> found = normalised.isEmpty() ? Optional.empty() : users.credentialsByEmail(normalised);
        if (found.isEmpty()) {
            passwords.matches(password == null ? "" : password, null);
            audit.entry(AuditAction.LOGIN_FAILED).actor(Actor.anonymous()).sourceAddress(sourceAddress)
                    .detail("email", abbreviate(normalised)).failure("unknown account");
            return new LoginOutcome.Refused(LoginOutcome.Reason.BAD_CREDENTIALS);
        }
        Credentials credentials = found.get();
        User user = credentials.user();
        if (user.lockedAt(now)) {
            audit.entry(AuditAction.LOGIN_FAILED).actor(actorOf(user)).sourceAddress(sourceAddress)
                    .object("user", user.id()).failure("account locked");
            return new LoginOutcome.Refused(LoginOutcome.Reason.BAD_CREDENTIALS);
        }
        if (!passwords.matches(password == null ? "" : password, credentials.passwordHash()) || !user.enabled()) {
            String reason = user.enabled() ? "wrong password" : "account disabled";
            registerFailure(user, sourceAddress, AuditAction.LOGIN_FAILED, reason);
            return new LoginOutcome.Refused(LoginOutcome.Reason.BAD_CREDENTIALS);
        }
        if (credentials.totpSecret() != null) {
            return new LoginOutcome.SecondFactorRequired(user.id());
        }
        if (twoFactorMandatory(user)) {
            return new LoginOutcome.EnrolmentRequired(user.id());
        }
        return succeed(user, sourceAddress);
    }

    @Transactional
    public LoginOutcome checkSecondFactor(UserId id, String code, String sourceAddress) {
        Instant now = clock.instant();
        if (!throttle.tryAcquire(sourceAddress, now)) {
            audit.entry(AuditAction.LOGIN_THROTTLED).actor(Actor.anonymous()).sourceAddress(sourceAddress)
                    .object("user", id).denied("too many attempts from this address");
            return new LoginOutcome.Refused(LoginOutcome.Reason.THROTTLED);
        }
        Credentials credentials = users.credentials(id).orElse(null);
        if (credentials == null || credentials.totpSecret() == null || !credentials.user().enabled()
                || credentials.user().lockedAt(now)) {
            return new LoginOutcome.Refused(LoginOutcome.Reason.EXPIRED);
        }
        User user = credentials.user();
        OptionalLong step = Totp.verify(credentials.totpSecret(), code, now, credentials.totpLastStep());
        if (step.isEmpty()) {
            boolean replayed = Totp.verify(credentials.totpSecret(), code, now, -1).isPresent();
            registerFailure(user, sourceAddress,
                    replayed ? AuditAction.TWO_FACTOR_REPLAYED : AuditAction.TWO_FACTOR_FAILED,
                    replayed ? "code already used" : "wrong code");
            return new LoginOutcome.Refused(replayed ? LoginOutcome.Reason.REPLAYED_CODE : LoginOutcome.Reason.BAD_CODE);
        }
        if (!users.advanceTotpStep(id, step.getAsLong())) {
            registerFailure(user, sourceAddress, AuditAction.TWO_FACTOR_REPLAYED, "code already used");
            return new LoginOutcome.Refused(LoginOutcome.Reason.REPLAYED_CODE);
        }
        return succeed(user, sourceAddress);
    }

    /** A fresh secret to enrol with; nothing is stored until {@link #confirmEnrolment}. */
    public TotpEnrolment newEnrolment(String accountLabel) {
        byte[] secret = Totp.newSecret();
        String uri = Totp.otpauthUri(ISSUER, accountLabel, secret);
        return new TotpEnrolment(secret, Base32.encode(secret), uri, QrCodeSvg.svg(uri));
    }

    /** Completes a mandatory enrolment during login: the code proves the user's app holds the secret. */
    @Transactional
    public LoginOutcome confirmEnrolment(UserId id, byte[] secret, String code, String sourceAddress) {
        Instant now = clock.instant();
        Credentials credentials = users.credentials(id).orElse(null);
        if (credentials == null || !credentials.user().enabled() || credentials.user().lockedAt(now)) {
            return new LoginOutcome.Refused(LoginOutcome.Reason.EXPIRED);
        }
        OptionalLong step = Totp.verify(secret, code, now, -1);
        if (step.isEmpty()) {
            registerFailure(credentials.user(), sourceAddress, AuditAction.TWO_FACTOR_FAILED, "wrong enrolment code");
            return new LoginOutcome.Refused(LoginOutcome.Reason.BAD_CODE);
        }
        users.setTotpSecret(id, secret, step.getAsLong());
        audit.entry(AuditAction.TWO_FACTOR_ENROLLED).actor(actorOf(credentials.user())).sourceAddress(sourceAddress)
                .object("user", id).success();
        return succeed(credentials.user(), sourceAddress);
    }

    /** A logged-in user turns on two-factor from their profile. */
    @Transactional
    public void enrolOwn(byte[] secret, String code) {
        Actor actor = access.current();
        if (actor.user() == null) {
            throw access.refuse("enrol a second factor", "no person is logged in");
        }
        OptionalLong step = Totp.verify(secret, code, clock.instant(), -1);
        if (step.isEmpty()) {
            audit.entry(AuditAction.TWO_FACTOR_FAILED).object("user", actor.user()).failure("wrong enrolment code");
            throw new InvalidInputException("code", "The code is wrong or has expired.");
        }
        users.setTotpSecret(actor.user(), secret, step.getAsLong());
        audit.entry(AuditAction.TWO_FACTOR_ENROLLED).object("user", actor.user()).success();
    }

    /** The actor a logged-in session stands for now: empty once the account is disabled or gone. */
    @Transactional(readOnly = true)
    public Optional<Actor> currentActor(UserId id) {
        return users.find(id).filter(User::enabled).map(Logins::actorOf);
    }

    @Transactional(readOnly = true)
    public Optional<User> findForSession(UserId id) {
        return users.find(id);
    }

    public boolean twoFactorMandatory(User user) {
        return user.isStaff() || organisations.findForSystem(user.organisation())
                .map(Organisation::twoFactorMandatory).orElse(false);
    }

    private LoginOutcome succeed(User user, String sourceAddress) {
        users.recordSuccessfulLogin(user.id());
        audit.entry(AuditAction.LOGIN_SUCCEEDED).actor(actorOf(user)).sourceAddress(sourceAddress)
                .object("user", user.id()).success();
        return new LoginOutcome.Authenticated(user);
    }

    private void registerFailure(User user, String sourceAddress, AuditAction action, String reason) {
        int failures = users.recordFailedLogin(user.id(), LOCK_THRESHOLD, LOCK_DURATION);
        audit.entry(action).actor(actorOf(user)).sourceAddress(sourceAddress).object("user", user.id())
                .detail("consecutiveFailures", failures).failure(reason);
        if (failures == LOCK_THRESHOLD) {
            audit.entry(AuditAction.ACCOUNT_LOCKED).actor(actorOf(user)).sourceAddress(sourceAddress)
                    .object("user", user.id()).detail("minutes", LOCK_DURATION.toMinutes())
                    .failure("too many consecutive failures");
        }
    }

    static Actor actorOf(User user) {
        return Actor.user(user.id(), user.organisation(), user.roles(), user.email());
    }

    private static String abbreviate(String text) {
        return text.length() > 100 ? text.substring(0, 100) : text;
    }
}
