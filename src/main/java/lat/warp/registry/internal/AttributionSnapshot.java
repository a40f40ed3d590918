package lat.warp.registry.internal;

import java.util.List;
import lat.warp.registry.AttributionResult;
import lat.warp.registry.IpPrefix;
import lat.warp.registry.internal.index.PrefixIndex;
import lat.warp.registry.internal.index.RirTable;

/**
 * One immutable generation of the attribution index: the registry's prefixes, the routing table and
 * what a lookup reports about each match. Built off to the side and swapped in whole, so a lookup
 * never sees half an import.
 */
public final class AttributionSnapshot {

    /** What the registry knows about one of its prefixes. */
    record Resource(IpPrefix prefix, String status, String country, String registry, int holder) {
    }

    /** A holder organisation and its abuse contacts. */
    record Holder(AttributionResult.Holder holder, java.util.UUID id, List<AttributionResult.AbuseContact> abuseContacts) {
    }

    private final PrefixIndex resourceIndex;
    private final Resource[] resources;
    private final Holder[] holders;
    private final PrefixIndex routeIndex;
    private final IpPrefix[] routes;
    private final long[] routeAsns;
    private final java.util.Map<Long, String> asNames;
    private final RirTable rirs;
    private final String regionRegistry;
    private final long generation;

    AttributionSnapshot(PrefixIndex resourceIndex, Resource[] resources, Holder[] holders, PrefixIndex routeIndex,
            IpPrefix[] routes, long[] routeAsns, java.util.Map<Long, String> asNames, RirTable rirs,
            String regionRegistry, long generation) {
        this.resourceIndex = resourceIndex;
        this.resources = resources;
        this.holders = holders;
        this.routeIndex = routeIndex;
        this.routes = routes;
        this.routeAsns = routeAsns;
        this.asNames = asNames;
        this.rirs = rirs;
        this.regionRegistry = regionRegistry;
        this.generation = generation;
    }

    public AttributionResult attribute(IpPrefix.IpAddress address) {
        String rir = rirs.rirOf(address);
        int r = resourceIndex.lookup(address);
        Resource resource = r < 0 ? null : resources[r];
        int route = routeIndex.lookup(address);
        Long asn = route < 0 ? null : routeAsns[route];
        Holder holder = resource == null || resource.holder() < 0 ? null : holders[resource.holder()];
        // A prefix in the registry's own records is in region even where IANA's table says otherwise
        // (transfers between regions); otherwise IANA's allocation decides.
        boolean inRegion = resource != null ? resource.registry().equals(regionRegistry) : regionRegistry.equals(rir);
        return new AttributionResult(address.toString(), inRegion,
                resource != null ? resource.registry() : rir,
                holder == null ? null : holder.holder(),
                resource == null ? null : resource.prefix().toString(),
                resource == null ? null : resource.status().toLowerCase(java.util.Locale.ROOT),
                resource == null ? null : resource.country(),
                asn, asn == null ? null : asNames.get(asn),
                route < 0 ? null : routes[route].toString(),
                holder == null ? List.of() : holder.abuseContacts());
    }

    /** The part of {@link #attribute} that enriches an event, without formatting the prefixes and address as text. */
    public AttributionResult.Holding holding(IpPrefix.IpAddress address) {
        int r = resourceIndex.lookup(address);
        Resource resource = r < 0 ? null : resources[r];
        int route = routeIndex.lookup(address);
        Long asn = route < 0 ? null : routeAsns[route];
        Holder holder = resource == null || resource.holder() < 0 ? null : holders[resource.holder()];
        return new AttributionResult.Holding(holder == null ? null : holder.holder(), holder == null ? null : holder.id(),
                resource == null ? null : resource.country(), asn, asn == null ? null : asNames.get(asn));
    }

    public long generation() {
        return generation;
    }

    public int resourceCount() {
        return resources.length;
    }

    public int routeCount() {
        return routes.length;
    }

    public long estimatedBytes() {
        return resourceIndex.estimatedBytes() + routeIndex.estimatedBytes();
    }
}
