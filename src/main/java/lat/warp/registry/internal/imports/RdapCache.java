package lat.warp.registry.internal.imports;

import java.time.Instant;
import java.util.Optional;

/**
 * Where {@link RdapClient} keeps the RDAP answers it fetched, as the JSON text, so that repeated lookups
 * cost no request and lookups keep working from the cache while the RDAP server is unreachable.
 * Implementations must be safe for concurrent use.
 */
public interface RdapCache {

    Optional<CachedRdap> get(String key);

    void put(String key, String json, Instant fetchedAt);

    /**
     * A cached answer.
     *
     * @param json the RDAP response body as received (or a 404 marker written by {@link RdapClient})
     * @param fetchedAt when it was fetched
     */
    record CachedRdap(String json, Instant fetchedAt) {
    }
}
