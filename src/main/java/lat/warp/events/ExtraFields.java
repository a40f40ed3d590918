package lat.warp.events;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * Immutable sorted maps for an event's {@code extra.*} fields, cheap enough to build one per row: the
 * names of a file's leftover columns are sorted once into a {@link Layout}, and each row's map is only an
 * array of values (null where the row's cell is empty) over those shared names.
 */
public final class ExtraFields {

    private static final String[] NO_NAMES = new String[0];
    private static final ArrayMap EMPTY = new ArrayMap(NO_NAMES, new Object[0], 0, 0);

    private ExtraFields() {
    }

    /** The empty map. */
    public static SortedMap<String, Object> empty() {
        return EMPTY;
    }

    /**
     * An immutable sorted copy of a map; entries with null values are dropped, nested maps and lists are
     * copied unmodifiable. A map this class made is returned as it is.
     */
    public static SortedMap<String, Object> copyOf(Map<String, ?> map) {
        if (map instanceof ArrayMap a) {
            return a;
        }
        if (map.isEmpty()) {
            return EMPTY;
        }
        TreeMap<String, Object> sorted = new TreeMap<>();
        map.forEach((k, v) -> {
            if (k == null) {
                throw new NullPointerException("an extra field without a name");
            }
            if (v != null) {
                sorted.put(k, frozen(v));
            }
        });
        String[] names = sorted.keySet().toArray(NO_NAMES);
        Object[] values = sorted.values().toArray();
        return new ArrayMap(names, values, 0, names.length);
    }

    /** A value as it may sit in an event: nested JSON objects and arrays become unmodifiable copies. */
    private static Object frozen(Object value) {
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> copy = new java.util.LinkedHashMap<>();
            map.forEach((k, v) -> copy.put(String.valueOf(k), v == null ? null : frozen(v)));
            return java.util.Collections.unmodifiableMap(copy);
        }
        if (value instanceof Collection<?> list) {
            List<Object> copy = new java.util.ArrayList<>(list.size());
            for (Object v : list) {
                copy.add(v == null ? null : frozen(v));
            }
            return java.util.Collections.unmodifiableList(copy);
        }
        return value;
    }

    /**
     * The shared, sorted names of the layout a map was made by ({@link Layout#map}), or null for any other map.
     * With {@link #slot}, it lets a writer store a row's values without its names (ADR 0015). Not to be changed.
     */
    public static String @Nullable [] layoutNames(Map<String, ?> map) {
        return map instanceof ArrayMap a && a.from == 0 && a.to == a.names.length ? a.names : null;
    }

    /**
     * Whether every value of a map is a String of ASCII characters only, as its maker said
     * ({@link Layout#map(Object[], boolean)}); false when not known.
     */
    public static boolean asciiOnly(Map<String, ?> map) {
        return map instanceof ArrayMap a && a.ascii;
    }

    /** The value of slot {@code i} of a map {@link #layoutNames} answered for, or null when the row has none. */
    public static @Nullable Object slot(Map<String, ?> map, int i) {
        return ((ArrayMap) map).values[i];
    }

    /** A layout for the given distinct names, in any order. */
    public static Layout layout(Collection<String> names) {
        return new Layout(names);
    }

    /** The sorted names of a file's extra fields; {@link #map} makes a row's map from its values. */
    public static final class Layout {
        private final String[] names;

        private Layout(Collection<String> names) {
            String[] sorted = names.toArray(NO_NAMES);
            Arrays.sort(sorted);
            for (int i = 1; i < sorted.length; i++) {
                if (sorted[i].equals(sorted[i - 1])) {
                    throw new IllegalArgumentException("extra field '" + sorted[i] + "' named twice");
                }
            }
            this.names = sorted;
        }

        public int size() {
            return names.length;
        }

        /** The slot of a name, or -1. */
        public int slotOf(String name) {
            int i = Arrays.binarySearch(names, name);
            return i < 0 ? -1 : i;
        }

        public String name(int slot) {
            return names[slot];
        }

        public List<String> names() {
            return List.of(names);
        }

        /**
         * The map of one row. The array (one value per slot, null for none) is taken over, not copied: the
         * caller must not change it afterwards.
         */
        public SortedMap<String, Object> map(@Nullable Object[] values) {
            return map(values, false);
        }

        /**
         * The same, saying whether every value is a String of ASCII characters only (as a parser knows of a row
         * whose text is all ASCII), so that a writer may copy each character as one byte ({@link #asciiOnly}).
         */
        public SortedMap<String, Object> map(@Nullable Object[] values, boolean ascii) {
            if (values.length != names.length) {
                throw new IllegalArgumentException("expected " + names.length + " values, got " + values.length);
            }
            return new ArrayMap(names, values, 0, names.length, ascii);
        }
    }

    /** A sorted map over a shared sorted array of names and a row's array of values (nulls are absent). */
    private static final class ArrayMap extends AbstractMap<String, Object> implements SortedMap<String, Object> {
        private final String[] names;
        private final @Nullable Object[] values;
        private final int from;
        private final int to;
        /** Counted when first asked: most rows' maps are only iterated. */
        private int size = -1;
        private @Nullable Set<Entry<String, Object>> entries;

        /** Every value a String of ASCII characters (or null), as the map's maker vouched. */
        private final boolean ascii;

        ArrayMap(String[] names, @Nullable Object[] values, int from, int to) {
            this(names, values, from, to, false);
        }

        ArrayMap(String[] names, @Nullable Object[] values, int from, int to, boolean ascii) {
            this.names = names;
            this.values = values;
            this.from = from;
            this.to = to;
            this.ascii = ascii;
        }

        @Override
        public int size() {
            if (size < 0) {
                int n = 0;
                for (int i = from; i < to; i++) {
                    if (values[i] != null) {
                        n++;
                    }
                }
                size = n;
            }
            return size;
        }

        @Override
        public boolean isEmpty() {
            if (size >= 0) {
                return size == 0;
            }
            for (int i = from; i < to; i++) {
                if (values[i] != null) {
                    return false;
                }
            }
            return true;
        }

        @Override
        public @Nullable Object get(Object key) {
            if (!(key instanceof String s)) {
                return null;
            }
            int i = Arrays.binarySearch(names, from, to, s);
            return i < 0 ? null : values[i];
        }

        @Override
        public boolean containsKey(Object key) {
            return get(key) != null;
        }

        @Override
        public Set<Entry<String, Object>> entrySet() {
            Set<Entry<String, Object>> e = entries;
            if (e == null) {
                e = new AbstractSet<>() {
                    @Override
                    public Iterator<Entry<String, Object>> iterator() {
                        return new Iterator<>() {
                            private int next = advance(from);

                            private int advance(int i) {
                                while (i < to && values[i] == null) {
                                    i++;
                                }
                                return i;
                            }

                            @Override
                            public boolean hasNext() {
                                return next < to;
                            }

                            @Override
                            public Entry<String, Object> next() {
                                if (next >= to) {
                                    throw new NoSuchElementException();
                                }
                                Object value = values[next];
                                Entry<String, Object> entry = new SimpleImmutableEntry<>(names[next], value);
                                next = advance(next + 1);
                                return entry;
                            }
                        };
                    }

                    @Override
                    public int size() {
                        return ArrayMap.this.size();
                    }
                };
                entries = e;
            }
            return e;
        }

        @Override
        public @Nullable Comparator<? super String> comparator() {
            return null;
        }

        @Override
        public SortedMap<String, Object> subMap(String fromKey, String toKey) {
            if (fromKey.compareTo(toKey) > 0) {
                throw new IllegalArgumentException("fromKey > toKey");
            }
            return new ArrayMap(names, values, lowerBound(fromKey), Math.max(lowerBound(fromKey), lowerBound(toKey)), ascii);
        }

        @Override
        public SortedMap<String, Object> headMap(String toKey) {
            return new ArrayMap(names, values, from, lowerBound(toKey), ascii);
        }

        @Override
        public SortedMap<String, Object> tailMap(String fromKey) {
            return new ArrayMap(names, values, lowerBound(fromKey), to, ascii);
        }

        private int lowerBound(String key) {
            int i = Arrays.binarySearch(names, from, to, key);
            return i >= 0 ? i : -i - 1;
        }

        @Override
        public String firstKey() {
            for (int i = from; i < to; i++) {
                if (values[i] != null) {
                    return names[i];
                }
            }
            throw new NoSuchElementException();
        }

        @Override
        public String lastKey() {
            for (int i = to - 1; i >= from; i--) {
                if (values[i] != null) {
                    return names[i];
                }
            }
            throw new NoSuchElementException();
        }
    }
}
