package lat.warp.registry.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import lat.warp.registry.ImportReport;
import lat.warp.registry.IpPrefix;
import lat.warp.registry.RegistryChanged;
import lat.warp.registry.internal.imports.MemberRosterParser;
import lat.warp.registry.internal.imports.Roster;
import lat.warp.registry.internal.imports.RosterContact;
import lat.warp.registry.internal.imports.RosterEntry;
import lat.warp.shared.Actor;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Applies the member roster: each member becomes (or updates) the organisation with its member id,
 * its listed resources are attributed to it, and its roster contacts replace the ones the last roster
 * gave (contacts entered by hand stay). Idempotent. Because the roster sets who holds which block,
 * later delegated imports match their opaque-id groups to these organisations.
 */
@Component
public class RosterImporter {

    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final ImportHistory history;
    private final ApplicationEventPublisher events;
    private final String regionRegistry;

    RosterImporter(JdbcClient jdbc, TransactionTemplate tx, ImportHistory history, ApplicationEventPublisher events,
            @Value("${warp.registry.region:lacnic}") String regionRegistry) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.history = history;
        this.events = events;
        this.regionRegistry = regionRegistry;
    }

    public ImportReport apply(String sourceName, Path file, boolean json, Actor actor) {
        Instant started = Instant.now();
        Roster roster;
        try (InputStream in = Files.newInputStream(file)) {
            MemberRosterParser parser = new MemberRosterParser();
            roster = json ? parser.parseJson(in) : parser.parseCsv(in);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read the kept file " + file, e);
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("members", roster.entries().size());
        details.put("format", json ? "json" : "csv");
        if (!roster.acceptable()) {
            List<ImportReport.Problem> problems = roster.problems().stream()
                    .map(p -> new ImportReport.Problem(p.line(), p.reason())).toList();
            ImportReport refused = new ImportReport(UUID.randomUUID().toString(), "ROSTER", sourceName, "REFUSED", 0,
                    0, 0, problems.size(), problems, details, started, Instant.now(), actor.label());
            tx.executeWithoutResult(s -> history.record(refused, file.toString()));
            return refused;
        }
        return tx.execute(status -> {
            jdbc.sql("select pg_advisory_xact_lock(hashtext('registry-import'))").query(Object.class).list();
            Counts counts = new Counts();
            for (RosterEntry entry : roster.entries()) {
                applyMember(entry, counts);
            }
            details.put("organisationsCreated", counts.organisationsCreated);
            details.put("contacts", counts.contacts);
            String outcome = counts.added + counts.changed + counts.removed > 0 ? "APPLIED" : "UNCHANGED";
            ImportReport report = new ImportReport(UUID.randomUUID().toString(), "ROSTER", sourceName, outcome,
                    counts.added, counts.changed, counts.removed, 0, List.of(), details, started, Instant.now(),
                    actor.label());
            history.record(report, file.toString());
            if (!"UNCHANGED".equals(outcome)) {
                events.publishEvent(new RegistryChanged("roster " + sourceName));
            }
            return report;
        });
    }

    private static final class Counts {
        int added;
        int changed;
        int removed;
        int organisationsCreated;
        int contacts;
    }

    private void applyMember(RosterEntry entry, Counts counts) {
        record Existing(UUID id, String name, String country, String sector) {
        }
        Optional<Existing> existing = jdbc.sql("select id, name, country, sector from organisations where member_id = ? "
                        + "union all select id, name, country, sector from organisations "
                        + "where member_id is null and lower(name) = lower(?) and kind = 'MEMBER' limit 1")
                .params(entry.memberId(), entry.name())
                .query((rs, n) -> new Existing(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3),
                        rs.getString(4)))
                .optional();
        UUID organisation;
        if (existing.isEmpty()) {
            organisation = UUID.randomUUID();
            jdbc.sql("insert into organisations (id, name, kind, country, sector, member_id) values (?, ?, 'MEMBER', ?, ?, ?)")
                    .params(organisation, entry.name(), entry.country(), entry.sector(), entry.memberId()).update();
            counts.added++;
            counts.organisationsCreated++;
        } else {
            Existing e = existing.get();
            organisation = e.id();
            boolean differs = !e.name().equals(entry.name()) || !e.country().equals(entry.country())
                    || !java.util.Objects.equals(e.sector(), entry.sector());
            jdbc.sql("update organisations set name = ?, country = ?, sector = ?, member_id = ?, updated_at = now() "
                            + "where id = ?")
                    .params(entry.name(), entry.country(), entry.sector(), entry.memberId(), organisation).update();
            if (differs) {
                counts.changed++;
            }
        }

        Set<String> listed = new HashSet<>();
        for (IpPrefix prefix : entry.prefixes()) {
            listed.add(prefix.toString());
            int updated = jdbc.sql("update ip_resources set organisation_id = ?, updated_at = now() "
                            + "where prefix = ?::cidr and organisation_id is distinct from ?")
                    .params(organisation, prefix.toString(), organisation).update();
            if (updated > 0) {
                counts.changed++;
            } else if (jdbc.sql("insert into ip_resources (prefix, organisation_id, status, country, registry, source) "
                            + "values (?::cidr, ?, 'ALLOCATED', ?, ?, 'roster') on conflict (prefix) do nothing")
                    .params(prefix.toString(), organisation, entry.country(), regionRegistry).update() > 0) {
                counts.added++;
            }
        }
        // Blocks the roster itself once gave this member and no longer lists are gone.
        for (String stale : jdbc.sql("select prefix::text from ip_resources where organisation_id = ? and source = 'roster'")
                .param(organisation).query(String.class).list()) {
            if (!listed.contains(IpPrefix.parse(stale).toString())) {
                counts.removed += jdbc.sql("delete from ip_resources where prefix = ?::cidr and source = 'roster'")
                        .param(stale).update();
            }
        }
        for (long[] range : entry.asnRanges()) {
            int updated = jdbc.sql("update asn_resources set organisation_id = ?, updated_at = now() "
                            + "where first_asn = ? and organisation_id is distinct from ?")
                    .params(organisation, range[0], organisation).update();
            if (updated > 0) {
                counts.changed++;
            } else if (jdbc.sql("insert into asn_resources (first_asn, last_asn, organisation_id, status, country, registry, "
                            + "source) values (?, ?, ?, 'ALLOCATED', ?, ?, 'roster') on conflict (first_asn) do nothing")
                    .params(range[0], range[1], organisation, entry.country(), regionRegistry).update() > 0) {
                counts.added++;
            }
        }
        for (String domain : entry.domains()) {
            int changed = jdbc.sql("insert into domain_resources (domain, organisation_id, source) values (?, ?, 'roster') "
                            + "on conflict (domain) do update set organisation_id = excluded.organisation_id, updated_at = now() "
                            + "where domain_resources.organisation_id is distinct from excluded.organisation_id")
                    .params(domain.toLowerCase(Locale.ROOT), organisation).update();
            counts.added += changed;
        }

        // Roster contacts are replaced as a whole; the count of changes is what differs.
        record Key(String role, String email, String phone, String language, String key) {
        }
        Set<Key> before = new HashSet<>(jdbc.sql("select role, email, phone, language, pgp_key from contacts "
                        + "where organisation_id = ? and source = 'roster'")
                .param(organisation)
                .query((rs, n) -> new Key(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5)))
                .list());
        Set<Key> after = new HashSet<>();
        for (RosterContact c : entry.contacts()) {
            after.add(new Key(c.role().name(), c.email().toLowerCase(Locale.ROOT), c.phone(), c.language(), c.pgpKey()));
        }
        counts.contacts += after.size();
        if (!before.equals(after)) {
            jdbc.sql("delete from contacts where organisation_id = ? and source = 'roster'").param(organisation).update();
            for (Key c : after) {
                jdbc.sql("insert into contacts (id, organisation_id, role, email, phone, language, pgp_key, source) "
                                + "values (?, ?, ?, ?, ?, ?, ?, 'roster')")
                        .params(UUID.randomUUID(), organisation, c.role(), c.email(), c.phone(), c.language(), c.key())
                        .update();
            }
            Set<Key> gone = new HashSet<>(before);
            gone.removeAll(after);
            Set<Key> added = new HashSet<>(after);
            added.removeAll(before);
            counts.removed += gone.size();
            counts.added += added.size();
        }
    }
}
