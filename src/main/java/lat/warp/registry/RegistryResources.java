package lat.warp.registry;

import java.sql.Date;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import lat.warp.access.AccessControl;
import lat.warp.shared.OrganisationId;
import lat.warp.shared.Permission;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The registry resources an organisation holds: IP prefixes, AS numbers and domains. Members read
 * their own organisation's, analysts every organisation's. The largest holders have thousands of
 * prefixes, so they come a page at a time (keyset on the prefix) with the total count.
 */
@Service
public class RegistryResources {

    /** The most rows of each kind one call returns. */
    public static final int PAGE_SIZE = 2_000;

    private final JdbcClient jdbc;
    private final AccessControl access;

    public RegistryResources(JdbcClient jdbc, AccessControl access) {
        this.jdbc = jdbc;
        this.access = access;
    }

    /** The first page of the organisation's resources. */
    public OrganisationResources of(OrganisationId organisation) {
        return of(organisation, null);
    }

    /**
     * The organisation's resources, its prefixes starting after {@code afterPrefix} (the
     * {@link OrganisationResources#nextAfter()} of the previous page), or from the first when null.
     */
    @Transactional(readOnly = true)
    public OrganisationResources of(OrganisationId organisation, @Nullable String afterPrefix) {
        access.requireForOrganisation(organisation, Permission.ORGANISATION_READ_OWN, Permission.ORGANISATION_READ_ANY,
                "read this organisation's resources");
        String after = afterPrefix == null || afterPrefix.isBlank() ? null : IpPrefix.parse(afterPrefix).toString();
        // Ordered by the cidr column, qualified: a bare "prefix" would name the text output column.
        String prefixQuery = "select prefix::text, status, country, registered_on, registry, source from ip_resources "
                + "where organisation_id = ? " + (after == null ? "" : "and ip_resources.prefix > ?::cidr ")
                + "order by ip_resources.prefix limit ?";
        var query = after == null
                ? jdbc.sql(prefixQuery).params(organisation.value(), PAGE_SIZE + 1)
                : jdbc.sql(prefixQuery).params(organisation.value(), after, PAGE_SIZE + 1);
        List<OrganisationResources.Prefix> prefixes = query
                .query((rs, n) -> new OrganisationResources.Prefix(rs.getString(1), lower(rs.getString(2)),
                        rs.getString(3), date(rs.getDate(4)), rs.getString(5), rs.getString(6)))
                .list();
        String nextAfter = null;
        if (prefixes.size() > PAGE_SIZE) {
            prefixes = prefixes.subList(0, PAGE_SIZE);
            nextAfter = prefixes.getLast().prefix();
        }
        long prefixCount = count("ip_resources", organisation);

        List<OrganisationResources.AsnRange> asns = jdbc.sql("select first_asn, last_asn, status, country, "
                        + "registered_on, registry, source from asn_resources where organisation_id = ? "
                        + "order by first_asn limit ?")
                .params(organisation.value(), PAGE_SIZE)
                .query((rs, n) -> new OrganisationResources.AsnRange(rs.getLong(1), rs.getLong(2), lower(rs.getString(3)),
                        rs.getString(4), date(rs.getDate(5)), rs.getString(6), rs.getString(7)))
                .list();
        long asnCount = count("asn_resources", organisation);

        List<OrganisationResources.Domain> domains = jdbc.sql("select domain, source from domain_resources "
                        + "where organisation_id = ? order by domain limit ?")
                .params(organisation.value(), PAGE_SIZE)
                .query((rs, n) -> new OrganisationResources.Domain(rs.getString(1), rs.getString(2)))
                .list();
        long domainCount = count("domain_resources", organisation);

        return new OrganisationResources(List.copyOf(prefixes), prefixCount, nextAfter, asns, asnCount, domains,
                domainCount);
    }

    private long count(String table, OrganisationId organisation) {
        return jdbc.sql("select count(*) from " + table + " where organisation_id = ?").param(organisation.value())
                .query(Long.class).single();
    }

    private static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }

    private static @Nullable LocalDate date(@Nullable Date date) {
        return date == null ? null : date.toLocalDate();
    }
}
