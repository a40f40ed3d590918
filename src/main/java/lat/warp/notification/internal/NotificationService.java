package lat.warp.notification.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import lat.warp.access.AccessControl;
import lat.warp.audit.AuditAction;
import lat.warp.audit.AuditTrail;
import lat.warp.notification.Delivery;
import lat.warp.notification.Notice;
import lat.warp.notification.NotificationPolicy;
import lat.warp.notification.Notifications;
import lat.warp.registry.Contact;
import lat.warp.shared.Actors;
import lat.warp.shared.InvalidInputException;
import lat.warp.shared.NotFoundException;
import lat.warp.shared.OrganisationId;
import lat.warp.shared.Permission;
import lat.warp.notification.Webhook;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Decides by policy whom to tell and queues the deliveries in the caller's transaction; reads the
 * delivery log. The one place where a notice becomes deliveries.
 */
@Service
class NotificationService implements Notifications {

    private final JdbcClient jdbc;
    private final AccessControl access;
    private final AuditTrail audit;
    private final PolicyService policies;
    private final Outbox outbox;
    private final AckTokens ackTokens;
    private final NotificationSettings settings;

    NotificationService(JdbcClient jdbc, AccessControl access, AuditTrail audit, PolicyService policies, Outbox outbox,
            AckTokens ackTokens, NotificationSettings settings) {
        this.jdbc = jdbc;
        this.access = access;
        this.audit = audit;
        this.policies = policies;
        this.outbox = outbox;
        this.ackTokens = ackTokens;
        this.settings = settings;
    }

    @Override
    @Transactional
    public List<UUID> notify(Notice notice) {
        access.requireAny("notify a member", Permission.INCIDENT_MANAGE, Permission.WARNING_WRITE);
        if (notice.kind() == Notice.Kind.DIGEST) {
            throw new InvalidInputException("kind", "Digests are composed by the WARP itself.");
        }
        if (notice.key().isBlank() || notice.key().length() > 300) {
            throw new InvalidInputException("key", "A notice needs a key of at most 300 characters.");
        }
        return Actors.runAsSystem("notification", () -> decide(StoredMessage.of(notice, null), notice.kind(),
                notice.organisation()));
    }

    /** The policy's decision for one message, without an access check (callers have checked, or are the system). */
    List<UUID> decide(StoredMessage message, Notice.Kind kind, OrganisationId organisation) {
        NotificationPolicy policy = policies.load(organisation);
        if (message.classificationType() != null && policy.mutedTypes().contains(message.classificationType())) {
            return List.of();
        }
        if (policy.schedule().digest()) {
            jdbc.sql("insert into notification_digest_items (organisation_id, dedup_key, payload) "
                            + "values (?, ?, cast(? as jsonb)) on conflict (dedup_key) do nothing")
                    .params(organisation.value(), message.key(), Outbox.JSON.writeValueAsString(message)).update();
            return List.of();
        }
        if (!lat.warp.reporting.Severity.valueOf(message.severity()).atLeast(policy.minimumSeverity())) {
            return List.of();
        }
        return enqueue(message, kind, policy);
    }

    /** Queues one delivery per recipient contact and per webhook; a message already queued is not queued again. */
    List<UUID> enqueue(StoredMessage message, Notice.Kind kind, NotificationPolicy policy) {
        List<UUID> queued = new ArrayList<>();
        String subject = "[" + message.reference() + "] [TLP:" + lat.warp.events.Tlp.valueOf(message.tlp()).label()
                + "] " + message.title();
        for (Contact contact : policies.recipients(policy)) {
            UUID id = UUID.randomUUID();
            boolean isNew = outbox.queue(new Outbox.NewDelivery(id, policy.organisation(),
                    message.key() + "|email|" + contact.email(), Delivery.Channel.EMAIL, contact.email(),
                    UUID.fromString(contact.id()), null, kind, message.reference(), subject, policy.language(),
                    policy.attachmentFormat().name(), policy.encrypt(), message, settings.maxAttempts()));
            if (isNew) {
                queued.add(id);
                if (message.acknowledgeable()) {
                    ackTokens.register(id, policy.organisation(), message, policy.language());
                }
            }
        }
        for (Webhook webhook : policy.webhooks()) {
            UUID id = UUID.randomUUID();
            if (outbox.queue(new Outbox.NewDelivery(id, policy.organisation(),
                    message.key() + "|webhook|" + webhook.id(), Delivery.Channel.WEBHOOK, webhook.url(), null,
                    webhook.id(), kind, message.reference(), subject, policy.language(),
                    policy.attachmentFormat().name(), false, message, settings.maxAttempts()))) {
                queued.add(id);
                if (message.acknowledgeable()) {
                    ackTokens.register(id, policy.organisation(), message, policy.language());
                }
            }
        }
        return queued;
    }

    @Override
    @Transactional(readOnly = true)
    public List<Delivery> log(OrganisationId organisation, int limit) {
        access.requireForOrganisation(organisation, Permission.ORGANISATION_READ_OWN,
                Permission.NOTIFICATION_LOG_READ_ANY, "read this organisation's notification deliveries");
        audit.entry(AuditAction.CONFIDENTIAL_READ).organisation(organisation).object("notification-log", organisation)
                .success();
        return outbox.ofOrganisation(organisation, clamp(limit));
    }

    @Override
    @Transactional(readOnly = true)
    public List<Delivery> logOfAll(Delivery.@Nullable State state, int limit) {
        access.require(Permission.NOTIFICATION_LOG_READ_ANY, "read every notification delivery");
        audit.entry(AuditAction.CONFIDENTIAL_READ).object("notification-log", "all").detail("state", state).success();
        return outbox.all(state, clamp(limit));
    }

    @Override
    @Transactional
    public Delivery retry(UUID delivery) {
        access.require(Permission.NOTIFICATION_LOG_READ_ANY, "retry a notification delivery");
        Delivery found = outbox.find(delivery).orElseThrow(() -> new NotFoundException("No such delivery."));
        if (!outbox.requeue(delivery)) {
            throw new InvalidInputException("delivery", "Only a parked delivery can be retried.");
        }
        audit.entry(AuditAction.NOTIFICATION_RETRIED).organisation(found.organisation()).object("delivery", delivery)
                .detail("recipient", found.recipient()).detail("lastError", found.lastError()).success();
        return outbox.find(delivery).orElseThrow();
    }

    private static int clamp(int limit) {
        return Math.max(1, Math.min(limit, 1000));
    }
}
