package lat.warp.registry.internal.imports;

import java.time.LocalDate;
import java.util.List;
import lat.warp.registry.IpPrefix;
import org.jspecify.annotations.Nullable;

/**
 * One resource line of a delegated-statistics file.
 *
 * @param line the line number in the file
 * @param registry the RIR that holds the record, e.g. {@code lacnic}
 * @param cc the ISO 3166 country code; empty (LACNIC) or {@code ZZ} (AFRINIC) for available and
 *     reserved space
 * @param type what kind of resource
 * @param prefixes the address space as the fewest CIDR prefixes that cover it exactly: an IPv4 record
 *     gives a count of addresses that need not be a power of two; an IPv6 record is one prefix; empty for
 *     an ASN record
 * @param asnFirst the first AS number of an ASN record; -1 for address records
 * @param asnLast the last AS number of an ASN record (inclusive); -1 for address records
 * @param date the allocation or assignment date; null when the file gives none ({@code 00000000} or empty)
 * @param status the registration status
 * @param opaqueId the holder's opaque identifier, the same for all records of one holder; empty for
 *     available and reserved space
 */
public record DelegatedRecord(
        int line,
        String registry,
        String cc,
        ResourceType type,
        List<IpPrefix> prefixes,
        long asnFirst,
        long asnLast,
        @Nullable LocalDate date,
        Status status,
        String opaqueId) {

    public DelegatedRecord {
        prefixes = List.copyOf(prefixes);
    }

    /** The type field of a record line. */
    public enum ResourceType {
        IPV4("ipv4"),
        IPV6("ipv6"),
        ASN("asn");

        private final String token;

        ResourceType(String token) {
            this.token = token;
        }

        /** How the type is written in the file and keys {@link DelegatedFile#summaryCounts()}. */
        public String token() {
            return token;
        }

        static @Nullable ResourceType fromToken(String token) {
            for (ResourceType type : values()) {
                if (type.token.equals(token)) {
                    return type;
                }
            }
            return null;
        }
    }

    /** The status field of a record line. */
    public enum Status {
        ALLOCATED,
        ASSIGNED,
        RESERVED,
        AVAILABLE;

        static @Nullable Status fromToken(String token) {
            return switch (token) {
                case "allocated" -> ALLOCATED;
                case "assigned" -> ASSIGNED;
                case "reserved" -> RESERVED;
                case "available" -> AVAILABLE;
                default -> null;
            };
        }

        /** Whether the space is held by someone, and so must name a holder and a country. */
        public boolean held() {
            return this == ALLOCATED || this == ASSIGNED;
        }
    }
}
