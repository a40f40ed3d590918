package lat.warp.platform;

import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Queues outgoing mail in the caller's transaction; {@code MailRelay} hands it to SMTP when one is
 * configured. A message decided is therefore never lost, even when no SMTP server is set up yet.
 */
@Service
public class MailOutbox {

    private final JdbcClient jdbc;

    public MailOutbox(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * @param secret the body carries a secret (a reset link): it is erased from the database once sent
     */
    @Transactional
    public UUID queue(String recipient, String subject, String body, boolean secret) {
        UUID id = UUID.randomUUID();
        jdbc.sql("insert into outbound_mail (id, recipient, subject, body, erase_when_sent) values (?, ?, ?, ?, ?)")
                .params(id, recipient, subject, body, secret).update();
        return id;
    }
}
