package lat.warp.events.internal;

/**
 * A set of 16-byte deduplication keys held as two longs each in open addressing: about 21 to 43 bytes a key
 * instead of the ~100 of a {@code HashSet<ByteBuffer>}, and no object per key, so that a day of a few million
 * events fits in the ingest heap. The keys are SHA-256 prefixes, already uniform: the low long is the hash.
 */
final class KeySet {

    private long[] hi;
    private long[] lo;
    private int size;
    private boolean hasZero;

    KeySet(int expected) {
        int capacity = Integer.highestOneBit(Math.max(16, (int) Math.min(1 << 30, expected * 4L / 3 + 1)) - 1) << 1;
        hi = new long[capacity];
        lo = new long[capacity];
    }

    int size() {
        return size;
    }

    boolean contains(long h, long l) {
        if (h == 0 && l == 0) {
            return hasZero;
        }
        int mask = hi.length - 1;
        for (int i = (int) (l ^ (l >>> 32)) & mask; ; i = (i + 1) & mask) {
            if (hi[i] == h && lo[i] == l) {
                return true;
            }
            if (hi[i] == 0 && lo[i] == 0) {
                return false;
            }
        }
    }

    /** Adds the key; false if it was there already. */
    boolean add(long h, long l) {
        if (h == 0 && l == 0) {
            boolean added = !hasZero;
            hasZero = true;
            size += added ? 1 : 0;
            return added;
        }
        if ((size + 1) * 4L > hi.length * 3L) {
            grow();
        }
        int mask = hi.length - 1;
        for (int i = (int) (l ^ (l >>> 32)) & mask; ; i = (i + 1) & mask) {
            if (hi[i] == h && lo[i] == l) {
                return false;
            }
            if (hi[i] == 0 && lo[i] == 0) {
                hi[i] = h;
                lo[i] = l;
                size++;
                return true;
            }
        }
    }

    private void grow() {
        long[] oldHi = hi;
        long[] oldLo = lo;
        hi = new long[oldHi.length * 2];
        lo = new long[oldLo.length * 2];
        int mask = hi.length - 1;
        for (int j = 0; j < oldHi.length; j++) {
            long h = oldHi[j];
            long l = oldLo[j];
            if (h == 0 && l == 0) {
                continue;
            }
            int i = (int) (l ^ (l >>> 32)) & mask;
            while (hi[i] != 0 || lo[i] != 0) {
                i = (i + 1) & mask;
            }
            hi[i] = h;
            lo[i] = l;
        }
    }
}
