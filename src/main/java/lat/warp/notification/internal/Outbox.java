package lat.warp.notification.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import lat.warp.notification.Delivery;
import lat.warp.notification.Notice;
import lat.warp.shared.OrganisationId;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.json.JsonMapper;

/** The deliveries table: the transactional outbox that the sender works through. */
@Repository
class Outbox {

    static final JsonMapper JSON = JsonMapper.builder().build();

    private static final String COLUMNS = "id, organisation_id, channel, recipient, kind, reference, subject, state, "
            + "attempts, last_error, created_at, next_attempt_at, sent_at";

    private final JdbcClient jdbc;

    Outbox(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** A delivery to queue; written in the caller's transaction. */
    record NewDelivery(UUID id, OrganisationId organisation, String dedupKey, Delivery.Channel channel,
            String recipient, @Nullable UUID contactId, @Nullable UUID webhookId, Notice.Kind kind, String reference,
            String subject, String language, String attachmentFormat, boolean encrypt, StoredMessage message,
            int maxAttempts) {
    }

    /** Queues the delivery unless one with the same key exists; true when queued now. */
    boolean queue(NewDelivery d) {
        return jdbc.sql("""
                insert into notification_deliveries (id, organisation_id, dedup_key, channel, recipient, contact_id,
                    webhook_id, kind, reference, subject, language, attachment_format, encrypt, payload, max_attempts)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, cast(? as jsonb), ?)
                on conflict (dedup_key) do nothing""")
                .params(d.id(), d.organisation().value(), d.dedupKey(), d.channel().name(), d.recipient(),
                        d.contactId(), d.webhookId(), d.kind().name(), d.reference(), d.subject(), d.language(),
                        d.attachmentFormat(), d.encrypt(), JSON.writeValueAsString(d.message()), d.maxAttempts())
                .update() == 1;
    }

    /** A claimed delivery, with what the sender needs. */
    record Claimed(UUID id, OrganisationId organisation, Delivery.Channel channel, String recipient,
            @Nullable UUID contactId, @Nullable UUID webhookId, String language, String attachmentFormat,
            boolean encrypt, StoredMessage message, int attempts, int maxAttempts) {
    }

    /** Claims due deliveries for the caller's transaction; other senders skip them until it ends. */
    List<Claimed> claim(int limit, boolean email) {
        return jdbc.sql("""
                select id, organisation_id, channel, recipient, contact_id, webhook_id, language, attachment_format,
                    encrypt, payload::text, attempts, max_attempts
                from notification_deliveries
                where state = 'PENDING' and next_attempt_at <= now() and (? or channel = 'WEBHOOK')
                order by next_attempt_at limit ? for update skip locked""")
                .params(email, limit)
                .query((rs, n) -> new Claimed(rs.getObject(1, UUID.class), new OrganisationId(rs.getObject(2, UUID.class)),
                        Delivery.Channel.valueOf(rs.getString(3)), rs.getString(4), rs.getObject(5, UUID.class),
                        rs.getObject(6, UUID.class), rs.getString(7), rs.getString(8), rs.getBoolean(9),
                        readMessage(rs.getString(10)), rs.getInt(11), rs.getInt(12)))
                .list();
    }

    static StoredMessage readMessage(String json) {
        return JSON.readValue(json, StoredMessage.class);
    }

    void sent(UUID id, String subject) {
        jdbc.sql("update notification_deliveries set state = 'SENT', sent_at = now(), attempts = attempts + 1, "
                + "last_error = null, subject = ? where id = ?").params(subject, id).update();
    }

    void failed(UUID id, int attempts, String error, @Nullable Instant nextAttempt) {
        if (nextAttempt == null) {
            jdbc.sql("update notification_deliveries set state = 'PARKED', attempts = ?, last_error = ? where id = ?")
                    .params(attempts, abbreviate(error), id).update();
        } else {
            jdbc.sql("update notification_deliveries set attempts = ?, last_error = ?, next_attempt_at = ? where id = ?")
                    .params(attempts, abbreviate(error), java.sql.Timestamp.from(nextAttempt), id).update();
        }
    }

    List<Delivery> ofOrganisation(OrganisationId organisation, int limit) {
        return jdbc.sql("select " + COLUMNS + " from notification_deliveries where organisation_id = ? "
                        + "order by created_at desc, id limit ?")
                .params(organisation.value(), limit).query((rs, n) -> read(rs)).list();
    }

    List<Delivery> all(Delivery.@Nullable State state, int limit) {
        if (state == null) {
            return jdbc.sql("select " + COLUMNS + " from notification_deliveries order by created_at desc, id limit ?")
                    .param(limit).query((rs, n) -> read(rs)).list();
        }
        return jdbc.sql("select " + COLUMNS + " from notification_deliveries where state = ? "
                        + "order by created_at desc, id limit ?")
                .params(state.name(), limit).query((rs, n) -> read(rs)).list();
    }

    java.util.Optional<Delivery> find(UUID id) {
        return jdbc.sql("select " + COLUMNS + " from notification_deliveries where id = ?").param(id)
                .query((rs, n) -> read(rs)).optional();
    }

    /** Makes a parked delivery due again, from its first attempt; false if it is not parked. */
    boolean requeue(UUID id) {
        return jdbc.sql("update notification_deliveries set state = 'PENDING', attempts = 0, next_attempt_at = now() "
                + "where id = ? and state = 'PARKED'").param(id).update() == 1;
    }

    private static Delivery read(ResultSet rs) throws SQLException {
        java.sql.Timestamp sent = rs.getTimestamp("sent_at");
        return new Delivery(rs.getObject("id", UUID.class), new OrganisationId(rs.getObject("organisation_id", UUID.class)),
                Delivery.Channel.valueOf(rs.getString("channel")), rs.getString("recipient"),
                Notice.Kind.valueOf(rs.getString("kind")), rs.getString("reference"), rs.getString("subject"),
                Delivery.State.valueOf(rs.getString("state")), rs.getInt("attempts"), rs.getString("last_error"),
                rs.getTimestamp("created_at").toInstant(), rs.getTimestamp("next_attempt_at").toInstant(),
                sent == null ? null : sent.toInstant());
    }

    private static String abbreviate(String text) {
        return text.length() > 1000 ? text.substring(0, 1000) + "…" : text;
    }
}
