package lat.warp.registry.internal.imports;

import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/** An {@link RdapCache} in a map, for tests and for running without a database; it forgets on restart. */
public final class InMemoryRdapCache implements RdapCache {

    private final ConcurrentMap<String, CachedRdap> entries = new ConcurrentHashMap<>();

    @Override
    public Optional<CachedRdap> get(String key) {
        return Optional.ofNullable(entries.get(key));
    }

    @Override
    public void put(String key, String json, Instant fetchedAt) {
        entries.put(key, new CachedRdap(json, fetchedAt));
    }

    public int size() {
        return entries.size();
    }
}
