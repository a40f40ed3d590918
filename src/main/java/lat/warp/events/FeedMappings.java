package lat.warp.events;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import lat.warp.access.AccessControl;
import lat.warp.audit.AuditAction;
import lat.warp.audit.AuditTrail;
import lat.warp.events.internal.FeedMappingStore;
import lat.warp.events.internal.parsers.CsvMappingParser;
import lat.warp.shared.Actor;
import lat.warp.shared.NotFoundException;
import lat.warp.shared.Permission;
import org.springframework.stereotype.Service;

/**
 * Saved, named column mappings for generic CSV feeds: "preview, then apply". A mapping is checked when it is
 * saved, so that a job that names it fails only on its data, never on its mapping.
 */
@Service
public class FeedMappings {

    /** A preview reads at most this many rows: it is for a look, not for a run. */
    static final int MAX_PREVIEW_ROWS = 1_000;

    private final AccessControl access;
    private final FeedMappingStore store;
    private final AuditTrail audit;

    FeedMappings(AccessControl access, FeedMappingStore store, AuditTrail audit) {
        this.access = access;
        this.store = store;
        this.audit = audit;
    }

    /** Creates or replaces the mapping of that name; refusals name the wrong field. */
    public FeedMapping save(String name, FeedMapping definition) {
        Actor actor = access.require(Permission.FEED_INGEST, "save a column mapping");
        FeedMapping m = FeedMappingStore.canonical(definition.named(FeedMappingStore.checkName(name)));
        store.save(m, actor.label());
        // A mapping decides how every later csv feed naming it is read: who changed it is kept.
        audit.entry(AuditAction.FEED_MAPPING_CHANGED).object("feed-mapping", m.name()).detail("change", "saved")
                .detail("columns", m.columns()).success();
        return store.find(m.name()).orElseThrow();
    }

    public List<FeedMapping> list() {
        access.require(Permission.FEED_INGEST, "list the column mappings");
        return store.list();
    }

    public FeedMapping get(String name) {
        access.require(Permission.FEED_INGEST, "read a column mapping");
        return store.find(name).orElseThrow(() -> notFound(name));
    }

    public void delete(String name) {
        access.require(Permission.FEED_INGEST, "delete a column mapping");
        if (!store.delete(name)) {
            throw notFound(name);
        }
        audit.entry(AuditAction.FEED_MAPPING_CHANGED).object("feed-mapping", name).detail("change", "deleted").success();
    }

    /** The first {@code rows} rows of a sample read with a saved mapping. */
    public MappingPreview preview(String name, InputStream sample, int rows) {
        access.require(Permission.FEED_INGEST, "preview a column mapping");
        return run(store.find(name).orElseThrow(() -> notFound(name)), sample, rows);
    }

    /** The first {@code rows} rows of a sample read with a mapping not saved (yet). */
    public MappingPreview preview(FeedMapping inline, InputStream sample, int rows) {
        access.require(Permission.FEED_INGEST, "preview a column mapping");
        return run(inline, sample, rows);
    }

    private static MappingPreview run(FeedMapping mapping, InputStream sample, int rows) {
        try {
            CsvMappingParser.Preview p = CsvMappingParser.preview(sample, FeedMappingStore.toColumnMapping(mapping),
                    Math.clamp(rows, 1, MAX_PREVIEW_ROWS));
            List<Map<String, Object>> events = p.events().stream().map(Event::toIntelMq).toList();
            List<MappingPreview.Problem> problems = p.problems().stream()
                    .map(r -> new MappingPreview.Problem(r.line(), r.reason())).toList();
            return new MappingPreview(p.columns(), events, problems, p.failure());
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read the sample", e);
        }
    }

    private static NotFoundException notFound(String name) {
        return new NotFoundException("No column mapping named '" + name + "'.");
    }
}
