package lat.warp.registry.internal.index;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import lat.warp.registry.IpPrefix;

/**
 * The simple longest-prefix match the index is measured against: the prefixes themselves, sorted
 * by first address (the shorter of two equal starts first), in primitive arrays, each with a link to
 * the smallest prefix containing it. A lookup binary-searches for the last prefix starting at or
 * before the address, then climbs the containment links until a prefix covers the address.
 *
 * <p>That is exact: the most specific prefix P covering the address sorts at or before the one found,
 * and anything found after P starts inside P, so P is among its ancestors and nothing between them
 * covers the address.
 */
final class SortedArrayBaseline {

    private final long[] v4First;
    private final long[] v4Last;
    private final int[] v4Parent;
    private final int[] v4Value;

    private final long[] v6FirstHi;
    private final long[] v6FirstLo;
    private final long[] v6LastHi;
    private final long[] v6LastLo;
    private final int[] v6Parent;
    private final int[] v6Value;

    SortedArrayBaseline(List<IpPrefix> prefixes, int[] values) {
        List<Integer> v4 = sortedDistinct(prefixes, false);
        List<Integer> v6 = sortedDistinct(prefixes, true);
        v4First = new long[v4.size()];
        v4Last = new long[v4.size()];
        v4Value = new int[v4.size()];
        for (int i = 0; i < v4.size(); i++) {
            IpPrefix p = prefixes.get(v4.get(i));
            v4First[i] = p.lo();
            v4Last[i] = p.last().lo();
            v4Value[i] = values[v4.get(i)];
        }
        v4Parent = parents(v4First, new long[v4.size()], v4Last, new long[v4.size()]);
        v6FirstHi = new long[v6.size()];
        v6FirstLo = new long[v6.size()];
        v6LastHi = new long[v6.size()];
        v6LastLo = new long[v6.size()];
        v6Value = new int[v6.size()];
        for (int i = 0; i < v6.size(); i++) {
            IpPrefix p = prefixes.get(v6.get(i));
            v6FirstHi[i] = p.hi();
            v6FirstLo[i] = p.lo();
            v6LastHi[i] = p.last().hi();
            v6LastLo[i] = p.last().lo();
            v6Value[i] = values[v6.get(i)];
        }
        v6Parent = parents(v6FirstHi, v6FirstLo, v6LastHi, v6LastLo);
    }

    int lookupV4(int address) {
        long a = address & 0xFFFF_FFFFL;
        int low = 0;
        int high = v4First.length - 1;
        int found = -1;
        while (low <= high) {
            int mid = (low + high) >>> 1;
            if (v4First[mid] <= a) {
                found = mid;
                low = mid + 1;
            } else {
                high = mid - 1;
            }
        }
        while (found >= 0 && v4Last[found] < a) {
            found = v4Parent[found];
        }
        return found < 0 ? PrefixIndex.NO_MATCH : v4Value[found];
    }

    int lookupV6(long hi, long lo) {
        int low = 0;
        int high = v6FirstHi.length - 1;
        int found = -1;
        while (low <= high) {
            int mid = (low + high) >>> 1;
            if (!after(v6FirstHi[mid], v6FirstLo[mid], hi, lo)) {
                found = mid;
                low = mid + 1;
            } else {
                high = mid - 1;
            }
        }
        while (found >= 0 && after(hi, lo, v6LastHi[found], v6LastLo[found])) {
            found = v6Parent[found];
        }
        return found < 0 ? PrefixIndex.NO_MATCH : v6Value[found];
    }

    /** Is {@code aHi:aLo} after {@code bHi:bLo}, both unsigned 128-bit numbers? */
    private static boolean after(long aHi, long aLo, long bHi, long bLo) {
        int c = Long.compareUnsigned(aHi, bHi);
        return c > 0 || (c == 0 && Long.compareUnsigned(aLo, bLo) > 0);
    }

    /** Positions of one family's prefixes in address order; of a prefix given twice, the later. */
    private static List<Integer> sortedDistinct(List<IpPrefix> prefixes, boolean v6) {
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < prefixes.size(); i++) {
            if (prefixes.get(i).v6() == v6) {
                order.add(i);
            }
        }
        order.sort(Comparator.comparing((Integer i) -> prefixes.get(i)).thenComparing(i -> i));
        List<Integer> distinct = new ArrayList<>();
        for (int k = 0; k < order.size(); k++) {
            if (k + 1 < order.size() && prefixes.get(order.get(k)).equals(prefixes.get(order.get(k + 1)))) {
                continue;
            }
            distinct.add(order.get(k));
        }
        return distinct;
    }

    /** The smallest enclosing prefix of each, or -1: a stack of the prefixes open at each start. */
    private static int[] parents(long[] firstHi, long[] firstLo, long[] lastHi, long[] lastLo) {
        int[] parent = new int[firstHi.length];
        int[] open = new int[130];
        int depth = 0;
        for (int i = 0; i < firstHi.length; i++) {
            while (depth > 0 && after(firstHi[i], firstLo[i], lastHi[open[depth - 1]], lastLo[open[depth - 1]])) {
                depth--;
            }
            parent[i] = depth > 0 ? open[depth - 1] : -1;
            open[depth++] = i;
        }
        return parent;
    }
}
