package lat.warp.registry.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Date;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import lat.warp.registry.ImportReport;
import lat.warp.registry.IpPrefix;
import lat.warp.registry.RegistryChanged;
import lat.warp.registry.internal.imports.DelegatedFile;
import lat.warp.registry.internal.imports.DelegatedRecord;
import lat.warp.registry.internal.imports.DelegatedStatsParser;
import lat.warp.shared.Actor;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Applies an NRO extended delegated-statistics file to the registry: every allocated, assigned,
 * reserved and available block of the file, with its holder, and nothing else of that registry's
 * delegated rows. Idempotent: the same file twice changes nothing.
 *
 * <p>A file's opaque ids group one holder's resources within that file only, so holders are matched
 * to organisations by what they held before (the member roster, once imported, sets that): each
 * group goes to the organisation holding most of its resources, each organisation to at most one
 * group, largest overlap first. A group left over is a new holder, or the receiving side of a
 * transfer, and gets an organisation of its own; its resources then show as changed.
 */
@Component
public class DelegatedImporter {

    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final ImportHistory history;
    private final PostgresCopy copy;
    private final ApplicationEventPublisher events;

    DelegatedImporter(JdbcClient jdbc, TransactionTemplate tx, ImportHistory history, PostgresCopy copy,
            ApplicationEventPublisher events) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.history = history;
        this.copy = copy;
        this.events = events;
    }

    public ImportReport apply(String sourceName, Path file, Actor actor) {
        Instant started = Instant.now();
        DelegatedFile parsed;
        try (InputStream in = Files.newInputStream(file)) {
            parsed = new DelegatedStatsParser().parse(in);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read the kept file " + file, e);
        }
        if (!parsed.acceptable()) {
            List<ImportReport.Problem> problems = parsed.problems().stream()
                    .map(p -> new ImportReport.Problem(p.line(), p.reason())).toList();
            ImportReport refused = new ImportReport(UUID.randomUUID().toString(), "DELEGATED", sourceName, "REFUSED",
                    0, 0, 0, problems.size(), problems, details(parsed, 0), started, Instant.now(), actor.label());
            tx.executeWithoutResult(s -> history.record(refused, file.toString()));
            return refused;
        }
        return tx.execute(status -> applyInTransaction(sourceName, file, parsed, actor, started));
    }

    /** One row as the file wants it, or as the table has it. */
    private record Row(@Nullable Long id, @Nullable UUID organisation, String status, @Nullable String country,
            @Nullable LocalDate registeredOn, String registry, String source, @Nullable String holderRef,
            long lastAsn) {

        boolean sameAs(Row other) {
            return Objects.equals(organisation, other.organisation) && status.equals(other.status)
                    && Objects.equals(country, other.country) && Objects.equals(registeredOn, other.registeredOn)
                    && registry.equals(other.registry) && lastAsn == other.lastAsn;
        }
    }

    private ImportReport applyInTransaction(String sourceName, Path file, DelegatedFile parsed, Actor actor,
            Instant started) {
        // Imports of the registry run one at a time, so that two uploads never interleave their diffs.
        jdbc.sql("select pg_advisory_xact_lock(hashtext('registry-import'))").query(Object.class).list();
        String registry = parsed.header().registry().toLowerCase(Locale.ROOT);

        Map<IpPrefix, Row> existingPrefixes = new HashMap<>();
        jdbc.sql("select id, prefix::text, organisation_id, status, country, registered_on, registry, source, holder_ref "
                        + "from ip_resources")
                .query(rs -> {
                    existingPrefixes.put(IpPrefix.parse(rs.getString(2)), new Row(rs.getLong(1),
                            rs.getObject(3, UUID.class), rs.getString(4), rs.getString(5), date(rs.getDate(6)),
                            rs.getString(7), rs.getString(8), rs.getString(9), -1));
                });
        Map<Long, Row> existingAsns = new HashMap<>();
        jdbc.sql("select id, first_asn, last_asn, organisation_id, status, country, registered_on, registry, source, "
                        + "holder_ref from asn_resources")
                .query(rs -> {
                    existingAsns.put(rs.getLong(2), new Row(rs.getLong(1), rs.getObject(4, UUID.class),
                            rs.getString(5), rs.getString(6), date(rs.getDate(7)), rs.getString(8), rs.getString(9),
                            rs.getString(10), rs.getLong(3)));
                });

        Holders matched = matchHolders(parsed, registry, existingPrefixes, existingAsns);
        Map<String, UUID> holders = matched.byOpaqueId();
        int createdHolders = matched.created();

        Map<IpPrefix, Row> wantedPrefixes = new LinkedHashMap<>();
        Map<Long, Row> wantedAsns = new LinkedHashMap<>();
        for (DelegatedRecord record : parsed.records()) {
            UUID holder = record.status().held() ? holders.get(record.opaqueId()) : null;
            String country = country(record.cc());
            String opaque = record.opaqueId().isEmpty() ? null : record.opaqueId();
            if (record.type() == DelegatedRecord.ResourceType.ASN) {
                wantedAsns.put(record.asnFirst(), new Row(null, holder, record.status().name(), country, record.date(),
                        registry, "delegated", opaque, record.asnLast()));
            } else {
                for (IpPrefix prefix : record.prefixes()) {
                    wantedPrefixes.put(prefix, new Row(null, holder, record.status().name(), country, record.date(),
                            registry, "delegated", opaque, -1));
                }
            }
        }

        Diff<IpPrefix> prefixes = diff(wantedPrefixes, existingPrefixes, registry);
        Diff<Long> asns = diff(wantedAsns, existingAsns, registry);

        deleteRows("ip_resources", prefixes.removed);
        deleteRows("asn_resources", asns.removed);
        updatePrefixes(prefixes.changed);
        updateAsns(asns.changed);
        copy.copyIn("ip_resources (prefix, organisation_id, status, country, registered_on, registry, source, holder_ref)",
                prefixes.added.entrySet().stream().map(e -> new Object[] {e.getKey().toString(),
                        e.getValue().organisation(), e.getValue().status(), e.getValue().country(),
                        e.getValue().registeredOn(), e.getValue().registry(), "delegated", e.getValue().holderRef()})
                        .toList());
        copy.copyIn("asn_resources (first_asn, last_asn, organisation_id, status, country, registered_on, registry, source, "
                        + "holder_ref)",
                asns.added.entrySet().stream().map(e -> new Object[] {e.getKey(), e.getValue().lastAsn(),
                        e.getValue().organisation(), e.getValue().status(), e.getValue().country(),
                        e.getValue().registeredOn(), e.getValue().registry(), "delegated", e.getValue().holderRef()})
                        .toList());

        int added = prefixes.added.size() + asns.added.size();
        int changed = prefixes.changed.size() + asns.changed.size();
        int removed = prefixes.removed.size() + asns.removed.size();
        Map<String, Object> details = details(parsed, createdHolders);
        details.put("prefixes", wantedPrefixes.size());
        details.put("asnRanges", wantedAsns.size());
        String outcome = added + changed + removed > 0 ? "APPLIED" : "UNCHANGED";
        ImportReport report = new ImportReport(UUID.randomUUID().toString(), "DELEGATED", sourceName, outcome, added,
                changed, removed, 0, List.of(), details, started, Instant.now(), actor.label());
        history.record(report, file.toString());
        if (!"UNCHANGED".equals(outcome) || createdHolders > 0) {
            events.publishEvent(new RegistryChanged("delegated import " + sourceName));
        }
        return report;
    }

    /** Opaque id → organisation, and how many organisations were created for holders not seen before. */
    private record Holders(Map<String, UUID> byOpaqueId, int created) {
    }

    private Holders matchHolders(DelegatedFile parsed, String registry, Map<IpPrefix, Row> prefixes,
            Map<Long, Row> asns) {
        Map<String, Map<UUID, Integer>> overlap = new HashMap<>();
        Map<String, String> countryOf = new HashMap<>();
        for (DelegatedRecord record : parsed.records()) {
            if (!record.status().held() || record.opaqueId().isEmpty()) {
                continue;
            }
            countryOf.putIfAbsent(record.opaqueId(), country(record.cc()));
            Map<UUID, Integer> counts = overlap.computeIfAbsent(record.opaqueId(), k -> new HashMap<>());
            if (record.type() == DelegatedRecord.ResourceType.ASN) {
                Row row = asns.get(record.asnFirst());
                if (row != null && row.organisation() != null) {
                    counts.merge(row.organisation(), 1, Integer::sum);
                }
            } else {
                for (IpPrefix prefix : record.prefixes()) {
                    Row row = prefixes.get(prefix);
                    if (row != null && row.organisation() != null) {
                        counts.merge(row.organisation(), 1, Integer::sum);
                    }
                }
            }
        }
        record Candidate(String opaqueId, UUID organisation, int count) {
        }
        List<Candidate> candidates = new ArrayList<>();
        overlap.forEach((opaque, counts) -> counts.forEach((org, n) -> candidates.add(new Candidate(opaque, org, n))));
        candidates.sort(Comparator.comparingInt(Candidate::count).reversed().thenComparing(Candidate::opaqueId)
                .thenComparing(c -> c.organisation().toString()));
        Map<String, UUID> matched = new HashMap<>();
        Set<UUID> taken = new HashSet<>();
        for (Candidate c : candidates) {
            if (!matched.containsKey(c.opaqueId()) && taken.add(c.organisation())) {
                matched.put(c.opaqueId(), c.organisation());
            }
        }
        List<Object[]> newOrganisations = new ArrayList<>();
        Set<String> names = new HashSet<>(jdbc.sql("select lower(name) from organisations").query(String.class).list());
        String serial = parsed.header().serial();
        for (String opaque : overlap.keySet().stream().sorted().toList()) {
            if (matched.containsKey(opaque)) {
                continue;
            }
            UUID id = UUID.randomUUID();
            String name = registry.toUpperCase(Locale.ROOT) + " holder " + opaque;
            if (names.contains(name.toLowerCase(Locale.ROOT))) {
                name = name + " (" + serial + ")";
            }
            names.add(name.toLowerCase(Locale.ROOT));
            String country = countryOf.get(opaque);
            newOrganisations.add(new Object[] {id, name, "MEMBER", country == null ? "ZZ" : country, null, false});
            matched.put(opaque, id);
        }
        copy.copyIn("organisations (id, name, kind, country, sector, require_two_factor)", newOrganisations);
        return new Holders(matched, newOrganisations.size());
    }

    /** What to add, change and remove for one kind of resource. */
    private record Diff<K>(Map<K, Row> added, Map<Long, Row> changed, List<Long> removed) {
    }

    private static <K> Diff<K> diff(Map<K, Row> wanted, Map<K, Row> existing, String registry) {
        Map<K, Row> added = new LinkedHashMap<>();
        Map<Long, Row> changed = new LinkedHashMap<>();
        for (Map.Entry<K, Row> e : wanted.entrySet()) {
            Row before = existing.get(e.getKey());
            if (before == null) {
                added.put(e.getKey(), e.getValue());
            } else if (!before.sameAs(e.getValue()) || !"delegated".equals(before.source())) {
                changed.put(before.id(), e.getValue());
            }
        }
        List<Long> removed = new ArrayList<>();
        existing.forEach((key, row) -> {
            if ("delegated".equals(row.source()) && registry.equals(row.registry()) && !wanted.containsKey(key)) {
                removed.add(row.id());
            }
        });
        return new Diff<>(added, changed, removed);
    }

    private void deleteRows(String table, List<Long> ids) {
        if (!ids.isEmpty()) {
            jdbc.sql("delete from " + table + " where id = any(?)").param(ids.toArray(Long[]::new)).update();
        }
    }

    private void updatePrefixes(Map<Long, Row> changed) {
        changed.forEach((id, row) -> jdbc.sql("""
                update ip_resources set organisation_id = ?, status = ?, country = ?, registered_on = ?, registry = ?,
                    source = 'delegated', holder_ref = ?, updated_at = now() where id = ?""")
                .params(row.organisation(), row.status(), row.country(), sqlDate(row.registeredOn()), row.registry(),
                        row.holderRef(), id)
                .update());
    }

    private void updateAsns(Map<Long, Row> changed) {
        changed.forEach((id, row) -> jdbc.sql("""
                update asn_resources set last_asn = ?, organisation_id = ?, status = ?, country = ?, registered_on = ?,
                    registry = ?, source = 'delegated', holder_ref = ?, updated_at = now() where id = ?""")
                .params(row.lastAsn(), row.organisation(), row.status(), row.country(), sqlDate(row.registeredOn()),
                        row.registry(), row.holderRef(), id)
                .update());
    }

    private static Map<String, Object> details(DelegatedFile parsed, int holdersCreated) {
        Map<String, Object> details = new LinkedHashMap<>();
        if (parsed.header() != null) {
            details.put("registry", parsed.header().registry());
            details.put("serial", parsed.header().serial());
            details.put("declaredRecords", parsed.header().records());
        }
        details.put("records", parsed.records().size());
        details.put("summary", new LinkedHashMap<>(parsed.summaryCounts()));
        Map<String, Integer> byType = new LinkedHashMap<>();
        for (DelegatedRecord r : parsed.records()) {
            byType.merge(r.type().token(), 1, Integer::sum);
        }
        details.put("recordsByType", byType);
        details.put("holdersCreated", holdersCreated);
        return details;
    }

    private static @Nullable String country(String cc) {
        String c = cc == null ? "" : cc.strip().toUpperCase(Locale.ROOT);
        return c.length() == 2 && !c.equals("ZZ") && c.chars().allMatch(ch -> ch >= 'A' && ch <= 'Z') ? c : null;
    }

    private static @Nullable LocalDate date(java.sql.@Nullable Date d) {
        return d == null ? null : d.toLocalDate();
    }

    private static @Nullable Date sqlDate(@Nullable LocalDate d) {
        return d == null ? null : Date.valueOf(d);
    }
}
