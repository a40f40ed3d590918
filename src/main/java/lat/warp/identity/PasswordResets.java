package lat.warp.identity;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import lat.warp.audit.AuditAction;
import lat.warp.audit.AuditTrail;
import lat.warp.identity.internal.PasswordHashing;
import lat.warp.identity.internal.PasswordResetRepository;
import lat.warp.identity.internal.Secrets;
import lat.warp.identity.internal.UserRepository;
import lat.warp.platform.MailOutbox;
import lat.warp.platform.WarpProperties;
import lat.warp.shared.Actor;
import lat.warp.shared.InvalidInputException;
import lat.warp.shared.UserId;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Password reset by e-mailed, single-use link. The reply never says whether an address has an
 * account; only the SHA-256 of the link's secret is stored.
 */
@Service
public class PasswordResets {

    static final Duration RESET_VALIDITY = Duration.ofMinutes(30);
    static final Duration INVITATION_VALIDITY = Duration.ofDays(3);

    private final UserRepository users;
    private final PasswordResetRepository resets;
    private final PasswordHashing passwords;
    private final MailOutbox mail;
    private final MessageSource messages;
    private final AuditTrail audit;
    private final String publicUrl;

    public PasswordResets(UserRepository users, PasswordResetRepository resets, PasswordHashing passwords,
            MailOutbox mail, MessageSource messages, AuditTrail audit, WarpProperties properties) {
        this.users = users;
        this.resets = resets;
        this.passwords = passwords;
        this.mail = mail;
        this.messages = messages;
        this.audit = audit;
        this.publicUrl = properties.publicUrl().replaceAll("/+$", "");
    }

    /** Anyone may ask; a link is sent only to an enabled account's address. */
    @Transactional
    public void request(String email) {
        String normalised;
        try {
            normalised = UserDraft.normaliseEmail(email);
        } catch (InvalidInputException e) {
            return;
        }
        Optional<User> user = users.findByEmail(normalised).filter(User::enabled);
        audit.entry(AuditAction.PASSWORD_RESET_REQUESTED).actor(Actor.anonymous())
                .organisation(user.map(User::organisation).orElse(null))
                .object("user", user.map(User::id).orElse(null)).detail("known", user.isPresent()).success();
        user.ifPresent(u -> send(u, "mail.reset", RESET_VALIDITY));
    }

    /** The link a new user receives to choose their first password. */
    @Transactional
    public void sendInvitation(User user) {
        send(user, "mail.invitation", INVITATION_VALIDITY);
    }

    /** Whether a link is still usable (to show the form or a clear "expired" message). */
    @Transactional(readOnly = true)
    public boolean isUsable(String token) {
        return resets.findUsable(Secrets.sha256(token), Instant.now()).isPresent();
    }

    /** Sets the new password and spends the link. Unlocks the account: the owner has proved control of the mailbox. */
    @Transactional
    public void complete(String token, String newPassword) {
        Optional<UserId> owner = resets.findUsable(Secrets.sha256(token), Instant.now());
        if (owner.isEmpty()) {
            audit.entry(AuditAction.PASSWORD_RESET_REJECTED).actor(Actor.anonymous())
                    .failure("unknown, used or expired link");
            throw new InvalidInputException("token", "This link is no longer valid. Ask for a new one.");
        }
        User user = users.find(owner.get()).orElseThrow();
        PasswordPolicy.check(newPassword, user.email());
        if (!resets.spend(Secrets.sha256(token))) {
            throw new InvalidInputException("token", "This link is no longer valid. Ask for a new one.");
        }
        users.setPasswordHash(user.id(), passwords.hash(newPassword));
        audit.entry(AuditAction.PASSWORD_RESET_COMPLETED).actor(Actor.anonymous()).organisation(user.organisation())
                .object("user", user.id()).success();
    }

    private void send(User user, String template, Duration validity) {
        String token = Secrets.randomToken();
        resets.insert(Secrets.sha256(token), user.id(), Instant.now().plus(validity));
        String link = publicUrl + "/password/reset/" + token;
        var locale = user.language().locale();
        String subject = messages.getMessage(template + ".subject", null, locale);
        String body = messages.getMessage(template + ".body",
                new Object[] {user.name(), link, validity.toMinutes(), validity.toDays()}, locale);
        mail.queue(user.email(), subject, body, true);
    }
}
