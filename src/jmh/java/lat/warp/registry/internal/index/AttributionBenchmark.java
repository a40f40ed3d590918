package lat.warp.registry.internal.index;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import lat.warp.registry.IpPrefix;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jol.info.GraphLayout;

/**
 * Attribution lookups over the real data: the full LACNIC delegated file (resources) and the pyasn
 * routing tables (512,621 IPv4 prefixes; 27,693 IPv6). One operation attributes one random address,
 * which takes a lookup in each of the two tables, exactly as the attribution service will do; the
 * baseline does the same with {@link SortedArrayBaseline}. Addresses are precomputed, half of them
 * inside LACNIC's space, so that hits and misses are both measured.
 *
 * <p>Run as documented in docs/benchmarks.md.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class AttributionBenchmark {

    /** A power of two, so that the cursor wraps with a mask; 1M addresses defeat any cache of answers. */
    private static final int ADDRESSES = 1 << 20;

    private BenchmarkData data;
    private PrefixIndex resourceIndex;
    private PrefixIndex routingIndex;
    private SortedArrayBaseline resourceBaseline;
    private SortedArrayBaseline routingBaseline;
    private int[] v4Addresses;
    private long[] v6Hi;
    private long[] v6Lo;
    private int cursor;

    @Setup
    public void setUp() {
        long loadStarted = System.nanoTime();
        data = BenchmarkData.load();
        long loadNanos = System.nanoTime() - loadStarted;
        long started = System.nanoTime();
        resourceIndex = data.resources().index();
        routingIndex = data.routes().index();
        long buildNanos = System.nanoTime() - started;
        resourceBaseline = new SortedArrayBaseline(data.resources().prefixes(), data.resources().values());
        routingBaseline = new SortedArrayBaseline(data.routes().prefixes(), data.routes().values());
        SplittableRandom random = new SplittableRandom(20240104);
        v4Addresses = v4Addresses(random, data.resources().family(false));
        v6Hi = new long[ADDRESSES];
        v6Lo = new long[ADDRESSES];
        fillV6Addresses(random, data.resources().family(true), v6Hi, v6Lo);
        checkIndexAgreesWithBaseline();
        System.out.printf("%n[attribution data] %,d resource prefixes (%,d distinct), %,d routes (%,d distinct);"
                        + " files read in %,d ms; first build of both indexes %,d ms (cold JIT)%n",
                data.resources().count(), resourceIndex.size(), data.routes().count(), routingIndex.size(),
                loadNanos / 1_000_000, buildNanos / 1_000_000);
        System.out.printf("[attribution memory] estimatedBytes: resources %,d + routing %,d = %,d bytes;"
                        + " JOL graph: %,d + %,d = %,d bytes%n",
                resourceIndex.estimatedBytes(), routingIndex.estimatedBytes(),
                resourceIndex.estimatedBytes() + routingIndex.estimatedBytes(),
                GraphLayout.parseInstance(resourceIndex).totalSize(), GraphLayout.parseInstance(routingIndex).totalSize(),
                GraphLayout.parseInstance(resourceIndex, routingIndex).totalSize());
    }

    @Benchmark
    public int lookupV4Index() {
        int address = v4Addresses[cursor++ & (ADDRESSES - 1)];
        return resourceIndex.lookupV4(address) * 31 + routingIndex.lookupV4(address);
    }

    @Benchmark
    public int lookupV4Baseline() {
        int address = v4Addresses[cursor++ & (ADDRESSES - 1)];
        return resourceBaseline.lookupV4(address) * 31 + routingBaseline.lookupV4(address);
    }

    @Benchmark
    public int lookupV6Index() {
        int i = cursor++ & (ADDRESSES - 1);
        return resourceIndex.lookupV6(v6Hi[i], v6Lo[i]) * 31 + routingIndex.lookupV6(v6Hi[i], v6Lo[i]);
    }

    @Benchmark
    public int lookupV6Baseline() {
        int i = cursor++ & (ADDRESSES - 1);
        return resourceBaseline.lookupV6(v6Hi[i], v6Lo[i]) * 31 + routingBaseline.lookupV6(v6Hi[i], v6Lo[i]);
    }

    /** Both indexes, IPv4 and IPv6, from the parsed prefixes: what happens after every import. */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public void buildIndex(Blackhole sink) {
        sink.consume(data.resources().index());
        sink.consume(data.routes().index());
    }

    /** Half uniformly random; half inside LACNIC's IPv4 resources, weighted by their size. */
    private static int[] v4Addresses(SplittableRandom random, List<IpPrefix> lacnic) {
        long[] cumulative = new long[lacnic.size()];
        long total = 0;
        for (int i = 0; i < lacnic.size(); i++) {
            total += 1L << (32 - lacnic.get(i).length());
            cumulative[i] = total;
        }
        int[] addresses = new int[ADDRESSES];
        for (int i = 0; i < ADDRESSES; i++) {
            if (random.nextBoolean()) {
                addresses[i] = random.nextInt();
            } else {
                long pick = random.nextLong(total);
                int k = Arrays.binarySearch(cumulative, pick + 1);
                IpPrefix p = lacnic.get(k >= 0 ? k : -k - 1);
                addresses[i] = (int) (p.lo() + random.nextLong(1L << (32 - p.length())));
            }
        }
        return addresses;
    }

    /** Half uniformly random in 2000::/3 (global unicast); half inside a random LACNIC IPv6 resource. */
    private static void fillV6Addresses(SplittableRandom random, List<IpPrefix> lacnic, long[] hi, long[] lo) {
        for (int i = 0; i < ADDRESSES; i++) {
            if (random.nextBoolean()) {
                hi[i] = 0x2000_0000_0000_0000L | random.nextLong() >>> 3;
                lo[i] = random.nextLong();
            } else {
                IpPrefix p = lacnic.get(random.nextInt(lacnic.size()));
                int length = p.length();
                hi[i] = p.hi() | (length >= 64 ? 0 : random.nextLong() >>> length);
                lo[i] = p.lo() | (length <= 64 ? random.nextLong() : length == 128 ? 0 : random.nextLong() >>> (length - 64));
            }
        }
    }

    /** The figures mean nothing if the two disagree: every benchmark address is checked first. */
    private void checkIndexAgreesWithBaseline() {
        for (int i = 0; i < ADDRESSES; i++) {
            int a = v4Addresses[i];
            if (resourceIndex.lookupV4(a) != resourceBaseline.lookupV4(a) || routingIndex.lookupV4(a) != routingBaseline.lookupV4(a)) {
                throw new IllegalStateException("index and baseline disagree on " + IpPrefix.IpAddress.v4(a));
            }
            if (resourceIndex.lookupV6(v6Hi[i], v6Lo[i]) != resourceBaseline.lookupV6(v6Hi[i], v6Lo[i])
                    || routingIndex.lookupV6(v6Hi[i], v6Lo[i]) != routingBaseline.lookupV6(v6Hi[i], v6Lo[i])) {
                throw new IllegalStateException("index and baseline disagree on " + new IpPrefix.IpAddress(true, v6Hi[i], v6Lo[i]));
            }
        }
    }

    /** Runs this class alone from an IDE; the documented way is the benchmarks jar. */
    public static void main(String[] args) throws RunnerException {
        new Runner(new OptionsBuilder().include(AttributionBenchmark.class.getSimpleName()).forks(1).build()).run();
    }
}
