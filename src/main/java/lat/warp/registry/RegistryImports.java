package lat.warp.registry;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import lat.warp.access.AccessControl;
import lat.warp.audit.AuditAction;
import lat.warp.audit.AuditTrail;
import lat.warp.registry.internal.DelegatedImporter;
import lat.warp.registry.internal.ImportArchive;
import lat.warp.registry.internal.ImportHistory;
import lat.warp.registry.internal.RosterImporter;
import lat.warp.registry.internal.RoutingImporter;
import lat.warp.shared.Actor;
import lat.warp.shared.NotFoundException;
import lat.warp.shared.Permission;
import org.springframework.stereotype.Service;

/**
 * Importing registry data. Each import keeps the raw file first, is idempotent, and ends with a
 * report in the import history; a refused file changes nothing, so the index in service stays as it was.
 */
@Service
public class RegistryImports {

    private final AccessControl access;
    private final AuditTrail audit;
    private final ImportArchive archive;
    private final DelegatedImporter delegated;
    private final RoutingImporter routing;
    private final ImportHistory history;
    private final RosterImporter roster;

    public RegistryImports(AccessControl access, AuditTrail audit, ImportArchive archive, DelegatedImporter delegated,
            RoutingImporter routing, RosterImporter roster, ImportHistory history) {
        this.roster = roster;
        this.access = access;
        this.audit = audit;
        this.archive = archive;
        this.delegated = delegated;
        this.routing = routing;
        this.history = history;
    }

    /** An NRO extended delegated-statistics file of any RIR, plain or gzipped. */
    public ImportReport importDelegated(String sourceName, InputStream file) {
        Actor actor = access.require(Permission.REGISTRY_IMPORT, "import delegated statistics");
        Path kept = keep("delegated", sourceName, file);
        ImportReport report = delegated.apply(sourceName, kept, actor);
        audited(report);
        return report;
    }

    /** A prefix → origin AS table in pyasn format; replaces the routing table whole. */
    public ImportReport importRoutes(String sourceName, InputStream file) {
        Actor actor = access.require(Permission.REGISTRY_IMPORT, "import a routing table");
        Path kept = keep("routes", sourceName, file);
        ImportReport report = routing.applyRoutes(sourceName, kept, actor);
        audited(report);
        return report;
    }

    /** AS names (pyasn's asnames.json); replaces the names whole. */
    public ImportReport importAsNames(String sourceName, InputStream file) {
        Actor actor = access.require(Permission.REGISTRY_IMPORT, "import AS names");
        Path kept = keep("asnames", sourceName, file);
        ImportReport report = routing.applyAsNames(sourceName, kept, actor);
        audited(report);
        return report;
    }

    /** The member roster, as JSON or CSV (docs/registry-roster-format.md). */
    public ImportReport importRoster(String sourceName, InputStream file, boolean json) {
        Actor actor = access.require(Permission.REGISTRY_IMPORT, "import the member roster");
        Path kept = keep("roster", sourceName, file);
        ImportReport report = roster.apply(sourceName, kept, json, actor);
        audited(report);
        return report;
    }

    public List<ImportReport> history(int limit) {
        access.require(Permission.REGISTRY_IMPORT, "read the import history");
        return history.latest(Math.max(1, Math.min(limit, 200)));
    }

    /** One import's report, by the id its import returned. */
    public ImportReport report(String id) {
        access.require(Permission.REGISTRY_IMPORT, "read the import history");
        UUID parsed;
        try {
            parsed = UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw new NotFoundException("No such import.");
        }
        return history.find(parsed).orElseThrow(() -> new NotFoundException("No such import."));
    }

    private Path keep(String kind, String sourceName, InputStream file) {
        try {
            return archive.keep(kind, sourceName, file);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not keep the uploaded file", e);
        }
    }

    private void audited(ImportReport report) {
        audit.entry(AuditAction.REGISTRY_IMPORTED).object("registry-import", report.id())
                .detail("kind", report.kind()).detail("source", report.sourceName()).detail("outcome", report.outcome())
                .detail("added", report.added()).detail("changed", report.changed()).detail("removed", report.removed())
                .detail("rejected", report.rejected()).success();
    }
}
