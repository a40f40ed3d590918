package lat.warp.registry.internal.imports;

import java.util.List;
import lat.warp.registry.IpPrefix;
import org.jspecify.annotations.Nullable;

/**
 * One member of the roster. The format is described in {@code docs/registry-roster-format.md}.
 *
 * @param line the line of the file where the member's row (CSV) or object (JSON) begins
 * @param memberId the registry's identifier of the member, unique within the roster
 * @param name the member's name
 * @param country the ISO 3166-1 alpha-2 code, upper case
 * @param sector the member's sector, e.g. {@code ISP}, {@code academic}, {@code government}; null when not given
 * @param contacts the contacts, in the order given
 * @param prefixes the IPv4 and IPv6 prefixes the member holds
 * @param asnRanges AS number ranges as {@code {first, last}} (inclusive; a single AS has first = last)
 * @param domains the domain names, lower case, without a trailing dot
 */
public record RosterEntry(
        int line,
        String memberId,
        String name,
        String country,
        @Nullable String sector,
        List<RosterContact> contacts,
        List<IpPrefix> prefixes,
        List<long[]> asnRanges,
        List<String> domains) {

    public RosterEntry {
        contacts = List.copyOf(contacts);
        prefixes = List.copyOf(prefixes);
        asnRanges = asnRanges.stream().map(long[]::clone).toList();
        domains = List.copyOf(domains);
    }

    /** The AS ranges, copied so that the entry stays unchanged whatever a caller does with the arrays. */
    @Override
    public List<long[]> asnRanges() {
        return asnRanges.stream().map(long[]::clone).toList();
    }
}
