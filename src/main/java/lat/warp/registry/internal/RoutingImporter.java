package lat.warp.registry.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import lat.warp.registry.ImportReport;
import lat.warp.registry.RegistryChanged;
import lat.warp.registry.internal.imports.AsNamesParser;
import lat.warp.registry.internal.imports.LineProblem;
import lat.warp.registry.internal.imports.RouteTableParser;
import lat.warp.shared.Actor;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Replaces the routing table (prefix → origin AS) or the AS names whole, streaming the file through
 * COPY. A file with any bad line is refused and the previous table stays.
 */
@Component
public class RoutingImporter {

    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final PostgresCopy copy;
    private final ImportHistory history;
    private final ApplicationEventPublisher events;
    private final TransactionTemplate separateTx;

    RoutingImporter(JdbcClient jdbc, TransactionTemplate tx, PostgresCopy copy, ImportHistory history,
            ApplicationEventPublisher events) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.separateTx = new TransactionTemplate(tx.getTransactionManager());
        this.separateTx.setPropagationBehavior(org.springframework.transaction.TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.copy = copy;
        this.history = history;
        this.events = events;
    }

    public ImportReport applyRoutes(String sourceName, Path file, Actor actor) {
        Instant started = Instant.now();
        // The table is loaded into a staging table first, so that a refused file leaves the old one in place.
        return tx.execute(status -> {
            jdbc.sql("select pg_advisory_xact_lock(hashtext('registry-import'))").query(Object.class).list();
            long before = jdbc.sql("select count(*) from route_origins").query(Long.class).single();
            jdbc.sql("create temporary table staged_routes (prefix cidr, asn bigint) on commit drop").update();
            PostgresCopy.Batch batch = copy.batch("staged_routes (prefix, asn)");
            RouteTableParser.Result result;
            try (InputStream in = Files.newInputStream(file)) {
                result = new RouteTableParser().parse(in, (prefix, asn) -> batch.add(prefix.toString(), asn));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            batch.finish();
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("ipv4Prefixes", result.ipv4Prefixes());
            details.put("ipv6Prefixes", result.ipv6Prefixes());
            if (!result.acceptable()) {
                status.setRollbackOnly();
                return refused("ROUTES", sourceName, file, result.problems(), details, started, actor);
            }
            jdbc.sql("delete from route_origins").update();
            // A table may list a prefix twice (several origins): the last line wins, as in the index.
            int added = jdbc.sql("insert into route_origins (prefix, asn) select distinct on (prefix) prefix, asn "
                    + "from staged_routes order by prefix").update();
            ImportReport report = new ImportReport(UUID.randomUUID().toString(), "ROUTES", sourceName, "APPLIED",
                    added, 0, (int) before, 0, List.of(), details, started, Instant.now(), actor.label());
            history.record(report, file.toString());
            events.publishEvent(new RegistryChanged("routing table " + sourceName));
            return report;
        });
    }

    public ImportReport applyAsNames(String sourceName, Path file, Actor actor) {
        Instant started = Instant.now();
        return tx.execute(status -> {
            jdbc.sql("select pg_advisory_xact_lock(hashtext('registry-import'))").query(Object.class).list();
            long before = jdbc.sql("select count(*) from as_names").query(Long.class).single();
            jdbc.sql("create temporary table staged_as_names (asn bigint, name text, country text) on commit drop")
                    .update();
            PostgresCopy.Batch batch = copy.batch("staged_as_names (asn, name, country)");
            AsNamesParser.Result result;
            try (InputStream in = Files.newInputStream(file)) {
                result = new AsNamesParser().parse(in, (asn, name, country) -> batch.add(asn, name,
                        country != null && country.length() == 2 ? country : null));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            batch.finish();
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("entries", result.entries());
            if (!result.acceptable()) {
                status.setRollbackOnly();
                return refused("AS_NAMES", sourceName, file, result.problems(), details, started, actor);
            }
            jdbc.sql("delete from as_names").update();
            int added = jdbc.sql("insert into as_names (asn, name, country) select distinct on (asn) asn, name, country "
                    + "from staged_as_names order by asn").update();
            ImportReport report = new ImportReport(UUID.randomUUID().toString(), "AS_NAMES", sourceName, "APPLIED",
                    added, 0, (int) before, 0, List.of(), details, started, Instant.now(), actor.label());
            history.record(report, file.toString());
            events.publishEvent(new RegistryChanged("AS names " + sourceName));
            return report;
        });
    }

    private ImportReport refused(String kind, String sourceName, Path file, List<LineProblem> problems,
            Map<String, Object> details, Instant started, Actor actor) {
        List<ImportReport.Problem> listed = problems.stream()
                .map(p -> new ImportReport.Problem(p.line(), p.reason())).toList();
        ImportReport report = new ImportReport(UUID.randomUUID().toString(), kind, sourceName, "REFUSED", 0, 0, 0,
                listed.size(), listed, details, started, Instant.now(), actor.label());
        // Recorded outside the rolled-back transaction, so that the refusal stays in the history.
        separateTx.executeWithoutResult(s -> history.record(report, file.toString()));
        return report;
    }
}
