package lat.warp.notification.internal;

import java.net.URI;
import java.security.SecureRandom;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import lat.warp.access.AccessControl;
import lat.warp.audit.AuditAction;
import lat.warp.audit.AuditTrail;
import lat.warp.events.Taxonomy;
import lat.warp.notification.NotificationPolicies;
import lat.warp.notification.NotificationPolicy;
import lat.warp.notification.Webhook;
import lat.warp.registry.Contact;
import lat.warp.registry.Contacts;
import lat.warp.registry.Organisation;
import lat.warp.registry.Organisations;
import lat.warp.reporting.Severity;
import lat.warp.shared.Actor;
import lat.warp.shared.InvalidInputException;
import lat.warp.shared.NotFoundException;
import lat.warp.shared.OrganisationId;
import lat.warp.shared.Permission;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Policies and webhooks in PostgreSQL, each use case checked by {@link AccessControl} and changes audited. */
@Service
class PolicyService implements NotificationPolicies {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int MAX_WEBHOOKS = 5;

    private final JdbcClient jdbc;
    private final AccessControl access;
    private final AuditTrail audit;
    private final Organisations organisations;
    private final Contacts contacts;
    private final Taxonomy taxonomy = Taxonomy.rsit();

    PolicyService(JdbcClient jdbc, AccessControl access, AuditTrail audit, Organisations organisations,
            Contacts contacts) {
        this.jdbc = jdbc;
        this.access = access;
        this.audit = audit;
        this.organisations = organisations;
        this.contacts = contacts;
    }

    @Override
    @Transactional(readOnly = true)
    public NotificationPolicy get(OrganisationId organisation) {
        access.requireForOrganisation(organisation, Permission.ORGANISATION_READ_OWN, Permission.ORGANISATION_READ_ANY,
                "read this organisation's notification policy");
        return load(organisation);
    }

    /** The policy without an access check, for the sender and the digest job (which run as the system). */
    NotificationPolicy load(OrganisationId organisation) {
        Organisation found = organisations.findForSystem(organisation)
                .orElseThrow(() -> new NotFoundException("No such organisation."));
        List<Webhook> webhooks = webhooks(organisation);
        return jdbc.sql("select * from notification_policies where organisation_id = ?").param(organisation.value())
                .query((rs, n) -> read(rs, organisation, webhooks)).optional()
                .orElseGet(() -> DefaultPolicies.of(organisation, found.country(), webhooks));
    }

    @Override
    @Transactional
    public NotificationPolicy save(OrganisationId organisation, NotificationPolicy.Draft draft) {
        access.requireForOrganisation(organisation, Permission.ORGANISATION_MANAGE_OWN,
                Permission.ORGANISATION_MANAGE_ANY, "change this organisation's notification policy");
        organisations.findForSystem(organisation).orElseThrow(() -> new NotFoundException("No such organisation."));
        if (draft.schedule() == null) {
            throw new InvalidInputException("schedule", "Choose immediate, hourly, daily or weekly.");
        }
        if (draft.attachmentFormat() == null) {
            throw new InvalidInputException("attachmentFormat", "Choose CSV, JSON or X-ARF.");
        }
        if (draft.minimumSeverity() == null) {
            throw new InvalidInputException("minimumSeverity", "Choose a minimum severity.");
        }
        String language = draft.language() == null ? "" : draft.language().strip().toLowerCase(Locale.ROOT);
        if (!List.of("es", "pt", "en").contains(language)) {
            throw new InvalidInputException("language", "The language must be es, pt or en.");
        }
        ZoneId zone;
        try {
            zone = ZoneId.of(draft.timeZone() == null ? "" : draft.timeZone().strip());
        } catch (DateTimeException e) {
            throw new InvalidInputException("timeZone", "Not a time zone; use a name such as America/Montevideo.");
        }
        Set<String> known = new java.util.HashSet<>();
        taxonomy.typesByClass().values().forEach(known::addAll);
        Set<String> muted = new LinkedHashSet<>();
        for (String type : draft.mutedTypes() == null ? Set.<String>of() : draft.mutedTypes()) {
            String t = type.strip().toLowerCase(Locale.ROOT);
            if (t.isEmpty()) {
                continue;
            }
            if (!known.contains(t)) {
                throw new InvalidInputException("mutedTypes", "Not an RSIT incident type: " + abbreviate(t) + ".");
            }
            muted.add(t);
        }
        List<UUID> contactIds = new ArrayList<>();
        if (draft.contactIds() != null && !draft.contactIds().isEmpty()) {
            Set<String> own = new java.util.HashSet<>();
            contacts.list(organisation).forEach(c -> own.add(c.id()));
            for (String id : draft.contactIds()) {
                if (!own.contains(id)) {
                    throw new InvalidInputException("contactIds", "Choose contacts of this organisation.");
                }
                contactIds.add(UUID.fromString(id));
            }
        }
        jdbc.sql("""
                insert into notification_policies (organisation_id, contact_ids, schedule, business_days_only, time_zone,
                    language, attachment_format, minimum_severity, muted_types, encrypt, updated_at)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, now())
                on conflict (organisation_id) do update set contact_ids = excluded.contact_ids,
                    schedule = excluded.schedule, business_days_only = excluded.business_days_only,
                    time_zone = excluded.time_zone, language = excluded.language,
                    attachment_format = excluded.attachment_format, minimum_severity = excluded.minimum_severity,
                    muted_types = excluded.muted_types, encrypt = excluded.encrypt, updated_at = now()""")
                .params(organisation.value(), contactIds.toArray(UUID[]::new), draft.schedule().name(),
                        draft.businessDaysOnly(), zone.getId(), language, draft.attachmentFormat().name(),
                        draft.minimumSeverity().name(), muted.toArray(String[]::new), draft.encrypt())
                .update();
        audit.entry(AuditAction.NOTIFICATION_POLICY_CHANGED).organisation(organisation)
                .object("notification-policy", organisation).detail("schedule", draft.schedule())
                .detail("businessDaysOnly", draft.businessDaysOnly()).detail("timeZone", zone.getId())
                .detail("language", language).detail("attachmentFormat", draft.attachmentFormat())
                .detail("minimumSeverity", draft.minimumSeverity()).detail("mutedTypes", String.join(",", muted))
                .detail("encrypt", draft.encrypt()).detail("contacts", contactIds.size()).success();
        return load(organisation);
    }

    @Override
    @Transactional
    public Webhook.Created addWebhook(OrganisationId organisation, String url, boolean allowPrivate) {
        Actor actor = access.requireForOrganisation(organisation, Permission.ORGANISATION_MANAGE_OWN,
                Permission.ORGANISATION_MANAGE_ANY, "change this organisation's webhooks");
        if (allowPrivate) {
            access.require(Permission.CONFIGURATION_MANAGE, "allow a webhook to a private address");
        }
        organisations.findForSystem(organisation).orElseThrow(() -> new NotFoundException("No such organisation."));
        URI uri = WebhookAddresses.parse(url);
        if (!allowPrivate) {
            WebhookAddresses.requirePublic(uri);
        }
        if (webhooks(organisation).size() >= MAX_WEBHOOKS) {
            throw new InvalidInputException("url", "An organisation may have at most " + MAX_WEBHOOKS + " webhooks.");
        }
        byte[] secretBytes = new byte[32];
        RANDOM.nextBytes(secretBytes);
        String secret = "whsec_" + HexFormat.of().formatHex(secretBytes);
        UUID id = UUID.randomUUID();
        jdbc.sql("insert into notification_webhooks (id, organisation_id, url, secret, allow_private) values (?, ?, ?, ?, ?)")
                .params(id, organisation.value(), uri.toString(), secret, allowPrivate).update();
        audit.entry(AuditAction.NOTIFICATION_POLICY_CHANGED).actor(actor).organisation(organisation)
                .object("webhook", id).detail("change", "added").detail("url", uri.toString())
                .detail("allowPrivate", allowPrivate).success();
        Webhook webhook = webhooks(organisation).stream().filter(w -> w.id().equals(id)).findFirst().orElseThrow();
        return new Webhook.Created(webhook, secret);
    }

    @Override
    @Transactional
    public void removeWebhook(OrganisationId organisation, UUID webhook) {
        access.requireForOrganisation(organisation, Permission.ORGANISATION_MANAGE_OWN,
                Permission.ORGANISATION_MANAGE_ANY, "change this organisation's webhooks");
        int removed = jdbc.sql("delete from notification_webhooks where id = ? and organisation_id = ?")
                .params(webhook, organisation.value()).update();
        if (removed == 0) {
            throw new NotFoundException("No such webhook.");
        }
        audit.entry(AuditAction.NOTIFICATION_POLICY_CHANGED).organisation(organisation).object("webhook", webhook)
                .detail("change", "removed").success();
    }

    List<Webhook> webhooks(OrganisationId organisation) {
        return jdbc.sql("select id, url, allow_private, created_at from notification_webhooks "
                        + "where organisation_id = ? order by created_at")
                .param(organisation.value())
                .query((rs, n) -> new Webhook(rs.getObject(1, UUID.class), rs.getString(2), rs.getBoolean(3),
                        rs.getTimestamp(4).toInstant()))
                .list();
    }

    /** The contacts that receive e-mail under the policy: those chosen, else the abuse contacts, else all. */
    List<Contact> recipients(NotificationPolicy policy) {
        List<Contact> all = contacts.list(policy.organisation());
        if (!policy.contactIds().isEmpty()) {
            return all.stream().filter(c -> policy.contactIds().contains(c.id())).toList();
        }
        List<Contact> abuse = all.stream().filter(c -> c.role() == Contact.Role.ABUSE).toList();
        return abuse.isEmpty() ? all : abuse;
    }

    private static NotificationPolicy read(ResultSet rs, OrganisationId organisation, List<Webhook> webhooks)
            throws SQLException {
        return new NotificationPolicy(organisation, true,
                Arrays.stream((Object[]) array(rs.getArray("contact_ids"))).map(Object::toString).toList(), webhooks,
                NotificationPolicy.Schedule.valueOf(rs.getString("schedule")), rs.getBoolean("business_days_only"),
                ZoneId.of(rs.getString("time_zone")), rs.getString("language"),
                NotificationPolicy.AttachmentFormat.valueOf(rs.getString("attachment_format")),
                Severity.valueOf(rs.getString("minimum_severity")),
                Set.of(Arrays.stream((Object[]) array(rs.getArray("muted_types"))).map(Object::toString)
                        .toArray(String[]::new)),
                rs.getBoolean("encrypt"));
    }

    private static Object array(Array array) throws SQLException {
        return array == null ? new Object[0] : array.getArray();
    }

    private static String abbreviate(String text) {
        return text.length() > 40 ? text.substring(0, 40) + "…" : text;
    }
}
