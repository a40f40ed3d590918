package lat.warp.events;

import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.Set;
import lat.warp.access.AccessControl;
import lat.warp.audit.AuditAction;
import lat.warp.audit.AuditTrail;
import lat.warp.events.internal.EventRawReader;
import lat.warp.events.internal.EventRows;
import lat.warp.events.internal.ExtraLayouts;
import lat.warp.registry.IpPrefix;
import lat.warp.shared.Actor;
import lat.warp.shared.InvalidInputException;
import lat.warp.shared.Permission;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Reads stored events with the access model of ADR 0011 (docs/adr): analysts ({@code EVENT_SEARCH_ALL}) search all;
 * members and CSIRTs ({@code EVENT_READ_OWN}) see the events <em>inside</em> their own networks and the
 * shared <em>threats</em> (TLP:CLEAR and TLP:GREEN events of the {@link #THREAT_CLASSES}). Pages are keyset
 * on (time.source, id), newest first, and streamed: no page is held in memory.
 */
@Service
public class EventSearch {

    public static final Duration MAX_WINDOW = Duration.ofDays(31);
    public static final int MAX_LIMIT = 10_000;
    /** The largest page that may ask for {@code raw}: each is read back from the archived files. */
    public static final int MAX_RAW_LIMIT = 250;

    /** The TLPs whose events of the {@link #THREAT_CLASSES} every member sees. */
    private static final Set<Tlp> SHARED_TLPS = java.util.EnumSet.of(Tlp.CLEAR, Tlp.GREEN);

    /**
     * RSIT classes whose TLP:CLEAR and TLP:GREEN events every member sees: indicators others can defend
     * with (malware, C2 and phishing sites, spam, scanners and attack sources), never the findings about
     * one victim's systems (vulnerable, intrusions, availability, information security).
     */
    public static final Set<String> THREAT_CLASSES = Set.of("malicious-code", "fraud", "abusive-content",
            "information-gathering", "intrusion-attempts");

    /**
     * The shared threats as SQL, with literal values: the same text as each partition's partial threats index
     * (EventPartitions.LEAF_INDEXES), so that the planner can use it.
     */
    public static final String THREATS = "(tlp in (" + quoted(SHARED_TLPS.stream().map(Tlp::label).toList())
            + ") and classification_taxonomy in (" + quoted(THREAT_CLASSES) + "))";

    /** Whether an event of this TLP and class is a shared threat: {@link #THREATS} in Java, for the writer. */
    public static boolean isThreat(@Nullable Tlp tlp, String taxonomy) {
        return tlp != null && SHARED_TLPS.contains(tlp) && THREAT_CLASSES.contains(taxonomy);
    }

    private static String quoted(java.util.Collection<String> values) {
        return String.join(", ", values.stream().map(c -> "'" + c + "'").sorted().toList());
    }

    private final AccessControl access;
    private final AuditTrail audit;
    private final JdbcClient jdbc;
    private final TransactionTemplate snapshot;
    private final EventRawReader rawReader;

    private final ExtraLayouts layouts;

    EventSearch(AccessControl access, AuditTrail audit, JdbcClient jdbc, PlatformTransactionManager transactions,
            EventRawReader rawReader, ExtraLayouts layouts) {
        this.access = access;
        this.layouts = layouts;
        this.rawReader = rawReader;
        this.audit = audit;
        this.jdbc = jdbc;
        this.snapshot = new TransactionTemplate(transactions);
        // One snapshot for the page's boundary and its rows, so that the cursor matches what was sent.
        snapshot.setIsolationLevel(TransactionDefinition.ISOLATION_REPEATABLE_READ);
        snapshot.setReadOnly(true);
    }

    /** Receives a page: first the cursor of the next page (null on the last), then the events in order. */
    public interface PageListener {
        void start(@Nullable String next);

        void event(Event event);

        /**
         * Instead of {@link #event}: writes the event as IntelMQ's flat JSON object ({@link Event#toIntelMq()})
         * to this generator straight from the row, without building the event (a page of 1,000 is ~1.6 MB).
         */
        default tools.jackson.core.@Nullable JsonGenerator intelMqJson() {
            return null;
        }

        /**
         * With {@code raw} asked for, before {@link #start}: how many events of the page have no raw (their
         * archived file is gone or no longer holds their row) and why, when any.
         */
        default void rawMissing(int count, @Nullable String problem) {
        }
    }

    public void search(EventQuery query, PageListener listener) {
        search(query, false, listener);
    }

    /**
     * A page, with each event's {@code raw} read back from its job's archived file when {@code raw} is asked
     * for (pages of at most {@link #MAX_RAW_LIMIT}; null for an event whose file or row is no longer kept).
     */
    public void search(EventQuery query, boolean raw, PageListener listener) {
        Actor actor = access.requireAny("read security events", Permission.EVENT_SEARCH_ALL, Permission.EVENT_READ_OWN);
        Instant max = query.timeMax() == null ? Instant.now() : query.timeMax();
        if (query.timeMin() == null) {
            throw new InvalidInputException("time.min", "time.min is required.");
        }
        if (!max.isAfter(query.timeMin())) {
            throw new InvalidInputException("time.max", "time.max must be after time.min.");
        }
        if (Duration.between(query.timeMin(), max).compareTo(MAX_WINDOW) > 0) {
            throw new InvalidInputException("time.min", "The time window may be at most " + MAX_WINDOW.toDays()
                    + " days; page through longer periods window by window.");
        }
        if (query.limit() < 1 || query.limit() > MAX_LIMIT) {
            throw new InvalidInputException("limit", "limit must be between 1 and " + MAX_LIMIT + ".");
        }
        if (raw && query.limit() > MAX_RAW_LIMIT) {
            throw new InvalidInputException("limit", "With raw=true, limit may be at most " + MAX_RAW_LIMIT + ".");
        }

        StringBuilder where = new StringBuilder("time_source >= ? and time_source < ? and day between ? and ?");
        List<Object> params = new ArrayList<>(List.of(Timestamp.from(query.timeMin()), Timestamp.from(max),
                LocalDate.ofInstant(query.timeMin(), ZoneOffset.UTC), LocalDate.ofInstant(max, ZoneOffset.UTC)));
        if (query.type() != null && !query.type().isBlank()) {
            where.append(" and classification_type = ?");
            params.add(query.type().strip());
        }
        if (query.sourceIp() != null && !query.sourceIp().isBlank()) {
            IpPrefix prefix;
            try {
                prefix = IpPrefix.parse(query.sourceIp());
            } catch (InvalidInputException e) {
                throw new InvalidInputException("source.ip", "source.ip must be an address or a prefix.");
            }
            where.append(" and source_ip <<= cast(? as inet)");
            params.add(prefix.toString());
        }
        if (query.sourceAsn() != null) {
            where.append(" and source_asn = ?");
            params.add(query.sourceAsn());
        }
        if (query.feedName() != null && !query.feedName().isBlank()) {
            where.append(" and feed_name = ?");
            params.add(query.feedName().strip());
        }
        if (query.cursor() != null && !query.cursor().isBlank()) {
            Cursor c = Cursor.decode(query.cursor());
            where.append(" and (time_source, id) < (?, ?)");
            params.add(Timestamp.from(c.timeSource()));
            params.add(c.id());
        }
        String scope;
        // What the page is read from: the events table with a where clause, or, for a member, the union of
        // its own events and the shared threats.
        String from;
        List<Object> fromParams = new ArrayList<>();
        if (actor.has(Permission.EVENT_SEARCH_ALL)) {
            scope = "all";
            from = "events where " + where;
            fromParams.addAll(params);
        } else if (actor.organisation() == null) {
            // A user of no organisation sees only the threats.
            scope = "inside+threats";
            from = "events where " + where + " and " + THREATS;
            fromParams.addAll(params);
        } else {
            // Inside (own networks) or a shared threat. Two branches, each newest first from its own index
            // (each partition's holder and threats indexes) and cut at the page's size plus one, rather than one
            // scan of the window with "holder or threat" as a filter, which reads every event of the window
            // that is neither when the member has few; the branches never overlap (is distinct from).
            scope = "inside+threats";
            String order = " order by time_source desc, id desc limit ?";
            from = "(select * from (select * from events where " + where + " and holder_id = ?" + order
                    + ") inside union all select * from (select * from events where " + where
                    + " and holder_id is distinct from ? and " + THREATS + order + ") threats) as events";
            Object holder = actor.organisation().value();
            fromParams.addAll(params);
            fromParams.add(holder);
            fromParams.add(query.limit() + 1);
            fromParams.addAll(params);
            fromParams.add(holder);
            fromParams.add(query.limit() + 1);
        }

        // One entry per request, never per row: who searched what, in which scope.
        audit.entry(AuditAction.CONFIDENTIAL_READ).object("events", scope)
                .detail("time.min", query.timeMin()).detail("time.max", max)
                .detail("classification.type", query.type()).detail("source.ip", query.sourceIp())
                .detail("source.asn", query.sourceAsn()).detail("feed.name", query.feedName()).detail("raw", raw ? Boolean.TRUE : null).success();

        String order = " order by time_source desc, id desc";
        snapshot.executeWithoutResult(s -> {
            List<Object> boundaryParams = new ArrayList<>(fromParams);
            boundaryParams.add(query.limit() - 1);
            // The last row of this page and whether one more follows: the next cursor before any row is sent.
            List<Cursor> edge = jdbc.sql("select time_source, id from " + from + order + " offset ? limit 2")
                    .params(boundaryParams)
                    .query((rs, n) -> new Cursor(rs.getTimestamp(1).toInstant(), rs.getLong(2))).list();
            List<Object> pageParams = new ArrayList<>(fromParams);
            pageParams.add(query.limit());
            // With raw: the page's (id, job, line) first, from the same rows (same snapshot and access rules),
            // then each job's archived file read once.
            Map<Long, String> raws = null;
            if (raw) {
                List<EventRawReader.Ref> refs = jdbc.sql("select id, job_id, line from " + from + order + " limit ?")
                        .params(pageParams)
                        .query((rs, n) -> new EventRawReader.Ref(rs.getLong(1), rs.getObject(2, UUID.class),
                                rs.getObject(3) == null ? null : rs.getLong(3))).list();
                EventRawReader.Result read = rawReader.read(refs);
                raws = read.raw();
                listener.rawMissing(read.missing(), read.problem());
            }
            Map<Long, String> rawById = raws;
            listener.start(edge.size() == 2 ? edge.getFirst().encode() : null);
            jdbc.sql("select " + EventRows.SELECT + " from " + from + order + " limit ?")
                    .params(pageParams).query(rs -> {
                        tools.jackson.core.JsonGenerator json = listener.intelMqJson();
                        if (json != null) {
                            EventRows.writeIntelMq(json, rs, layouts, rawById != null, rawById == null ? null : rawById.get(rs.getLong("id")));
                        } else {
                            Event event = EventRows.read(rs, layouts);
                            listener.event(rawById == null ? event : event.toBuilder().raw(rawById.get(rs.getLong("id"))).build());
                        }
                    });
        });
    }

    /** Where a page ends: the (time.source, id) of its last event, opaque to clients. */
    record Cursor(Instant timeSource, long id) {

        String encode() {
            return Base64.getUrlEncoder().withoutPadding()
                    .encodeToString((timeSource + "|" + id).getBytes(StandardCharsets.UTF_8));
        }

        static Cursor decode(String text) {
            try {
                String[] parts = new String(Base64.getUrlDecoder().decode(text.strip()), StandardCharsets.UTF_8).split("\\|");
                return new Cursor(Instant.parse(parts[0]), Long.parseLong(parts[1]));
            } catch (RuntimeException e) {
                throw new InvalidInputException("cursor", "Not a cursor of this API; use the next value of a page.");
            }
        }
    }
}
