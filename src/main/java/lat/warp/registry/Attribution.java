package lat.warp.registry;

import java.util.ArrayList;
import java.util.List;
import lat.warp.access.AccessControl;
import lat.warp.registry.internal.AttributionIndexHolder;
import lat.warp.shared.InvalidInputException;
import lat.warp.shared.Permission;
import org.springframework.stereotype.Service;

/**
 * The one place that answers "whose address is this?": a longest-prefix match over the registry's
 * resources and the routing table, held in memory and swapped whole after every change.
 */
@Service
public class Attribution {

    /** The most addresses one bulk request may ask about. */
    public static final int MAX_BULK = 10_000;

    private final AttributionIndexHolder index;
    private final AccessControl access;

    public Attribution(AttributionIndexHolder index, AccessControl access) {
        this.index = index;
        this.access = access;
    }

    public AttributionResult lookup(String ip) {
        access.require(Permission.ATTRIBUTION_LOOKUP, "look up who holds an address");
        return attribute(IpPrefix.IpAddress.parse(ip));
    }

    /** Many addresses at once; any invalid one refuses the whole request, naming it. */
    public List<AttributionResult> lookupAll(List<String> ips) {
        access.require(Permission.ATTRIBUTION_LOOKUP, "look up who holds an address");
        if (ips.size() > MAX_BULK) {
            throw new InvalidInputException("ip", "At most " + MAX_BULK + " addresses per request.");
        }
        List<IpPrefix.IpAddress> parsed = new ArrayList<>(ips.size());
        for (int i = 0; i < ips.size(); i++) {
            try {
                parsed.add(IpPrefix.IpAddress.parse(ips.get(i)));
            } catch (InvalidInputException e) {
                throw new InvalidInputException("ip", "Entry " + (i + 1) + ": " + e.getMessage());
            }
        }
        List<AttributionResult> results = new ArrayList<>(parsed.size());
        for (IpPrefix.IpAddress address : parsed) {
            results.add(attribute(address));
        }
        return results;
    }

    /**
     * For other modules attributing what they have already been allowed to process (feed events at
     * ingest): no permission check of its own, no audit.
     */
    public AttributionResult attribute(IpPrefix.IpAddress address) {
        return index.current().attribute(address);
    }

    /** {@link #attribute}'s holder, country and AS alone, for the same callers: the cheaper lookup of feed ingest. */
    public AttributionResult.Holding holding(IpPrefix.IpAddress address) {
        return index.current().holding(address);
    }

    /**
     * {@link #holding} over the index as it is now, for a caller that looks up many addresses in a row (a
     * batch of feed events): the index is fetched once, not per address. A registry change applies to the
     * lookups of the next call.
     */
    public java.util.function.Function<IpPrefix.IpAddress, AttributionResult.Holding> holdings() {
        return index.current()::holding;
    }
}
