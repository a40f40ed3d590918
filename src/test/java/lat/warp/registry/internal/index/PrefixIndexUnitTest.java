package lat.warp.registry.internal.index;

import static lat.warp.registry.internal.index.PrefixIndex.NO_MATCH;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import lat.warp.registry.IpPrefix;
import lat.warp.registry.IpPrefix.IpAddress;
import org.junit.jupiter.api.Test;

class PrefixIndexUnitTest {

    private static int lookup(PrefixIndex index, String address) {
        return index.lookup(IpAddress.parse(address));
    }

    private static PrefixIndex index(String... prefixes) {
        PrefixIndex.Builder builder = PrefixIndex.builder();
        for (int i = 0; i < prefixes.length; i++) {
            builder.add(IpPrefix.parse(prefixes[i]), i);
        }
        return builder.build();
    }

    @Test
    void anEmptyIndexMatchesNothing() {
        PrefixIndex index = PrefixIndex.builder().build();

        assertThat(lookup(index, "0.0.0.0")).isEqualTo(NO_MATCH);
        assertThat(lookup(index, "255.255.255.255")).isEqualTo(NO_MATCH);
        assertThat(lookup(index, "::")).isEqualTo(NO_MATCH);
        assertThat(lookup(index, "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff")).isEqualTo(NO_MATCH);
        assertThat(index.size()).isZero();
        assertThat(index.estimatedBytes()).isPositive();
    }

    @Test
    void theMostSpecificPrefixWinsAtBothEndsAndInTheMiddleOfItsParent() {
        PrefixIndex index = index("200.0.0.0/8", "200.7.0.0/16", "200.7.84.0/24", "200.7.84.128/25", "200.255.255.255/32");

        assertThat(lookup(index, "199.255.255.255")).isEqualTo(NO_MATCH);
        assertThat(lookup(index, "200.0.0.0")).isEqualTo(0);
        assertThat(lookup(index, "200.6.255.255")).isEqualTo(0);
        assertThat(lookup(index, "200.7.0.0")).isEqualTo(1);
        assertThat(lookup(index, "200.7.84.0")).isEqualTo(2);
        assertThat(lookup(index, "200.7.84.127")).isEqualTo(2);
        assertThat(lookup(index, "200.7.84.128")).isEqualTo(3);
        assertThat(lookup(index, "200.7.84.255")).isEqualTo(3);
        assertThat(lookup(index, "200.7.85.0")).isEqualTo(1);
        assertThat(lookup(index, "200.7.255.255")).isEqualTo(1);
        assertThat(lookup(index, "200.8.0.0")).isEqualTo(0);
        assertThat(lookup(index, "200.255.255.254")).isEqualTo(0);
        assertThat(lookup(index, "200.255.255.255")).isEqualTo(4);
        assertThat(lookup(index, "201.0.0.0")).isEqualTo(NO_MATCH);
    }

    @Test
    void nestedIpv6PrefixesResolveToTheMostSpecific() {
        PrefixIndex index = index("2800::/12", "2801:10::/32", "2801:10:8000::/33", "2801:10:8000::/48");

        assertThat(lookup(index, "27ff:ffff::")).isEqualTo(NO_MATCH);
        assertThat(lookup(index, "2800::")).isEqualTo(0);
        assertThat(lookup(index, "2801:f:ffff:ffff::")).isEqualTo(0);
        assertThat(lookup(index, "2801:10::")).isEqualTo(1);
        assertThat(lookup(index, "2801:10:7fff:ffff:ffff:ffff:ffff:ffff")).isEqualTo(1);
        assertThat(lookup(index, "2801:10:8000::1")).isEqualTo(3);
        assertThat(lookup(index, "2801:10:8001::")).isEqualTo(2);
        assertThat(lookup(index, "2801:10:ffff:ffff:ffff:ffff:ffff:ffff")).isEqualTo(2);
        assertThat(lookup(index, "2801:11::")).isEqualTo(0);
        assertThat(lookup(index, "280f:ffff:ffff:ffff:ffff:ffff:ffff:ffff")).isEqualTo(0);
        assertThat(lookup(index, "2810::")).isEqualTo(NO_MATCH);
    }

    @Test
    void adjacentPrefixesKeepTheirOwnValuesUpToTheirLastAddress() {
        PrefixIndex index = index("10.0.0.0/24", "10.0.1.0/24", "10.0.2.0/23", "2001:db8::/33", "2001:db8:8000::/33");

        assertThat(lookup(index, "10.0.0.255")).isEqualTo(0);
        assertThat(lookup(index, "10.0.1.0")).isEqualTo(1);
        assertThat(lookup(index, "10.0.1.255")).isEqualTo(1);
        assertThat(lookup(index, "10.0.2.0")).isEqualTo(2);
        assertThat(lookup(index, "10.0.3.255")).isEqualTo(2);
        assertThat(lookup(index, "10.0.4.0")).isEqualTo(NO_MATCH);
        assertThat(lookup(index, "2001:db8:7fff:ffff:ffff:ffff:ffff:ffff")).isEqualTo(3);
        assertThat(lookup(index, "2001:db8:8000::")).isEqualTo(4);
        assertThat(lookup(index, "2001:db9::")).isEqualTo(NO_MATCH);
    }

    @Test
    void theDefaultRouteCoversEveryAddressOfItsFamilyOnly() {
        PrefixIndex v4 = index("0.0.0.0/0", "192.0.2.0/24");
        PrefixIndex v6 = index("::/0", "2001:db8::/32");

        assertThat(lookup(v4, "0.0.0.0")).isEqualTo(0);
        assertThat(lookup(v4, "192.0.2.1")).isEqualTo(1);
        assertThat(lookup(v4, "255.255.255.255")).isEqualTo(0);
        assertThat(lookup(v4, "::1")).isEqualTo(NO_MATCH);
        assertThat(lookup(v6, "::")).isEqualTo(0);
        assertThat(lookup(v6, "2001:db8::1")).isEqualTo(1);
        assertThat(lookup(v6, "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff")).isEqualTo(0);
        assertThat(lookup(v6, "1.2.3.4")).isEqualTo(NO_MATCH);
    }

    @Test
    void hostPrefixesMatchExactlyOneAddress() {
        PrefixIndex index = index("0.0.0.0/32", "255.255.255.255/32", "203.0.113.7/32",
                "::/128", "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff/128", "2001:db8::7/128");

        assertThat(lookup(index, "0.0.0.0")).isEqualTo(0);
        assertThat(lookup(index, "0.0.0.1")).isEqualTo(NO_MATCH);
        assertThat(lookup(index, "255.255.255.255")).isEqualTo(1);
        assertThat(lookup(index, "255.255.255.254")).isEqualTo(NO_MATCH);
        assertThat(lookup(index, "203.0.113.6")).isEqualTo(NO_MATCH);
        assertThat(lookup(index, "203.0.113.7")).isEqualTo(2);
        assertThat(lookup(index, "203.0.113.8")).isEqualTo(NO_MATCH);
        assertThat(lookup(index, "::")).isEqualTo(3);
        assertThat(lookup(index, "::1")).isEqualTo(NO_MATCH);
        assertThat(lookup(index, "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff")).isEqualTo(4);
        assertThat(lookup(index, "ffff:ffff:ffff:ffff:ffff:ffff:ffff:fffe")).isEqualTo(NO_MATCH);
        assertThat(lookup(index, "2001:db8::6")).isEqualTo(NO_MATCH);
        assertThat(lookup(index, "2001:db8::7")).isEqualTo(5);
        assertThat(lookup(index, "2001:db8::8")).isEqualTo(NO_MATCH);
    }

    @Test
    void ipv6PrefixesLongerThanSixtyFourBitsCompareTheLowHalfToo() {
        PrefixIndex index = index("2001:db8:0:1::/64", "2001:db8:0:1:8000::/65", "2001:db8:0:1:8000:0:0:100/120",
                "2001:db8:0:1:8000:0:0:180/121", "2001:db8:0:1:ffff:ffff:ffff:fffc/126");

        assertThat(lookup(index, "2001:db8:0:1::")).isEqualTo(0);
        assertThat(lookup(index, "2001:db8:0:1:7fff:ffff:ffff:ffff")).isEqualTo(0);
        assertThat(lookup(index, "2001:db8:0:1:8000::")).isEqualTo(1);
        assertThat(lookup(index, "2001:db8:0:1:8000:0:0:ff")).isEqualTo(1);
        assertThat(lookup(index, "2001:db8:0:1:8000:0:0:100")).isEqualTo(2);
        assertThat(lookup(index, "2001:db8:0:1:8000:0:0:17f")).isEqualTo(2);
        assertThat(lookup(index, "2001:db8:0:1:8000:0:0:180")).isEqualTo(3);
        assertThat(lookup(index, "2001:db8:0:1:8000:0:0:1ff")).isEqualTo(3);
        assertThat(lookup(index, "2001:db8:0:1:8000:0:0:200")).isEqualTo(1);
        assertThat(lookup(index, "2001:db8:0:1:ffff:ffff:ffff:fffb")).isEqualTo(1);
        assertThat(lookup(index, "2001:db8:0:1:ffff:ffff:ffff:fffc")).isEqualTo(4);
        assertThat(lookup(index, "2001:db8:0:1:ffff:ffff:ffff:ffff")).isEqualTo(4);
        assertThat(lookup(index, "2001:db8:0:2::")).isEqualTo(NO_MATCH);
    }

    @Test
    void manyHostRoutesInOneRegionStillResolveExactly() {
        // More /128s than a leaf holds, differing only in the last bits: forces the deepest nodes.
        PrefixIndex.Builder builder = PrefixIndex.builder();
        for (int i = 0; i < 100; i++) {
            builder.add(IpPrefix.v6(0x2001_0db8_0000_0000L, 2L * i, 128), i);
        }
        PrefixIndex index = builder.build();

        for (int i = 0; i < 100; i++) {
            assertThat(index.lookupV6(0x2001_0db8_0000_0000L, 2L * i)).isEqualTo(i);
            assertThat(index.lookupV6(0x2001_0db8_0000_0000L, 2L * i + 1)).isEqualTo(NO_MATCH);
        }
    }

    @Test
    void theSamePrefixAddedTwiceKeepsTheLaterValue() {
        PrefixIndex index = PrefixIndex.builder()
                .add(IpPrefix.parse("198.51.100.0/24"), 1)
                .add(IpPrefix.parse("2001:db8::/32"), 3)
                .add(IpPrefix.parse("198.51.100.0/24"), 2)
                .add(IpPrefix.parse("2001:db8::/32"), 4)
                .build();

        assertThat(lookup(index, "198.51.100.1")).isEqualTo(2);
        assertThat(lookup(index, "2001:db8::1")).isEqualTo(4);
        assertThat(index.size()).isEqualTo(2);
    }

    @Test
    void refusesNegativeValuesBecauseMinusOneMeansNoMatch() {
        assertThatIllegalArgumentException().isThrownBy(() -> PrefixIndex.builder().add(IpPrefix.parse("10.0.0.0/8"), -1));
    }

    @Test
    void aDenselyCutSlash16AgreesWithAScanOfAllPrefixesOnEveryAddress() {
        // Hundreds of intervals in one /16 take the path through its /24 node.
        SplittableRandom random = new SplittableRandom(7);
        long base = IpAddress.parse("200.7.0.0").lo();
        List<IpPrefix> prefixes = new ArrayList<>(List.of(IpPrefix.v4(base, 12)));
        for (int i = 0; i < 300; i++) {
            prefixes.add(IpPrefix.v4(base + random.nextInt(1 << 16), 17 + random.nextInt(16)));
        }
        PrefixIndex index = build(prefixes);

        for (long address = base - 1; address <= base + (1 << 16); address++) {
            IpAddress probe = IpAddress.v4(address);
            assertThat(index.lookupV4((int) address)).as("%s", probe).isEqualTo(longestMatch(prefixes, probe));
        }
    }

    @Test
    void theLargestValueSurvivesEveryKindOfLeaf() {
        PrefixIndex.Builder builder = PrefixIndex.builder()
                .add(IpPrefix.parse("200.7.0.0/16"), Integer.MAX_VALUE)
                .add(IpPrefix.parse("2001:db8::/32"), Integer.MAX_VALUE);
        for (int i = 0; i < 32; i++) {
            builder.add(IpPrefix.v4(IpAddress.parse("200.7.128.0").lo() + 4L * i, 30), i);
        }
        PrefixIndex index = builder.build();

        assertThat(lookup(index, "200.7.0.1")).isEqualTo(Integer.MAX_VALUE);
        assertThat(lookup(index, "200.7.128.200")).isEqualTo(Integer.MAX_VALUE);
        assertThat(lookup(index, "200.7.129.1")).isEqualTo(Integer.MAX_VALUE);
        assertThat(lookup(index, "200.7.128.5")).isEqualTo(1);
        assertThat(lookup(index, "2001:db8::1")).isEqualTo(Integer.MAX_VALUE);
    }

    @Test
    void agreesWithAScanOfAllPrefixesOnRandomIpv4Addresses() {
        SplittableRandom random = new SplittableRandom(20240104);
        long[] anchors = random.longs(200, 0, 1L << 32).toArray();
        List<IpPrefix> prefixes = new ArrayList<>();
        for (int i = 0; i < 4000; i++) {
            // Prefixes around a few anchors nest inside each other; a few are duplicates.
            long base = random.nextInt(4) == 0 ? random.nextLong(1L << 32) : anchors[random.nextInt(anchors.length)];
            prefixes.add(IpPrefix.v4(base, random.nextInt(33)));
        }
        prefixes.add(IpPrefix.v4(anchors[0], 32));
        PrefixIndex index = build(prefixes);

        for (int i = 0; i < 100_000; i++) {
            long address = switch (i % 4) {
                case 0 -> random.nextLong(1L << 32);
                case 1 -> anchors[random.nextInt(anchors.length)] ^ (random.nextLong(1L << 32) >>> random.nextInt(33));
                case 2 -> prefixes.get(random.nextInt(prefixes.size())).last().lo();
                default -> prefixes.get(random.nextInt(prefixes.size())).lo() + random.nextInt(-1, 2) & 0xFFFF_FFFFL;
            };
            IpAddress probe = IpAddress.v4(address);
            assertThat(index.lookupV4((int) address)).as("%s", probe).isEqualTo(longestMatch(prefixes, probe));
        }
    }

    @Test
    void agreesWithAScanOfAllPrefixesOnRandomIpv6Addresses() {
        SplittableRandom random = new SplittableRandom(20151101);
        long[][] anchors = new long[200][];
        for (int i = 0; i < anchors.length; i++) {
            anchors[i] = new long[] {0x2000_0000_0000_0000L | random.nextLong() >>> 3, random.nextLong()};
        }
        List<IpPrefix> prefixes = new ArrayList<>();
        for (int i = 0; i < 4000; i++) {
            long[] base = random.nextInt(4) == 0 ? new long[] {random.nextLong(), random.nextLong()} : anchors[random.nextInt(anchors.length)];
            // Mostly the lengths seen in routing (up to /64), a quarter longer, down to /128.
            int length = random.nextInt(4) == 0 ? 64 + random.nextInt(65) : random.nextInt(65);
            prefixes.add(IpPrefix.v6(base[0], base[1], length));
        }
        PrefixIndex index = build(prefixes);

        for (int i = 0; i < 100_000; i++) {
            IpAddress probe = switch (i % 4) {
                case 0 -> new IpAddress(true, random.nextLong(), random.nextLong());
                case 1 -> {
                    long[] anchor = anchors[random.nextInt(anchors.length)];
                    int keep = random.nextInt(129);
                    IpPrefix around = IpPrefix.v6(anchor[0], anchor[1], keep);
                    long hiNoise = keep >= 64 ? 0 : random.nextLong() >>> keep;
                    long loNoise = keep <= 64 ? random.nextLong() : (keep == 128 ? 0 : random.nextLong() >>> (keep - 64));
                    yield new IpAddress(true, around.hi() | hiNoise, around.lo() | loNoise);
                }
                case 2 -> prefixes.get(random.nextInt(prefixes.size())).last();
                default -> prefixes.get(random.nextInt(prefixes.size())).network();
            };
            assertThat(index.lookupV6(probe.hi(), probe.lo())).as("%s", probe).isEqualTo(longestMatch(prefixes, probe));
        }
    }

    private static PrefixIndex build(List<IpPrefix> prefixes) {
        PrefixIndex.Builder builder = PrefixIndex.builder();
        for (int i = 0; i < prefixes.size(); i++) {
            builder.add(prefixes.get(i), i);
        }
        return builder.build();
    }

    /** The reference: every prefix is tried; the longest wins, and of equal prefixes the one added last. */
    private static int longestMatch(List<IpPrefix> prefixes, IpAddress address) {
        int best = NO_MATCH;
        int bestLength = -1;
        for (int i = 0; i < prefixes.size(); i++) {
            IpPrefix p = prefixes.get(i);
            if (p.length() >= bestLength && covers(p, address)) {
                best = i;
                bestLength = p.length();
            }
        }
        return best;
    }

    private static boolean covers(IpPrefix p, IpAddress a) {
        if (p.v6() != a.v6()) {
            return false;
        }
        if (!p.v6()) {
            long mask = p.length() == 0 ? 0 : (0xFFFF_FFFFL << (32 - p.length())) & 0xFFFF_FFFFL;
            return (a.lo() & mask) == p.lo();
        }
        long hiMask = p.length() == 0 ? 0 : p.length() >= 64 ? -1L : -1L << (64 - p.length());
        long loMask = p.length() <= 64 ? 0 : -1L << (128 - p.length());
        return (a.hi() & hiMask) == p.hi() && (a.lo() & loMask) == p.lo();
    }
}
