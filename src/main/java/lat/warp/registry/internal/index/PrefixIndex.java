package lat.warp.registry.internal.index;

import java.util.Arrays;
import lat.warp.registry.IpPrefix;

/**
 * An immutable longest-prefix-match table over IPv4 and IPv6 prefixes, each mapped to an int chosen
 * by the caller (an entry number). Built once in the background and then shared by any number of
 * threads without locking; a lookup allocates nothing.
 *
 * <p>The build flattens the nested prefixes into sorted, non-overlapping address intervals, each
 * carrying the value of its most specific prefix, so that a lookup is a search for the last interval
 * start at or below the address — no backtracking through parent prefixes.
 *
 * <p>The roots of both families, and the IPv6 nodes, hold 64-bit words that say where to look next:
 * a negative word is a node; {@code 1 << 32 | value} is a region that one interval covers entirely (answered without
 * touching another array); otherwise {@code count << 32 | first} is a leaf, a sorted slice of
 * interval starts whose first entry is the region's first address, so a search never falls off its
 * front.
 *
 * <ul>
 *   <li>IPv4: one word per /16, indexed directly by the top 16 bits. A leaf entry packs the low 16
 *       bits of a start with its value in one long, so the search ends on the line that holds the
 *       answer. A /16 cut into more than {@link #V4_LEAF_SIZE} intervals gets a node of 256 ints, one
 *       per /24, which holds the value itself when one interval covers that whole /24 (nearly always:
 *       routes longer than /24 are rare), else a leaf of just that /24's entries. A lookup therefore
 *       reads two or three cache lines whatever the density of the table.
 *   <li>IPv6: a multibit trie: a root on the top 16 bits, then 256-way nodes on 8 more bits each
 *       while a region holds more than {@link #V6_LEAF_SIZE} intervals; a leaf stores each start as
 *       the 64 address bits that follow the leaf's depth. That is exact as long as every start in the
 *       leaf has zero bits beyond that window; a region where some start does not (prefixes longer
 *       than about /80) is split further, and at depth 64 the window is the whole low half.
 * </ul>
 *
 * <p>All data lives in a handful of primitive arrays: no object per prefix or per interval.
 */
public final class PrefixIndex {

    /** What a lookup returns when no prefix covers the address. */
    public static final int NO_MATCH = -1;

    /** A /16 with more IPv4 intervals than this gets a node on the next 8 bits. */
    static final int V4_LEAF_SIZE = 16;
    /** A leaf holds at most this many IPv6 intervals (except at depth 64); larger regions get a node. */
    static final int V6_LEAF_SIZE = 16;

    private static final int V4_BUCKETS = 1 << 16;
    private static final int V6_ROOT_BITS = 16;
    private static final int V6_STRIDE = 8;
    /** The sign bit marks a word that points at a node. */
    private static final long NODE = Long.MIN_VALUE;
    private static final long ONE_INTERVAL = 1L << 32;

    private final int prefixCount;

    /** One word per /16. An IPv4 node word is NODE | node offset << 32 | first entry. */
    private final long[] v4Root;
    /**
     * 256 words per node, one per /24 of the /16: {@code value + 1} (never negative) when one interval
     * covers the whole /24, which is the common case in routing tables; otherwise the sign bit |
     * entry count << 16 | first entry, relative to the first entry of the /16.
     */
    private final int[] v4Node;
    /** IPv4 leaf entries: the low 16 bits of the interval start << 32 | its value, so the search ends
     *  on the cache line that holds the answer. */
    private final long[] v4Entry;

    /** An IPv6 node word is NODE | offset of its 256 child words in v6Nodes. */
    private final long[] v6Root;
    private final long[] v6Nodes;
    /** The 64 address bits after the leaf's depth, sign bit flipped so that signed comparison is unsigned order. */
    private final long[] v6Key;
    private final int[] v6Value;

    private PrefixIndex(int prefixCount, long[] v4Root, int[] v4Node, long[] v4Entry,
                        long[] v6Root, long[] v6Nodes, long[] v6Key, int[] v6Value) {
        this.prefixCount = prefixCount;
        this.v4Root = v4Root;
        this.v4Node = v4Node;
        this.v4Entry = v4Entry;
        this.v6Root = v6Root;
        this.v6Nodes = v6Nodes;
        this.v6Key = v6Key;
        this.v6Value = v6Value;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The value of the most specific prefix covering the IPv4 address, or {@link #NO_MATCH}. */
    public int lookupV4(int address) {
        long word = v4Root[address >>> 16];
        int from = (int) word;
        int count;
        if (word < 0) {
            int slash24 = v4Node[(int) (word >>> 32 & 0x7FFF_FFFF) + (address >>> 8 & 0xFF)];
            if (slash24 >= 0) {
                return slash24 - 1;
            }
            from += slash24 & 0xFFFF;
            count = slash24 >>> 16 & 0x7FFF;
        } else {
            count = (int) (word >>> 32);
            if (count == 1) {
                return from;
            }
        }
        // Any entry whose start is at or below the address compares at or below this, whatever its value.
        long probe = (long) (address & 0xFFFF) << 32 | 0xFFFF_FFFFL;
        // A lower bound without an early exit, so that the JIT can use a conditional move.
        while (count > 1) {
            int half = count >>> 1;
            if (v4Entry[from + half] <= probe) {
                from += half;
            }
            count -= half;
        }
        return (int) v4Entry[from];
    }

    /** The value of the most specific prefix covering the IPv6 address {@code hi:lo}, or {@link #NO_MATCH}. */
    public int lookupV6(long hi, long lo) {
        long word = v6Root[(int) (hi >>> (64 - V6_ROOT_BITS))];
        int depth = V6_ROOT_BITS;
        while (word < 0) {
            word = v6Nodes[(int) word + ((int) (hi >>> (64 - V6_STRIDE - depth)) & 0xFF)];
            depth += V6_STRIDE;
        }
        int from = (int) word;
        int count = (int) (word >>> 32);
        if (count == 1) {
            return from;
        }
        long key = keyAt(hi, lo, depth) ^ Long.MIN_VALUE;
        while (count > 1) {
            int half = count >>> 1;
            if (v6Key[from + half] <= key) {
                from += half;
            }
            count -= half;
        }
        return v6Value[from];
    }

    public int lookup(IpPrefix.IpAddress address) {
        return address.v6() ? lookupV6(address.hi(), address.lo()) : lookupV4((int) address.lo());
    }

    /** The number of distinct prefixes indexed (a prefix added twice counts once). */
    public int size() {
        return prefixCount;
    }

    /** The heap taken by this index: its arrays with their headers, and the object itself. */
    public long estimatedBytes() {
        return 48 // header, the count and eight compressed references
                + arrayBytes(v4Root.length, 8) + arrayBytes(v4Node.length, 4) + arrayBytes(v4Entry.length, 8)
                + arrayBytes(v6Root.length, 8) + arrayBytes(v6Nodes.length, 8)
                + arrayBytes(v6Key.length, 8) + arrayBytes(v6Value.length, 4);
    }

    private static long arrayBytes(int length, int elementSize) {
        return (16 + (long) length * elementSize + 7) & ~7L;
    }

    /** Bits [depth, depth + 64) of the 128-bit address; bits past the end read as zero. Depth is 16..64. */
    private static long keyAt(long hi, long lo, int depth) {
        return depth == 64 ? lo : (hi << depth) | (lo >>> (64 - depth));
    }

    /**
     * Collects prefixes for one index, from one thread; {@link #build()} may be called more than once.
     * A more specific prefix wins over the ones containing it; the same prefix added twice keeps the
     * later value. Values must not be negative ({@link #NO_MATCH} is reserved).
     */
    public static final class Builder {

        /** Sequence numbers share a long with the IPv4 start and length, so they get 26 bits. */
        private static final int MAX_V4_PREFIXES = 1 << 26;

        /** (start << 32 | length << 26 | sequence): sorting these orders by start, then length, then arrival. */
        private long[] v4Packed = new long[1024];
        private int[] v4Values = new int[1024];
        private int v4Count;

        private long[] v6Hi = new long[256];
        private long[] v6Lo = new long[256];
        private int[] v6Length = new int[256];
        private int[] v6Values = new int[256];
        private int v6Count;

        private Builder() {
        }

        public Builder add(IpPrefix prefix, int value) {
            if (value < 0) {
                throw new IllegalArgumentException("values must not be negative: " + value);
            }
            if (prefix.v6()) {
                if (v6Count == v6Hi.length) {
                    int capacity = v6Count * 2;
                    v6Hi = Arrays.copyOf(v6Hi, capacity);
                    v6Lo = Arrays.copyOf(v6Lo, capacity);
                    v6Length = Arrays.copyOf(v6Length, capacity);
                    v6Values = Arrays.copyOf(v6Values, capacity);
                }
                v6Hi[v6Count] = prefix.hi();
                v6Lo[v6Count] = prefix.lo();
                v6Length[v6Count] = prefix.length();
                v6Values[v6Count] = value;
                v6Count++;
            } else {
                if (v4Count == MAX_V4_PREFIXES) {
                    throw new IllegalStateException("more than " + MAX_V4_PREFIXES + " IPv4 prefixes");
                }
                if (v4Count == v4Packed.length) {
                    v4Packed = Arrays.copyOf(v4Packed, v4Count * 2);
                    v4Values = Arrays.copyOf(v4Values, v4Count * 2);
                }
                v4Packed[v4Count] = prefix.lo() << 32 | (long) prefix.length() << 26 | v4Count;
                v4Values[v4Count] = value;
                v4Count++;
            }
            return this;
        }

        public PrefixIndex build() {
            Intervals v4 = new Intervals(v4Count * 2 + 1);
            int v4Distinct = flattenV4(v4);
            Intervals v6 = new Intervals(v6Count * 2 + 1);
            int v6Distinct = flattenV6(v6);

            V4Table table = new V4Table(v4);
            Trie trie = new Trie(v6);
            return new PrefixIndex(v4Distinct + v6Distinct,
                    table.root, Arrays.copyOf(table.nodes, table.nodeSize), Arrays.copyOf(table.entries, table.entryCount),
                    trie.root, Arrays.copyOf(trie.nodes, trie.nodeCount),
                    Arrays.copyOf(trie.keys, trie.entryCount), Arrays.copyOf(trie.values, trie.entryCount));
        }

        /** Turns the IPv4 prefixes into interval starts; returns the number of distinct prefixes. */
        private int flattenV4(Intervals out) {
            long[] sorted = new long[v4Count];
            for (int i = 0; i < v4Count; i++) {
                sorted[i] = v4Packed[i] ^ Long.MIN_VALUE;
            }
            Arrays.sort(sorted);
            // The prefixes that contain the current position, innermost last: at most 33 for IPv4.
            long[] openLast = new long[34];
            int[] openValue = new int[34];
            int open = 0;
            int distinct = 0;
            out.add(0, 0, NO_MATCH);
            for (int i = 0; i < v4Count; i++) {
                long packed = sorted[i] ^ Long.MIN_VALUE;
                if (i + 1 < v4Count && sorted[i + 1] >>> 26 == sorted[i] >>> 26) {
                    continue; // the same prefix again further on: the later value wins
                }
                distinct++;
                long start = packed >>> 32;
                int length = (int) (packed >>> 26) & 0x3F;
                long last = start + (1L << (32 - length)) - 1;
                while (open > 0 && openLast[open - 1] < start) {
                    open--;
                    out.add(0, openLast[open] + 1, open > 0 ? openValue[open - 1] : NO_MATCH);
                }
                out.add(0, start, v4Values[(int) packed & (MAX_V4_PREFIXES - 1)]);
                openLast[open] = last;
                openValue[open] = v4Values[(int) packed & (MAX_V4_PREFIXES - 1)];
                open++;
            }
            while (open > 0) {
                open--;
                if (openLast[open] < 0xFFFF_FFFFL) {
                    out.add(0, openLast[open] + 1, open > 0 ? openValue[open - 1] : NO_MATCH);
                }
            }
            return distinct;
        }

        /** The same sweep for IPv6, on 128-bit addresses held as two unsigned longs. */
        private int flattenV6(Intervals out) {
            Integer[] order = new Integer[v6Count];
            for (int i = 0; i < v6Count; i++) {
                order[i] = i;
            }
            Arrays.sort(order, (a, b) -> {
                int c = Long.compareUnsigned(v6Hi[a], v6Hi[b]);
                if (c == 0) {
                    c = Long.compareUnsigned(v6Lo[a], v6Lo[b]);
                }
                if (c == 0) {
                    c = Integer.compare(v6Length[a], v6Length[b]);
                }
                return c != 0 ? c : Integer.compare(a, b);
            });
            long[] openLastHi = new long[130];
            long[] openLastLo = new long[130];
            int[] openValue = new int[130];
            int open = 0;
            int distinct = 0;
            out.add(0, 0, NO_MATCH);
            for (int i = 0; i < v6Count; i++) {
                int p = order[i];
                if (i + 1 < v6Count) {
                    int q = order[i + 1];
                    if (v6Hi[p] == v6Hi[q] && v6Lo[p] == v6Lo[q] && v6Length[p] == v6Length[q]) {
                        continue; // the same prefix again further on: the later value wins
                    }
                }
                distinct++;
                long hi = v6Hi[p];
                long lo = v6Lo[p];
                int length = v6Length[p];
                long lastHi = length >= 64 ? hi : hi | (length == 0 ? -1L : -1L >>> length);
                long lastLo = length >= 128 ? lo : lo | (length <= 64 ? -1L : -1L >>> (length - 64));
                while (open > 0 && before(openLastHi[open - 1], openLastLo[open - 1], hi, lo)) {
                    open--;
                    addAfter(out, openLastHi[open], openLastLo[open], open > 0 ? openValue[open - 1] : NO_MATCH);
                }
                out.add(hi, lo, v6Values[p]);
                openLastHi[open] = lastHi;
                openLastLo[open] = lastLo;
                openValue[open] = v6Values[p];
                open++;
            }
            while (open > 0) {
                open--;
                if ((openLastHi[open] & openLastLo[open]) != -1L) {
                    addAfter(out, openLastHi[open], openLastLo[open], open > 0 ? openValue[open - 1] : NO_MATCH);
                }
            }
            return distinct;
        }

        /** An interval starting at the address after {@code hi:lo}, which is not the last address. */
        private static void addAfter(Intervals out, long hi, long lo, int value) {
            out.add(lo == -1L ? hi + 1 : hi, lo + 1, value);
        }

        private static boolean before(long aHi, long aLo, long bHi, long bLo) {
            int c = Long.compareUnsigned(aHi, bHi);
            return c < 0 || (c == 0 && Long.compareUnsigned(aLo, bLo) < 0);
        }

    }

    /**
     * Interval starts in address order (IPv4 in {@code lo}). Adding at the same address replaces the
     * value; a start whose value equals the previous interval's is dropped, so neighbours merge.
     */
    private static final class Intervals {
        long[] hi;
        long[] lo;
        int[] value;
        int size;

        Intervals(int capacity) {
            hi = new long[capacity];
            lo = new long[capacity];
            value = new int[capacity];
        }

        void add(long startHi, long startLo, int v) {
            if (size > 0 && hi[size - 1] == startHi && lo[size - 1] == startLo) {
                value[size - 1] = v;
                if (size > 1 && value[size - 2] == v) {
                    size--;
                }
            } else if (size == 0 || value[size - 1] != v) {
                if (size == hi.length) {
                    hi = Arrays.copyOf(hi, size * 2);
                    lo = Arrays.copyOf(lo, size * 2);
                    value = Arrays.copyOf(value, size * 2);
                }
                hi[size] = startHi;
                lo[size] = startLo;
                value[size] = v;
                size++;
            }
        }
    }

    /** Builds the IPv4 table from the flattened intervals: one word per /16, nodes for the dense ones. */
    private static final class V4Table {
        final long[] root = new long[V4_BUCKETS];
        int[] nodes = new int[1024];
        int nodeSize;
        long[] entries;
        int entryCount;
        /** The /16 being built: the low 16 bits of each start, first the one covering offset 0. */
        private final int[] bucketLow = new int[V4_BUCKETS + 1];
        private final int[] bucketValue = new int[V4_BUCKETS + 1];

        V4Table(Intervals intervals) {
            entries = new long[Math.max(16, intervals.size)];
            int next = 1; // intervals[0] starts at address 0
            for (int bucket = 0; bucket < V4_BUCKETS; bucket++) {
                long first = (long) bucket << 16;
                long last = first | 0xFFFF;
                while (next < intervals.size && intervals.lo[next] <= first) {
                    next++;
                }
                // The interval covering the bucket's first address is the last one starting at or before it.
                bucketLow[0] = 0;
                bucketValue[0] = intervals.value[next - 1];
                int count = 1;
                for (; next < intervals.size && intervals.lo[next] <= last; next++) {
                    bucketLow[count] = (int) intervals.lo[next] & 0xFFFF;
                    bucketValue[count++] = intervals.value[next];
                }
                root[bucket] = bucket(count);
            }
        }

        private long bucket(int count) {
            if (count == 1) {
                return ONE_INTERVAL | bucketValue[0] & 0xFFFF_FFFFL;
            }
            int first = entryCount;
            // A node's relative entry numbers must fit 16 bits; a /16 cut into more pieces is only searched.
            if (count <= V4_LEAF_SIZE || count + 256 > 0xFFFF) {
                for (int i = 0; i < count; i++) {
                    addEntry(bucketLow[i], bucketValue[i]);
                }
                return (long) count << 32 | first;
            }
            int node = nodeSize;
            ensureNodes(nodeSize + 256);
            nodeSize += 256;
            int covering = 0;
            for (int slash24 = 0; slash24 < 256; slash24++) {
                int start = slash24 << 8;
                while (covering + 1 < count && bucketLow[covering + 1] <= start) {
                    covering++;
                }
                int lastInside = covering;
                while (lastInside + 1 < count && bucketLow[lastInside + 1] <= (start | 0xFF)) {
                    lastInside++;
                }
                int value = bucketValue[covering];
                if (lastInside == covering && value != Integer.MAX_VALUE) {
                    nodes[node + slash24] = value + 1;
                } else {
                    nodes[node + slash24] = Integer.MIN_VALUE | (lastInside - covering + 1) << 16 | (entryCount - first);
                    addEntry(start, value);
                    for (int i = covering + 1; i <= lastInside; i++) {
                        addEntry(bucketLow[i], bucketValue[i]);
                    }
                }
            }
            return NODE | (long) node << 32 | first;
        }

        private void addEntry(int lowBits, int value) {
            if (entryCount == entries.length) {
                entries = Arrays.copyOf(entries, entries.length * 2);
            }
            entries[entryCount++] = (long) lowBits << 32 | value & 0xFFFF_FFFFL;
        }

        private void ensureNodes(int capacity) {
            if (capacity > nodes.length) {
                nodes = Arrays.copyOf(nodes, Math.max(capacity, nodes.length * 2));
            }
        }
    }

    /** Builds the IPv6 trie from the flattened intervals. */
    private static final class Trie {
        final long[] root = new long[1 << V6_ROOT_BITS];
        long[] nodes = new long[1024];
        int nodeCount;
        long[] keys;
        int[] values;
        int entryCount;
        private final Intervals intervals;

        Trie(Intervals intervals) {
            this.intervals = intervals;
            keys = new long[intervals.size + 1024];
            values = new int[intervals.size + 1024];
            int next = 1; // intervals[0] starts at address 0
            long span = 1L << (64 - V6_ROOT_BITS);
            for (int i = 0; i < root.length; i++) {
                long firstHi = i * span;
                next = skipBefore(next, firstHi);
                root[i] = region(firstHi, V6_ROOT_BITS, next);
            }
        }

        /** The first interval at or after {@code from} that starts at or after {@code hi:0}. */
        private int skipBefore(int from, long hi) {
            int i = from;
            while (i < intervals.size && Long.compareUnsigned(intervals.hi[i], hi) < 0) {
                i++;
            }
            return i;
        }

        /**
         * The trie word for the region of addresses whose top {@code depth} bits equal those of
         * {@code firstHi}; {@code first} is the first interval starting at or after the region.
         * Regions never end inside a 64-bit half (depth is at most 64), so membership depends on
         * the upper half alone.
         */
        private long region(long firstHi, int depth, int first) {
            long lastHi = depth == 64 ? firstHi : firstHi | (-1L >>> depth);
            int end = first;
            while (end < intervals.size && Long.compareUnsigned(intervals.hi[end], lastHi) <= 0) {
                end++;
            }
            boolean startsAtFirstAddress = first < end && intervals.hi[first] == firstHi && intervals.lo[first] == 0;
            int inner = startsAtFirstAddress ? first + 1 : first;
            int covering = startsAtFirstAddress ? intervals.value[first] : intervals.value[first - 1];
            if (depth == 64 || (end - inner + 1 <= V6_LEAF_SIZE && exactAt(depth, inner, end))) {
                return leaf(depth, covering, inner, end);
            }
            int node = nodeCount;
            ensureNodes(nodeCount + (1 << V6_STRIDE));
            nodeCount += 1 << V6_STRIDE;
            long childSpan = 1L << (64 - depth - V6_STRIDE);
            int next = first;
            for (int i = 0; i < 1 << V6_STRIDE; i++) {
                long childFirst = firstHi + i * childSpan;
                next = skipBefore(next, childFirst);
                // Not inlined: the recursion may replace the nodes array, and Java would store into the old one.
                long child = region(childFirst, depth + V6_STRIDE, next);
                nodes[node + i] = child;
            }
            return NODE | node;
        }

        /** True when the 64-bit window after {@code depth} holds all the bits of these starts. */
        private boolean exactAt(int depth, int from, int to) {
            long beyondWindow = depth == 64 ? 0 : -1L >>> depth;
            for (int i = from; i < to; i++) {
                if ((intervals.lo[i] & beyondWindow) != 0) {
                    return false;
                }
            }
            return true;
        }

        private long leaf(int depth, int covering, int from, int to) {
            int count = to - from + 1;
            if (count == 1) {
                return ONE_INTERVAL | covering & 0xFFFF_FFFFL;
            }
            if (entryCount + count > keys.length) {
                int capacity = Math.max(keys.length * 2, entryCount + count);
                keys = Arrays.copyOf(keys, capacity);
                values = Arrays.copyOf(values, capacity);
            }
            int first = entryCount;
            keys[entryCount] = Long.MIN_VALUE; // the region's first address: window all zero
            values[entryCount++] = covering;
            for (int i = from; i < to; i++) {
                keys[entryCount] = keyAt(intervals.hi[i], intervals.lo[i], depth) ^ Long.MIN_VALUE;
                values[entryCount++] = intervals.value[i];
            }
            return (long) count << 32 | first;
        }

        private void ensureNodes(int capacity) {
            if (capacity > nodes.length) {
                nodes = Arrays.copyOf(nodes, Math.max(capacity, nodes.length * 2));
            }
        }
    }
}
