package lat.warp.registry.internal.imports;

import java.time.Instant;
import java.util.List;
import lat.warp.registry.IpPrefix;
import org.jspecify.annotations.Nullable;

/**
 * What RDAP says about the network of an IP address.
 *
 * @param handle the network's handle (LACNIC uses the CIDR, e.g. {@code 200.3.12.0/22}); null when the
 *     server knows no such network
 * @param name the network's name, or else the registrant's name; null when neither is given
 * @param country the network's country code; null when not given
 * @param range the network as one prefix; null when its range is not a single CIDR block or not given
 * @param abuseContacts every entity with the role "abuse", including those nested in other entities
 * @param fetchedAt when the answer was fetched from the server; older than now when it came from the cache
 */
public record RdapResult(
        @Nullable String handle,
        @Nullable String name,
        @Nullable String country,
        @Nullable IpPrefix range,
        List<RdapContact> abuseContacts,
        Instant fetchedAt) {

    public RdapResult {
        abuseContacts = List.copyOf(abuseContacts);
    }

    /** The answer to an address no network is registered for (HTTP 404). */
    public static RdapResult noSuchNetwork(Instant fetchedAt) {
        return new RdapResult(null, null, null, null, List.of(), fetchedAt);
    }

    public boolean found() {
        return handle != null;
    }
}
