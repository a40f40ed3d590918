package lat.warp.notification.internal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import lat.warp.audit.AuditAction;
import lat.warp.audit.AuditTrail;
import lat.warp.notification.Acknowledgements;
import lat.warp.reporting.IncidentId;
import lat.warp.shared.OrganisationId;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Acknowledgement links. A link's secret is an HMAC of its delivery's id under a key derived from the
 * WARP key's passphrase, so the sender can put it in the message on every attempt while the database
 * holds only its SHA-256. The link is the capability: whoever holds it may acknowledge, once, without
 * logging in, and only by a POST.
 */
@Service
class AckTokens implements Acknowledgements {

    private final JdbcClient jdbc;
    private final WarpKey key;
    private final NotificationSettings settings;
    private final AuditTrail audit;
    private final IncidentAcknowledger acknowledger;

    AckTokens(JdbcClient jdbc, WarpKey key, NotificationSettings settings, AuditTrail audit,
            IncidentAcknowledger acknowledger) {
        this.jdbc = jdbc;
        this.key = key;
        this.settings = settings;
        this.audit = audit;
        this.acknowledger = acknowledger;
    }

    /** The secret of the delivery's link (the same on every attempt). */
    String token(UUID delivery) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.derivedKey("ack"), "HmacSHA256"));
            ByteBuffer id = ByteBuffer.allocate(16).putLong(delivery.getMostSignificantBits())
                    .putLong(delivery.getLeastSignificantBits());
            return Base64.getUrlEncoder().withoutPadding().encodeToString(mac.doFinal(id.array()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    void register(UUID delivery, OrganisationId organisation, StoredMessage message, String language) {
        jdbc.sql("insert into notification_ack_tokens (token_hash, organisation_id, reference, incident_id, title, "
                        + "language, expires_at) values (?, ?, ?, ?, ?, ?, ?) on conflict do nothing")
                .params(hash(token(delivery)), organisation.value(), message.reference(),
                        message.incidentId() == null ? null : UUID.fromString(message.incidentId()), message.title(),
                        language, Timestamp.from(Instant.now().plus(settings.ackValidity())))
                .update();
    }

    @Override
    @Transactional(readOnly = true)
    public Optional<Pending> peek(String token) {
        if (token == null || token.length() > 100) {
            return Optional.empty();
        }
        return jdbc.sql("select reference, title, language from notification_ack_tokens "
                        + "where token_hash = ? and used_at is null and expires_at > now()")
                .param(hash(token)).query((rs, n) -> new Pending(rs.getString(1), rs.getString(2), rs.getString(3)))
                .optional();
    }

    @Override
    @Transactional
    public boolean confirm(String token) {
        if (token == null || token.length() > 100) {
            return false;
        }
        record Used(UUID organisation, String reference, UUID incident) {
        }
        Optional<Used> used = jdbc.sql("update notification_ack_tokens set used_at = now() "
                        + "where token_hash = ? and used_at is null and expires_at > now() "
                        + "returning organisation_id, reference, incident_id")
                .param(hash(token))
                .query((rs, n) -> new Used(rs.getObject(1, UUID.class), rs.getString(2), rs.getObject(3, UUID.class)))
                .optional();
        if (used.isEmpty()) {
            return false;
        }
        Used u = used.get();
        // The other recipients' links for the same matter are spent too: it is acknowledged.
        jdbc.sql("update notification_ack_tokens set used_at = now() where organisation_id = ? and reference = ? "
                + "and used_at is null").params(u.organisation(), u.reference()).update();
        OrganisationId organisation = new OrganisationId(u.organisation());
        acknowledger.acknowledge(u.incident() == null ? null : new IncidentId(u.incident()), organisation, u.reference());
        audit.entry(AuditAction.NOTIFICATION_ACKNOWLEDGED).organisation(organisation).object("reference", u.reference())
                .detail("incident", u.incident()).success();
        return true;
    }

    static byte[] hash(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
