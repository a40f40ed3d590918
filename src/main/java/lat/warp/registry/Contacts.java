package lat.warp.registry;

import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.regex.Pattern;
import lat.warp.access.AccessControl;
import lat.warp.audit.AuditAction;
import lat.warp.audit.AuditTrail;
import lat.warp.shared.InvalidInputException;
import lat.warp.shared.NotFoundException;
import lat.warp.shared.OrganisationId;
import lat.warp.shared.Permission;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * An organisation's abuse, security and administrative contacts. Members manage their own; analysts
 * read every organisation's. Changes are audited and reach the attribution index.
 */
@Service
public class Contacts {

    private static final Pattern EMAIL = Pattern.compile("^[^@\\s]{1,64}@[^@\\s]+\\.[^@\\s]+$");
    private static final Pattern PHONE = Pattern.compile("^[+0-9 ()./-]{3,40}$");

    private final JdbcClient jdbc;
    private final AccessControl access;
    private final AuditTrail audit;
    private final ApplicationEventPublisher events;

    public Contacts(JdbcClient jdbc, AccessControl access, AuditTrail audit, ApplicationEventPublisher events) {
        this.jdbc = jdbc;
        this.access = access;
        this.audit = audit;
        this.events = events;
    }

    @Transactional(readOnly = true)
    public List<Contact> list(OrganisationId organisation) {
        access.requireForOrganisation(organisation, Permission.ORGANISATION_READ_OWN, Permission.ORGANISATION_READ_ANY,
                "read this organisation's contacts");
        audit.entry(AuditAction.CONFIDENTIAL_READ).organisation(organisation).object("contacts", organisation).success();
        return jdbc.sql("select id, organisation_id, role, email, phone, language, pgp_key, source from contacts "
                        + "where organisation_id = ? order by role, email")
                .param(organisation.value())
                .query((rs, n) -> new Contact(rs.getString(1), new OrganisationId(rs.getObject(2, UUID.class)),
                        Contact.Role.valueOf(rs.getString(3)), rs.getString(4), rs.getString(5), rs.getString(6),
                        rs.getString(7), rs.getString(8).toLowerCase(Locale.ROOT)))
                .list();
    }

    @Transactional
    public Contact add(OrganisationId organisation, Contact.Role role, String email, @Nullable String phone,
            @Nullable String language, @Nullable String pgpKey) {
        access.requireForOrganisation(organisation, Permission.ORGANISATION_MANAGE_OWN,
                Permission.ORGANISATION_MANAGE_ANY, "change this organisation's contacts");
        if (!jdbc.sql("select exists (select 1 from organisations where id = ?)").param(organisation.value())
                .query(Boolean.class).single()) {
            // Administrators may name any organisation; without this an unknown one failed on the foreign key (500).
            throw new NotFoundException("No such organisation.");
        }
        if (role == null) {
            throw new InvalidInputException("role", "Choose abuse, security or administrative.");
        }
        String cleanEmail = email == null ? "" : email.strip().toLowerCase(Locale.ROOT);
        if (!EMAIL.matcher(cleanEmail).matches() || cleanEmail.length() > 254) {
            throw new InvalidInputException("email", "This is not a valid e-mail address.");
        }
        String cleanPhone = phone == null || phone.isBlank() ? null : phone.strip();
        if (cleanPhone != null && !PHONE.matcher(cleanPhone).matches()) {
            throw new InvalidInputException("phone", "This is not a valid phone number.");
        }
        String cleanLanguage = language == null || language.isBlank() ? null : language.strip().toLowerCase(Locale.ROOT);
        if (cleanLanguage != null && !List.of("es", "pt", "en").contains(cleanLanguage)) {
            throw new InvalidInputException("language", "The language must be es, pt or en.");
        }
        String cleanKey = pgpKey == null || pgpKey.isBlank() ? null : pgpKey.strip();
        if (cleanKey != null && (!cleanKey.startsWith("-----BEGIN PGP PUBLIC KEY BLOCK-----")
                || !cleanKey.contains("-----END PGP PUBLIC KEY BLOCK-----") || cleanKey.length() > 100_000)) {
            throw new InvalidInputException("pgpKey", "Paste an ASCII-armoured OpenPGP public key block.");
        }
        UUID id = UUID.randomUUID();
        jdbc.sql("insert into contacts (id, organisation_id, role, email, phone, language, pgp_key, source) "
                        + "values (?, ?, ?, ?, ?, ?, ?, 'manual')")
                .params(id, organisation.value(), role.name(), cleanEmail, cleanPhone, cleanLanguage, cleanKey).update();
        audit.entry(AuditAction.CONTACT_CHANGED).organisation(organisation).object("contact", id)
                .detail("change", "added").detail("role", role).detail("email", cleanEmail)
                .detail("pgpKey", cleanKey != null).success();
        events.publishEvent(new RegistryChanged("contact added"));
        return new Contact(id.toString(), organisation, role, cleanEmail, cleanPhone, cleanLanguage, cleanKey, "manual");
    }

    @Transactional
    public void remove(String contactId) {
        UUID id;
        try {
            id = UUID.fromString(contactId);
        } catch (IllegalArgumentException e) {
            throw new NotFoundException("No such contact.");
        }
        OrganisationId organisation = jdbc.sql("select organisation_id from contacts where id = ?").param(id)
                .query((rs, n) -> new OrganisationId(rs.getObject(1, UUID.class))).optional()
                .orElseThrow(() -> new NotFoundException("No such contact."));
        access.requireForOrganisation(organisation, Permission.ORGANISATION_MANAGE_OWN,
                Permission.ORGANISATION_MANAGE_ANY, "change this organisation's contacts");
        jdbc.sql("delete from contacts where id = ?").param(id).update();
        audit.entry(AuditAction.CONTACT_CHANGED).organisation(organisation).object("contact", id)
                .detail("change", "removed").success();
        events.publishEvent(new RegistryChanged("contact removed"));
    }
}
