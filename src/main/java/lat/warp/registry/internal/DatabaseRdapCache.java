package lat.warp.registry.internal;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import lat.warp.registry.internal.imports.RdapCache;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** RDAP answers kept in PostgreSQL, so that they survive restarts and serve lookups when the network is down. */
@Component
class DatabaseRdapCache implements RdapCache {

    private final JdbcClient jdbc;

    DatabaseRdapCache(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public Optional<CachedRdap> get(String key) {
        return jdbc.sql("select response, fetched_at from rdap_cache where cache_key = ?").param(key)
                .query((rs, n) -> new CachedRdap(rs.getString(1), rs.getTimestamp(2).toInstant())).optional();
    }

    @Override
    public void put(String key, String json, Instant fetchedAt) {
        jdbc.sql("insert into rdap_cache (cache_key, response, fetched_at) values (?, ?, ?) on conflict (cache_key) "
                        + "do update set response = excluded.response, fetched_at = excluded.fetched_at")
                .params(key, json, Timestamp.from(fetchedAt)).update();
    }
}
