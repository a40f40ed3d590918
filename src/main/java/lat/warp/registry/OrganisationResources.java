package lat.warp.registry;

import java.time.LocalDate;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What an organisation holds in the registry: one page of its IP prefixes (in address order, at most
 * {@link RegistryResources#PAGE_SIZE}), and its AS number ranges and domains (the first
 * {@link RegistryResources#PAGE_SIZE} of each), each with the total count.
 *
 * @param nextAfter the last prefix of this page when more follow (pass it as {@code after} for the next page)
 */
public record OrganisationResources(List<Prefix> prefixes, long prefixCount, @Nullable String nextAfter,
        List<AsnRange> asns, long asnCount, List<Domain> domains, long domainCount) {

    /**
     * One IPv4 or IPv6 block.
     *
     * @param status allocated, assigned, reserved or available (lower case)
     * @param source where the row came from: delegated, roster or manual
     */
    public record Prefix(String prefix, String status, @Nullable String country, @Nullable LocalDate registeredOn,
            String registry, String source) {
    }

    /** A range of AS numbers (often one number). */
    public record AsnRange(long first, long last, String status, @Nullable String country,
            @Nullable LocalDate registeredOn, String registry, String source) {

        /** {@code AS64500} or {@code AS64500–AS64510}. */
        public String label() {
            return first == last ? "AS" + first : "AS" + first + "–AS" + last;
        }
    }

    /** A domain name the organisation is responsible for. */
    public record Domain(String domain, String source) {
    }

    /** More prefixes follow this page. */
    public boolean hasMorePrefixes() {
        return nextAfter != null;
    }
}
