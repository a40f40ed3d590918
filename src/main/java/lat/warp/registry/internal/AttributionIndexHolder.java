package lat.warp.registry.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import lat.warp.registry.AttributionResult;
import lat.warp.registry.IpPrefix;
import lat.warp.registry.RegistryChanged;
import lat.warp.registry.internal.index.PrefixIndex;
import lat.warp.registry.internal.index.RirTable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Holds the current attribution snapshot. Rebuilds it from the database on start and after every
 * registry change, on a background thread, and swaps it in atomically; requests arriving during a
 * rebuild coalesce into one more rebuild.
 */
@Component
public class AttributionIndexHolder {

    private static final Logger log = LoggerFactory.getLogger(AttributionIndexHolder.class);

    private final JdbcClient jdbc;
    private final RirTable rirs = RirTable.load();
    private final String regionRegistry;
    private final AtomicReference<AttributionSnapshot> current;
    private final AtomicLong generations = new AtomicLong();
    private final AtomicBoolean rebuildRequested = new AtomicBoolean();
    private final ExecutorService builder = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "attribution-index");
        t.setDaemon(true);
        return t;
    });

    AttributionIndexHolder(JdbcClient jdbc, @Value("${warp.registry.region:lacnic}") String regionRegistry) {
        this.jdbc = jdbc;
        this.regionRegistry = regionRegistry;
        this.current = new AtomicReference<>(empty());
    }

    public AttributionSnapshot current() {
        return current.get();
    }

    @EventListener(ApplicationReadyEvent.class)
    void buildAtStart() {
        rebuildNow();
    }

    @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT, fallbackExecution = true)
    void on(RegistryChanged event) {
        requestRebuild();
    }

    /** Asks for a rebuild in the background; several requests while one runs make one more. */
    public void requestRebuild() {
        if (rebuildRequested.compareAndSet(false, true)) {
            builder.execute(() -> {
                rebuildRequested.set(false);
                try {
                    rebuildNow();
                } catch (RuntimeException e) {
                    log.error("Attribution index rebuild failed; the previous index stays in service", e);
                }
            });
        }
    }

    /** Builds a snapshot from the database and swaps it in; returns it. */
    public synchronized AttributionSnapshot rebuildNow() {
        long started = System.nanoTime();
        AttributionSnapshot snapshot = load();
        current.set(snapshot);
        log.info("Attribution index generation {} built in {} ms: {} registry prefixes, {} routes, ~{} MB",
                snapshot.generation(), (System.nanoTime() - started) / 1_000_000, snapshot.resourceCount(),
                snapshot.routeCount(), snapshot.estimatedBytes() / (1024 * 1024));
        return snapshot;
    }

    private AttributionSnapshot load() {
        Map<UUID, Integer> holderIndex = new HashMap<>();
        List<AttributionSnapshot.Holder> holders = new ArrayList<>();
        Map<UUID, List<AttributionResult.AbuseContact>> contacts = new HashMap<>();
        jdbc.sql("select organisation_id, email, phone, language, source from contacts where role = 'ABUSE' "
                        + "order by organisation_id, created_at")
                .query(rs -> {
                    contacts.computeIfAbsent(rs.getObject(1, UUID.class), k -> new ArrayList<>())
                            .add(new AttributionResult.AbuseContact(rs.getString(2), rs.getString(3), rs.getString(4),
                                    rs.getString(5).toLowerCase(java.util.Locale.ROOT)));
                });
        jdbc.sql("select distinct o.id, o.name, o.country from organisations o join ip_resources r on r.organisation_id = o.id")
                .query(rs -> {
                    UUID id = rs.getObject(1, UUID.class);
                    holderIndex.put(id, holders.size());
                    holders.add(new AttributionSnapshot.Holder(
                            new AttributionResult.Holder(id.toString(), rs.getString(2), rs.getString(3)), id,
                            List.copyOf(contacts.getOrDefault(id, List.of()))));
                });

        List<AttributionSnapshot.Resource> resources = new ArrayList<>();
        PrefixIndex.Builder resourceIndex = PrefixIndex.builder();
        jdbc.sql("select " + PREFIX_COLUMNS + ", status, country, registry, organisation_id from ip_resources")
                .query(rs -> {
                    IpPrefix prefix = prefix(rs);
                    UUID holder = rs.getObject(7, UUID.class);
                    resourceIndex.add(prefix, resources.size());
                    resources.add(new AttributionSnapshot.Resource(prefix, rs.getString(4), rs.getString(5),
                            rs.getString(6), holder == null ? -1 : holderIndex.get(holder)));
                });

        List<IpPrefix> routes = new ArrayList<>();
        List<Long> asns = new ArrayList<>();
        PrefixIndex.Builder routeIndex = PrefixIndex.builder();
        jdbc.sql("select " + PREFIX_COLUMNS + ", asn from route_origins").query(rs -> {
            IpPrefix prefix = prefix(rs);
            routeIndex.add(prefix, routes.size());
            routes.add(prefix);
            asns.add(rs.getLong(4));
        });
        Map<Long, String> asNames = new HashMap<>();
        jdbc.sql("select asn, name from as_names").query(rs -> {
            asNames.put(rs.getLong(1), rs.getString(2));
        });
        return new AttributionSnapshot(resourceIndex.build(), resources.toArray(AttributionSnapshot.Resource[]::new),
                holders.toArray(AttributionSnapshot.Holder[]::new), routeIndex.build(), routes.toArray(IpPrefix[]::new),
                asns.stream().mapToLong(Long::longValue).toArray(), asNames, rirs, regionRegistry,
                generations.incrementAndGet());
    }

    /**
     * An IPv4 prefix comes as a number (its distance from 0.0.0.0) and its length, so that the hundreds
     * of thousands of routes need no text parsing; IPv6 comes as text.
     */
    private static final String PREFIX_COLUMNS = "case when family(prefix) = 4 then prefix - '0.0.0.0'::inet end, "
            + "masklen(prefix), case when family(prefix) = 6 then prefix::text end";

    private static IpPrefix prefix(java.sql.ResultSet rs) throws java.sql.SQLException {
        long v4 = rs.getLong(1);
        return rs.wasNull() ? IpPrefix.parse(rs.getString(3)) : IpPrefix.v4(v4, rs.getInt(2));
    }

    private AttributionSnapshot empty() {
        return new AttributionSnapshot(PrefixIndex.builder().build(), new AttributionSnapshot.Resource[0],
                new AttributionSnapshot.Holder[0], PrefixIndex.builder().build(), new IpPrefix[0], new long[0],
                Map.of(), rirs, regionRegistry, 0);
    }
}
