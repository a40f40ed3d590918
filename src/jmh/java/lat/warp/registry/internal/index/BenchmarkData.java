package lat.warp.registry.internal.index;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import lat.warp.registry.IpPrefix;

/**
 * The real data the attribution benchmarks run on, read from the files shipped under
 * {@code src/main/resources/registry/}. A deliberately minimal loader for benchmarking only: the
 * production importers live elsewhere and validate what this one takes on trust.
 *
 * @param resources every allocated or assigned IPv4/IPv6 record of the LACNIC extended delegated
 *                  file, IPv4 address counts split into their minimal set of CIDR prefixes; the
 *                  value is the record's line number, shared by the pieces of one record
 * @param routes    the pyasn IPv4 table of 2014-05-13 (512,621 prefixes) plus the IPv6 lines of the
 *                  mixed table of 2015-11-01; the value is the route's position in that list
 */
record BenchmarkData(Prefixes resources, Prefixes routes) {

    static final String DELEGATED = "/registry/delegated-lacnic-extended-20240104.gz";
    static final String PYASN_V4 = "/registry/ipasn_20140513.dat.gz";
    static final String PYASN_V4_V6 = "/registry/ipasn6_20151101.dat.gz";

    /** Prefixes with the value each maps to, in file order. */
    record Prefixes(List<IpPrefix> prefixes, int[] values) {

        int count() {
            return prefixes.size();
        }

        List<IpPrefix> family(boolean v6) {
            return prefixes.stream().filter(p -> p.v6() == v6).toList();
        }

        PrefixIndex index() {
            PrefixIndex.Builder builder = PrefixIndex.builder();
            for (int i = 0; i < prefixes.size(); i++) {
                builder.add(prefixes.get(i), values[i]);
            }
            return builder.build();
        }
    }

    static BenchmarkData load() {
        return new BenchmarkData(loadDelegated(), loadRoutes());
    }

    private static Prefixes loadDelegated() {
        List<IpPrefix> prefixes = new ArrayList<>();
        List<Integer> values = new ArrayList<>();
        int lineNumber = 0;
        for (String line : lines(DELEGATED)) {
            lineNumber++;
            String[] f = line.split("\\|");
            // registry|cc|type|start|value|date|status|opaque-id; summary and version lines have fewer fields.
            if (f.length < 7 || !(f[6].equals("allocated") || f[6].equals("assigned"))) {
                continue;
            }
            if (f[2].equals("ipv4")) {
                long start = IpPrefix.IpAddress.parse(f[3]).lo();
                for (IpPrefix piece : cidrsCovering(start, Long.parseLong(f[4]))) {
                    prefixes.add(piece);
                    values.add(lineNumber);
                }
            } else if (f[2].equals("ipv6")) {
                prefixes.add(IpPrefix.parse(f[3] + "/" + f[4]));
                values.add(lineNumber);
            }
        }
        return new Prefixes(prefixes, values.stream().mapToInt(Integer::intValue).toArray());
    }

    /** A range of {@code count} IPv4 addresses as the fewest aligned prefixes (counts need not be powers of two). */
    static List<IpPrefix> cidrsCovering(long start, long count) {
        List<IpPrefix> pieces = new ArrayList<>();
        while (count > 0) {
            long alignment = start == 0 ? 1L << 32 : Long.lowestOneBit(start);
            long size = Math.min(alignment, Long.highestOneBit(count));
            pieces.add(IpPrefix.v4(start, 32 - Long.numberOfTrailingZeros(size)));
            start += size;
            count -= size;
        }
        return pieces;
    }

    private static Prefixes loadRoutes() {
        List<IpPrefix> prefixes = new ArrayList<>();
        for (String line : lines(PYASN_V4)) {
            addRoute(line, false, prefixes);
        }
        for (String line : lines(PYASN_V4_V6)) {
            addRoute(line, true, prefixes);
        }
        int[] values = new int[prefixes.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = i;
        }
        return new Prefixes(prefixes, values);
    }

    /** pyasn format: {@code ;} comments, then {@code prefix<TAB>origin-AS}. */
    private static void addRoute(String line, boolean v6Only, List<IpPrefix> into) {
        if (line.isEmpty() || line.charAt(0) == ';') {
            return;
        }
        String prefix = line.substring(0, line.indexOf('\t'));
        if (!v6Only || prefix.indexOf(':') >= 0) {
            into.add(IpPrefix.parse(prefix));
        }
    }

    private static List<String> lines(String resource) {
        InputStream raw = BenchmarkData.class.getResourceAsStream(resource);
        if (raw == null) {
            throw new IllegalStateException("missing classpath resource " + resource);
        }
        try (BufferedReader in = new BufferedReader(new InputStreamReader(new GZIPInputStream(raw, 1 << 16), StandardCharsets.UTF_8))) {
            return in.lines().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
