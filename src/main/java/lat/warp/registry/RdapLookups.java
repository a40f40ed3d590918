package lat.warp.registry;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import lat.warp.access.AccessControl;
import lat.warp.audit.AuditAction;
import lat.warp.audit.AuditTrail;
import lat.warp.registry.internal.imports.RdapCache;
import lat.warp.registry.internal.imports.RdapClient;
import lat.warp.registry.internal.imports.RdapException;
import lat.warp.registry.internal.imports.RdapResult;
import lat.warp.registry.internal.imports.TokenBucket;
import lat.warp.shared.Permission;
import lat.warp.shared.UnavailableException;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Abuse contacts from RDAP (RFC 9083) for the holder of an address, for holders whose abuse contact
 * the roster does not give. Answers are cached in the database (a week by default), requests are
 * rate-limited, and a cached answer serves when the registry cannot be reached. The contacts found
 * are stored for the holder (source "rdap") and so appear in attribution.
 */
@Service
public class RdapLookups {

    /** What a refresh found and stored. */
    public record Outcome(String ip, boolean found, @Nullable String network, @Nullable String holderId,
            List<AttributionResult.AbuseContact> stored, String fetchedAt) {
    }

    private final RdapClient client;
    private final Attribution attribution;
    private final JdbcClient jdbc;
    private final AccessControl access;
    private final AuditTrail audit;
    private final ApplicationEventPublisher events;

    public RdapLookups(RdapCache cache, Attribution attribution, JdbcClient jdbc, AccessControl access, AuditTrail audit,
            ApplicationEventPublisher events, @Value("${warp.rdap.base-url:https://rdap.lacnic.net/rdap}") String baseUrl,
            @Value("${warp.rdap.requests-per-second:1}") double requestsPerSecond,
            @Value("${warp.rdap.freshness:7d}") Duration freshness) {
        RdapClient.Settings defaults = RdapClient.Settings.of(URI.create(baseUrl.replaceAll("/+$", "")));
        this.client = RdapClient.create(new RdapClient.Settings(defaults.baseUrl(), defaults.timeout(), freshness,
                defaults.maxWaitForRateLimit(), defaults.maxResponseBytes()), cache,
                TokenBucket.perSecond(requestsPerSecond));
        this.attribution = attribution;
        this.jdbc = jdbc;
        this.access = access;
        this.audit = audit;
        this.events = events;
    }

    /** Looks the address up in RDAP and stores the abuse contacts found for its holder. */
    @Transactional
    public Outcome refresh(String ip) {
        access.require(Permission.REGISTRY_IMPORT, "refresh abuse contacts from RDAP");
        IpPrefix.IpAddress address = IpPrefix.IpAddress.parse(ip);
        RdapResult result;
        try {
            result = client.lookup(address.toString());
        } catch (RdapException e) {
            throw new UnavailableException("RDAP could not answer for " + address + " and nothing is cached: "
                    + e.getMessage(), e);
        }
        AttributionResult.Holder holder = attribution.attribute(address).holder();
        List<AttributionResult.AbuseContact> stored = result.abuseContacts().stream()
                .filter(c -> c.email() != null && !c.email().isBlank())
                .map(c -> new AttributionResult.AbuseContact(c.email().toLowerCase(Locale.ROOT), c.phone(), null, "rdap"))
                .distinct().toList();
        if (holder != null) {
            UUID organisation = UUID.fromString(holder.id());
            jdbc.sql("delete from contacts where organisation_id = ? and source = 'rdap'").param(organisation).update();
            for (AttributionResult.AbuseContact c : stored) {
                jdbc.sql("insert into contacts (id, organisation_id, role, email, phone, source) "
                                + "values (?, ?, 'ABUSE', ?, ?, 'rdap')")
                        .params(UUID.randomUUID(), organisation, c.email(), c.phone()).update();
            }
            audit.entry(AuditAction.CONTACT_CHANGED).organisation(new lat.warp.shared.OrganisationId(organisation))
                    .object("organisation", organisation).detail("change", "rdap refresh")
                    .detail("network", result.handle()).detail("contacts", stored.size()).success();
            events.publishEvent(new RegistryChanged("RDAP contacts"));
        }
        return new Outcome(address.toString(), result.found(), result.handle(), holder == null ? null : holder.id(),
                holder == null ? List.of() : stored, result.fetchedAt().toString());
    }
}
