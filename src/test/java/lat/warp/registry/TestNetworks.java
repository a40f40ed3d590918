package lat.warp.registry;

import java.time.LocalDate;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import lat.warp.registry.internal.AttributionIndexHolder;
import lat.warp.shared.OrganisationId;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Registry data for page tests, written straight into the tables: a /24 from the benchmarking range
 * 198.18.0.0/15 (never in a real delegated file), an AS number from the private 32-bit range and a
 * domain, each unique, so that tests sharing the database never meet. Rows are 'manual', so that a
 * delegated import by another test leaves them alone. Nothing is cleaned up.
 */
final class TestNetworks {

    /** What one organisation was given. */
    record Holding(String prefix, long asn, String domain) {

        /** An address inside the prefix, e.g. {@code host(10)} is 198.18.x.10. */
        String host(int host) {
            return prefix.substring(0, prefix.lastIndexOf('.') + 1) + host;
        }
    }

    private final JdbcClient jdbc;
    private final AttributionIndexHolder index;

    TestNetworks(JdbcClient jdbc, AttributionIndexHolder index) {
        this.jdbc = jdbc;
        this.index = index;
    }

    /** A /24 of 198.18.0.0/15 that no row holds yet. */
    String freshPrefix() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (int attempt = 0; attempt < 1_000; attempt++) {
            String prefix = "198." + (18 + random.nextInt(2)) + "." + random.nextInt(256) + ".0/24";
            if (jdbc.sql("select count(*) from ip_resources where prefix = ?::cidr").param(prefix).query(Long.class)
                    .single() == 0) {
                return prefix;
            }
        }
        throw new IllegalStateException("no free /24 left in 198.18.0.0/15");
    }

    /** Gives the organisation a prefix, an AS number and a domain, and rebuilds the attribution index. */
    Holding give(Organisation organisation) {
        Holding holding = new Holding(freshPrefix(), 4_200_000_000L + ThreadLocalRandom.current().nextLong(90_000_000L),
                "net-" + UUID.randomUUID().toString().substring(0, 8) + ".example");
        UUID id = organisation.id().value();
        jdbc.sql("""
                insert into ip_resources (prefix, organisation_id, status, country, registered_on, registry, source)
                values (?::cidr, ?, 'ALLOCATED', 'UY', ?, 'lacnic', 'manual')""")
                .params(holding.prefix(), id, java.sql.Date.valueOf(LocalDate.of(2021, 3, 15))).update();
        jdbc.sql("""
                insert into asn_resources (first_asn, last_asn, organisation_id, status, country, registry, source)
                values (?, ?, ?, 'ASSIGNED', 'UY', 'lacnic', 'manual')""")
                .params(holding.asn(), holding.asn(), id).update();
        jdbc.sql("insert into domain_resources (domain, organisation_id, source) values (?, ?, 'manual')")
                .params(holding.domain(), id).update();
        index.rebuildNow();
        return holding;
    }

    /** An abuse contact written straight into the table (attribution reports it after the next rebuild). */
    void abuseContact(OrganisationId organisation, String email) {
        jdbc.sql("insert into contacts (id, organisation_id, role, email, source) values (?, ?, 'ABUSE', ?, 'manual')")
                .params(UUID.randomUUID(), organisation.value(), email).update();
    }

    long contacts(OrganisationId organisation) {
        return jdbc.sql("select count(*) from contacts where organisation_id = ?").param(organisation.value())
                .query(Long.class).single();
    }

    void rebuildIndex() {
        index.rebuildNow();
    }
}
