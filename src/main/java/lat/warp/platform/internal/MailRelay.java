package lat.warp.platform.internal;

import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import lat.warp.platform.WarpProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mail.javamail.JavaMailSenderImpl;
import org.springframework.mail.javamail.MimeMessageHelper;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Delivers queued mail over SMTP with retries and exponential back-off. Each message is claimed with
 * {@code FOR UPDATE SKIP LOCKED}, so several nodes never send the same one.
 */
@Component
class MailRelay {

    private static final Logger log = LoggerFactory.getLogger(MailRelay.class);
    private static final int BATCH = 50;
    private static final Duration MAX_BACKOFF = Duration.ofHours(1);

    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final WarpProperties.Mail settings;
    private final JavaMailSenderImpl sender;

    MailRelay(JdbcClient jdbc, TransactionTemplate tx, WarpProperties properties) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.settings = properties.mail();
        this.sender = new JavaMailSenderImpl();
        sender.setDefaultEncoding(StandardCharsets.UTF_8.name());
        if (settings.configured()) {
            sender.setHost(settings.smtpHost());
            sender.setPort(settings.smtpPort());
            if (settings.smtpUser() != null && !settings.smtpUser().isBlank()) {
                sender.setUsername(settings.smtpUser());
                sender.setPassword(settings.smtpPassword());
            }
            Properties props = sender.getJavaMailProperties();
            props.putAll(settings.sessionProperties());
        }
    }

    @Scheduled(fixedDelayString = "${warp.mail.relay-interval:5s}", initialDelayString = "5s")
    void deliverPending() {
        if (!settings.configured()) {
            return;
        }
        int sent;
        do {
            sent = deliverBatch();
        } while (sent == BATCH);
    }

    private int deliverBatch() {
        Integer delivered = tx.execute(status -> {
            List<Pending> pending = jdbc.sql("""
                    select id, recipient, subject, body, erase_when_sent, attempts from outbound_mail
                    where sent_at is null and next_attempt_at <= now()
                    order by next_attempt_at limit ? for update skip locked""")
                    .param(BATCH)
                    .query((rs, n) -> new Pending(rs.getObject("id", UUID.class), rs.getString("recipient"),
                            rs.getString("subject"), rs.getString("body"), rs.getBoolean("erase_when_sent"),
                            rs.getInt("attempts")))
                    .list();
            for (Pending mail : pending) {
                deliver(mail);
            }
            return pending.size();
        });
        return delivered == null ? 0 : delivered;
    }

    private void deliver(Pending mail) {
        try {
            MimeMessage message = sender.createMimeMessage();
            MimeMessageHelper helper = new MimeMessageHelper(message, false, StandardCharsets.UTF_8.name());
            helper.setFrom(settings.from());
            helper.setTo(mail.recipient());
            helper.setSubject(mail.subject());
            helper.setText(mail.body() == null ? "" : mail.body(), false);
            // A stable Message-ID makes a re-delivery after a crash recognisable as the same message.
            message.saveChanges();
            message.setHeader("Message-ID", "<" + mail.id() + "@warp>");
            sender.send(message);
            jdbc.sql("update outbound_mail set sent_at = now(), attempts = attempts + 1, last_error = null"
                            + (mail.eraseWhenSent() ? ", body = null" : "") + " where id = ?")
                    .param(mail.id()).update();
        } catch (Exception e) {
            int attempts = mail.attempts() + 1;
            Duration backoff = Duration.ofSeconds(Math.min(MAX_BACKOFF.toSeconds(), 30L << Math.min(attempts, 10)));
            log.warn("Mail {} not delivered (attempt {}): {}", mail.id(), attempts, e.getClass().getSimpleName());
            jdbc.sql("update outbound_mail set attempts = ?, last_error = ?, next_attempt_at = now() + ? * interval '1 second' "
                            + "where id = ?")
                    .params(attempts, abbreviate(e.getMessage()), backoff.toSeconds(), mail.id()).update();
        }
    }

    private static String abbreviate(String text) {
        if (text == null) {
            return "error";
        }
        return text.length() > 500 ? text.substring(0, 500) : text;
    }

    private record Pending(UUID id, String recipient, String subject, String body, boolean eraseWhenSent,
            int attempts) {
    }
}
