package lat.warp.registry.internal.imports;

import lat.warp.registry.AddressText;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipException;
import lat.warp.registry.IpPrefix;

/**
 * Reads a prefix → origin-AS table in pyasn's text format, plain or gzip, handing each route to a
 * callback so that a full table (600,000 lines) never sits in a list.
 *
 * <p>Format: lines starting with {@code ;} are comments, among them a header that may declare counts
 * ({@code ; Prefixes      : 512621}, or {@code ; Prefixes-v4 : N} and {@code ; Prefixes-v6 : N} in mixed
 * tables), which are checked; every other line is {@code prefix<TAB>asn}, e.g. {@code 1.0.4.0/24\t56203}.
 *
 * <p>The callback sees routes as they are read, before the file is known to be whole: an importer stages
 * them and discards the stage unless {@link Result#acceptable()}.
 */
public final class RouteTableParser {

    static final int MAX_LINE_BYTES = 256;

    private static final long MAX_ASN = 0xFFFF_FFFFL;
    private static final int FAMILY_ALL = 0;
    private static final int FAMILY_V4 = 1;
    private static final int FAMILY_V6 = 2;

    /** Receives each well-formed route. */
    @FunctionalInterface
    public interface RouteSink {
        void route(IpPrefix prefix, long asn);
    }

    /**
     * What a parse found.
     *
     * @param ipv4Prefixes the number of IPv4 routes handed to the sink
     * @param ipv6Prefixes the number of IPv6 routes handed to the sink
     * @param problems everything wrong with the file, by line
     */
    public record Result(long ipv4Prefixes, long ipv6Prefixes, List<LineProblem> problems) {

        public Result {
            problems = List.copyOf(problems);
        }

        public long prefixes() {
            return ipv4Prefixes + ipv6Prefixes;
        }

        /** Whether the table may replace the current one: a table with any problem is refused whole. */
        public boolean acceptable() {
            return problems.isEmpty();
        }
    }

    /**
     * Reads a whole table.
     *
     * @param in the table, plain or gzip; not closed here
     * @throws IOException only when reading fails; a truncated gzip stream is reported as a problem
     */
    public Result parse(InputStream in, RouteSink sink) throws IOException {
        Problems problems = new Problems();
        LineReader reader = new LineReader(Compression.decompressIfGzip(in), MAX_LINE_BYTES);
        List<DeclaredCount> declared = new ArrayList<>(2);
        long[] found = new long[3];
        long[] ipv6 = new long[2];
        try {
            String line;
            while ((line = reader.readLine()) != null) {
                int number = reader.lineNumber();
                if (reader.lastLineTooLong()) {
                    problems.add(number, "line longer than " + MAX_LINE_BYTES + " bytes");
                } else if (line.startsWith(";")) {
                    readComment(line, number, declared, problems);
                } else if (!line.isBlank()) {
                    readRoute(line, number, sink, problems, found, ipv6);
                }
            }
        } catch (EOFException e) {
            problems.add(reader.lineNumber() + 1, "the compressed data ends early: the file is truncated");
        } catch (ZipException e) {
            problems.add(reader.lineNumber() + 1, "the compressed data is corrupt: " + e.getMessage());
        }
        for (DeclaredCount count : declared) {
            long actual = found[count.family()];
            if (actual != count.value()) {
                problems.add(count.line(), "the header declares " + count.value() + " " + count.label()
                        + " but the file has " + actual);
            }
        }
        return new Result(found[FAMILY_V4], found[FAMILY_V6], problems.toList());
    }

    private record DeclaredCount(int line, int family, long value, String label) {
    }

    private static void readComment(String line, int number, List<DeclaredCount> declared, Problems problems) {
        int colon = line.indexOf(':');
        if (colon < 0) {
            return;
        }
        String key = line.substring(1, colon).strip();
        int family = switch (key) {
            case "Prefixes" -> FAMILY_ALL;
            case "Prefixes-v4" -> FAMILY_V4;
            case "Prefixes-v6" -> FAMILY_V6;
            default -> -1;
        };
        if (family < 0) {
            return;
        }
        String value = line.substring(colon + 1).strip();
        long count = AddressText.parseUnsigned(value, 0, value.length(), Long.MAX_VALUE);
        if (count < 0) {
            problems.add(number, "the header's " + key + " count " + Problems.quote(value) + " is not a number");
        } else {
            String label = family == FAMILY_ALL ? "prefixes" : family == FAMILY_V4 ? "IPv4 prefixes" : "IPv6 prefixes";
            declared.add(new DeclaredCount(number, family, count, label));
        }
    }

    private static void readRoute(String line, int number, RouteSink sink, Problems problems, long[] found,
            long[] ipv6) {
        int prefixEnd = 0;
        while (prefixEnd < line.length() && !Character.isWhitespace(line.charAt(prefixEnd))) {
            prefixEnd++;
        }
        int asnStart = prefixEnd;
        while (asnStart < line.length() && Character.isWhitespace(line.charAt(asnStart))) {
            asnStart++;
        }
        int asnEnd = asnStart;
        while (asnEnd < line.length() && !Character.isWhitespace(line.charAt(asnEnd))) {
            asnEnd++;
        }
        int rest = asnEnd;
        while (rest < line.length() && Character.isWhitespace(line.charAt(rest))) {
            rest++;
        }
        if (prefixEnd == 0 || asnStart == line.length() || rest != line.length()) {
            problems.add(number, "expected 'prefix<TAB>asn'");
            return;
        }
        int slash = line.lastIndexOf('/', prefixEnd - 1);
        long length = slash < 0 ? -1 : AddressText.parseUnsigned(line, slash + 1, prefixEnd, 128);
        long asn = AddressText.parseUnsigned(line, asnStart, asnEnd, MAX_ASN);
        if (slash < 0 || length < 0) {
            problems.add(number, "prefix " + Problems.quote(line.substring(0, prefixEnd)) + " has no valid length");
            return;
        }
        if (asn < 0) {
            problems.add(number, "bad AS number " + Problems.quote(line.substring(asnStart, asnEnd)));
            return;
        }
        long v4 = AddressText.parseIpv4(line, 0, slash);
        IpPrefix prefix;
        if (v4 != AddressText.INVALID) {
            if (length > 32) {
                problems.add(number, "IPv4 prefix length " + length + " is more than 32");
                return;
            }
            if (length < 32 && (v4 & (0xFFFF_FFFFL >>> length)) != 0) {
                problems.add(number, line.substring(0, slash) + " is not the first address of a /" + length);
                return;
            }
            prefix = IpPrefix.v4(v4, (int) length);
            found[FAMILY_V4]++;
        } else if (AddressText.parseIpv6(line, 0, slash, ipv6)) {
            if (AddressText.hasHostBits(ipv6[0], ipv6[1], (int) length)) {
                problems.add(number, line.substring(0, slash) + " is not the first address of a /" + length);
                return;
            }
            prefix = IpPrefix.v6(ipv6[0], ipv6[1], (int) length);
            found[FAMILY_V6]++;
        } else {
            problems.add(number, "bad address " + Problems.quote(line.substring(0, slash)));
            return;
        }
        found[FAMILY_ALL]++;
        sink.route(prefix, asn);
    }
}
