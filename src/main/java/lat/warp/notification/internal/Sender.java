package lat.warp.notification.internal;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import lat.warp.notification.Delivery;
import lat.warp.notification.NotificationPolicy.AttachmentFormat;
import lat.warp.platform.WarpProperties;
import lat.warp.registry.Contact;
import lat.warp.registry.Contacts;
import lat.warp.shared.Actors;
import lat.warp.shared.OrganisationId;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Works through the outbox: claims due deliveries with {@code FOR UPDATE SKIP LOCKED} (so that several
 * threads and nodes never take the same one), sends each, and records the outcome in the same
 * transaction. A failure is retried with exponential back-off; after the last attempt, or at once for an
 * error no retry can fix (a malformed or revoked key, an invalid address, a template error, a webhook to a
 * private address), the delivery is parked with its error for an analyst to see and retry. One bad
 * delivery never holds up the others.
 */
@Component
public class Sender {

    private static final Logger log = LoggerFactory.getLogger(Sender.class);

    private final Outbox outbox;
    private final TransactionTemplate tx;
    private final NotificationSettings settings;
    private final WarpProperties.Mail mail;
    private final MailComposer composer;
    private final WebhookCaller webhooks;
    private final Contacts contacts;
    private final ExecutorService workers;

    Sender(Outbox outbox, TransactionTemplate tx, NotificationSettings settings, WarpProperties properties,
            MailComposer composer, WebhookCaller webhooks, Contacts contacts) {
        this.outbox = outbox;
        this.tx = tx;
        this.settings = settings;
        this.mail = properties.mail();
        this.composer = composer;
        this.webhooks = webhooks;
        this.contacts = contacts;
        this.workers = Executors.newFixedThreadPool(Math.max(1, settings.senders()),
                Thread.ofPlatform().name("notification-sender-", 0).daemon().factory());
    }

    @Scheduled(fixedDelayString = "${warp.notification.send-interval:2s}", initialDelayString = "3s")
    void tick() {
        drain();
    }

    /** Sends everything due now, on the sender threads; returns how many deliveries were attempted. */
    public int drain() {
        List<Future<Integer>> running = new ArrayList<>();
        for (int i = 0; i < Math.max(1, settings.senders()); i++) {
            running.add(workers.submit(() -> {
                int total = 0;
                int n;
                do {
                    n = Actors.runAsSystem("notification-sender", this::batch);
                    total += n;
                } while (n > 0);
                return total;
            }));
        }
        int total = 0;
        for (Future<Integer> f : running) {
            try {
                total += f.get();
            } catch (Exception e) {
                log.warn("Notification sender failed: {}", e.toString());
            }
        }
        return total;
    }

    @jakarta.annotation.PreDestroy
    void stop() {
        workers.shutdown();
    }

    private int batch() {
        Integer n = tx.execute(status -> {
            List<Outbox.Claimed> claimed = outbox.claim(settings.batchSize(), mail.configured());
            if (claimed.isEmpty()) {
                return 0;
            }
            Session session = Session.getInstance(mail.sessionProperties());
            Transport transport = null;
            Map<OrganisationId, List<Contact>> contactsOf = new HashMap<>();
            try {
                for (Outbox.Claimed d : claimed) {
                    try {
                        String subject;
                        if (d.channel() == Delivery.Channel.EMAIL) {
                            MimeMessage message = email(d, session, contactsOf);
                            subject = message.getSubject();
                            if (transport == null || !transport.isConnected()) {
                                transport = connect(session);
                            }
                            transport.sendMessage(message, message.getAllRecipients());
                        } else {
                            subject = composer.text(d.id(), d.message(), d.language())[0];
                            webhooks.call(d, subject);
                        }
                        outbox.sent(d.id(), subject);
                    } catch (Pgp.KeyProblem | MailComposer.TemplateProblem | WebhookCaller.Refused | AddressException e) {
                        outbox.failed(d.id(), d.attempts() + 1, e.getMessage(), null);
                        log.warn("Notification {} parked: {}", d.id(), e.getMessage());
                    } catch (Exception e) {
                        failed(d, e);
                        if (transport != null) {
                            closeQuietly(transport);
                            transport = null;
                        }
                    }
                }
            } finally {
                if (transport != null) {
                    closeQuietly(transport);
                }
            }
            return claimed.size();
        });
        return n == null ? 0 : n;
    }

    private MimeMessage email(Outbox.Claimed d, Session session, Map<OrganisationId, List<Contact>> contactsOf)
            throws Exception {
        InternetAddress address;
        try {
            address = new InternetAddress(d.recipient(), true);
            address.validate();
            if (!d.recipient().contains("@") || d.recipient().contains(" ")) {
                throw new AddressException("no domain", d.recipient());
            }
        } catch (AddressException e) {
            throw new AddressException("The contact address '" + abbreviate(d.recipient()) + "' is not a valid e-mail address.");
        }
        PGPPublicKey encryptTo = null;
        if (d.encrypt() && d.contactId() != null) {
            Optional<Contact> contact = contactsOf.computeIfAbsent(d.organisation(), contacts::list).stream()
                    .filter(c -> c.id().equals(d.contactId().toString())).findFirst();
            if (contact.isPresent() && contact.get().pgpKey() != null) {
                encryptTo = Pgp.encryptionKey(contact.get().pgpKey());
            }
        }
        MailComposer.Composed composed = composer.compose(d.id(), d.message(), d.language(),
                AttachmentFormat.valueOf(d.attachmentFormat()), address.getAddress(), encryptTo, session);
        return MailComposer.parse(session, composed.mime());
    }

    private Transport connect(Session session) throws MessagingException {
        Transport transport = session.getTransport("smtp");
        if (mail.smtpUser() != null && !mail.smtpUser().isBlank()) {
            transport.connect(mail.smtpHost(), mail.smtpPort(), mail.smtpUser(), mail.smtpPassword());
        } else {
            transport.connect();
        }
        return transport;
    }

    private void failed(Outbox.Claimed d, Exception e) {
        int attempts = d.attempts() + 1;
        String error = describe(e);
        if (attempts >= d.maxAttempts()) {
            outbox.failed(d.id(), attempts, error + " (gave up after " + attempts + " attempts)", null);
            log.warn("Notification {} parked after {} attempts: {}", d.id(), attempts, error);
            return;
        }
        long factor = 1L << Math.min(attempts - 1, 20);
        Duration wait = settings.backoff().multipliedBy(factor);
        if (wait.compareTo(settings.maxBackoff()) > 0) {
            wait = settings.maxBackoff();
        }
        outbox.failed(d.id(), attempts, error, Instant.now().plus(wait));
        log.info("Notification {} not delivered (attempt {}), next in {}: {}", d.id(), attempts, wait, error);
    }

    private static String describe(Exception e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        if (cause != e && cause.getMessage() != null) {
            message = message + ": " + cause.getMessage();
        }
        return abbreviate(message.replaceAll("\\s+", " "));
    }

    private static String abbreviate(String text) {
        return text.length() > 300 ? text.substring(0, 300) + "…" : text;
    }

    private static void closeQuietly(Transport transport) {
        try {
            transport.close();
        } catch (MessagingException e) {
            // Already gone.
        }
    }
}
