package lat.warp.registry.internal.imports;

import lat.warp.registry.AddressText;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipException;
import lat.warp.registry.IpPrefix;
import lat.warp.registry.internal.imports.DelegatedFile.Header;
import lat.warp.registry.internal.imports.DelegatedRecord.ResourceType;
import lat.warp.registry.internal.imports.DelegatedRecord.Status;
import org.jspecify.annotations.Nullable;

/**
 * Reads an NRO extended delegated-statistics file of any RIR, plain or gzip, in one streaming pass.
 *
 * <p>Format (NRO "RIR statistics exchange format"): comment lines start with {@code #}; the first other
 * line is the version line {@code version|registry|serial|records|startdate|enddate|UTCoffset}; summary
 * lines {@code registry|*|type|*|count|summary} follow; every other line is a record
 * {@code registry|cc|type|start|value|date|status|opaque-id[|extensions]}. {@code available} and
 * {@code reserved} lines may stop after the status (7 fields) or carry an empty opaque-id. An IPv4 value
 * is a count of addresses that need not be a power of two, an IPv6 value a prefix length, an ASN value a
 * count of consecutive AS numbers.
 *
 * <p>Nothing is thrown for bad data: every problem is reported with its line number in
 * {@link DelegatedFile#problems()}, and the record counts of the version and summary lines are checked, so
 * a truncated download is caught. Memory apart from the returned records stays bounded: lines are cut at
 * {@value #MAX_LINE_BYTES} bytes and problems at {@value Problems#LIMIT}. Instances hold no state and may
 * be shared.
 */
public final class DelegatedStatsParser {

    static final int MAX_LINE_BYTES = 4096;

    private static final int MAX_FIELDS = 16;
    private static final long IPV4_SPACE = 1L << 32;
    private static final long MAX_ASN = 0xFFFF_FFFFL;
    /** Stands for a date field that is present but not a date, as opposed to an absent date (null). */
    private static final LocalDate BAD_DATE = LocalDate.MIN;
    /** The NRO's combined file lists the records of all five RIRs under its own name. */
    private static final String COMBINED_REGISTRY = "nro";

    /**
     * Reads a whole file.
     *
     * @param in the file's bytes, plain text or gzip; not closed here
     * @throws IOException only when reading the stream fails; a truncated or corrupt gzip stream is
     *     reported as a problem instead, being a fault of the file rather than of the reading
     */
    public DelegatedFile parse(InputStream in) throws IOException {
        return new Run().parse(in);
    }

    /** The state of one parse, so that the parser itself can be shared between threads. */
    private static final class Run {

        private final Problems problems = new Problems();
        private final List<DelegatedRecord> records = new ArrayList<>();
        private final Map<String, Integer> summaryCounts = new LinkedHashMap<>();
        private final Map<String, Integer> summaryLines = new HashMap<>();
        private final int[] recordsByType = new int[ResourceType.values().length];
        /** Registry names, country codes and opaque-ids repeat thousands of times; keep one copy of each. */
        private final Map<String, String> canonical = new HashMap<>();
        private final String[] fields = new String[MAX_FIELDS];
        private final long[] ipv6 = new long[2];
        private @Nullable Header header;
        private boolean sawContent;
        private int recordLines;

        DelegatedFile parse(InputStream in) throws IOException {
            LineReader reader = new LineReader(Compression.decompressIfGzip(in), MAX_LINE_BYTES);
            try {
                String line;
                while ((line = reader.readLine()) != null) {
                    int number = reader.lineNumber();
                    if (reader.lastLineTooLong()) {
                        problems.add(number, "line longer than " + MAX_LINE_BYTES + " bytes");
                        sawContent = true;
                    } else if (!line.isEmpty() && line.charAt(0) != '#') {
                        readLine(line, number);
                    }
                }
            } catch (EOFException e) {
                problems.add(reader.lineNumber() + 1, "the compressed data ends early: the file is truncated");
            } catch (ZipException e) {
                problems.add(reader.lineNumber() + 1, "the compressed data is corrupt: " + e.getMessage());
            }
            checkCounts();
            return new DelegatedFile(header, records, problems.toList(), summaryCounts);
        }

        private void readLine(String line, int number) {
            int count = split(line);
            if (!sawContent) {
                sawContent = true;
                if (looksLikeVersion(fields[0])) {
                    readVersionLine(count, number);
                    return;
                }
                problems.add(number, "missing version line: a file must begin with "
                        + "version|registry|serial|records|startdate|enddate|UTCoffset");
            } else if (looksLikeVersion(fields[0])) {
                problems.add(number, "a second version line");
                return;
            }
            if (count > 1 && fields[1].equals("*")) {
                readSummaryLine(count, number);
            } else {
                readRecordLine(count, number);
            }
        }

        private void readVersionLine(int count, int number) {
            if (count != 7) {
                problems.add(number, "the version line has " + count + " fields, expected 7: "
                        + "version|registry|serial|records|startdate|enddate|UTCoffset");
                return;
            }
            String registry = fields[1];
            String serial = fields[2];
            long declared = AddressText.parseUnsigned(fields[3], 0, fields[3].length(), Integer.MAX_VALUE);
            LocalDate start = parseDate(fields[4]);
            LocalDate end = parseDate(fields[5]);
            String offset = fields[6];
            String fault = !isRegistryName(registry) ? "registry name " + Problems.quote(registry) + " is not valid"
                    : !isDigits(serial) ? "serial " + Problems.quote(serial) + " is not a number"
                    : declared < 0 ? "record count " + Problems.quote(fields[3]) + " is not a number"
                    : start == BAD_DATE ? "start date " + Problems.quote(fields[4]) + " is not a date"
                    : end == BAD_DATE ? "end date " + Problems.quote(fields[5]) + " is not a date"
                    : !isUtcOffset(offset) ? "UTC offset " + Problems.quote(offset) + " is not valid"
                    : null;
            if (fault != null) {
                problems.add(number, "malformed version line: " + fault);
                return;
            }
            header = new Header(number, fields[0], registry, serial, (int) declared, start, end, offset);
        }

        private void readSummaryLine(int count, int number) {
            if (count != 6 || !fields[3].equals("*") || !fields[5].equals("summary")) {
                problems.add(number, "malformed summary line: expected registry|*|type|*|count|summary");
                return;
            }
            String type = fields[2];
            long declared = AddressText.parseUnsigned(fields[4], 0, fields[4].length(), Integer.MAX_VALUE);
            if (ResourceType.fromToken(type) == null) {
                problems.add(number, "summary of unknown type " + Problems.quote(type));
            } else if (declared < 0) {
                problems.add(number, "summary count " + Problems.quote(fields[4]) + " is not a number");
            } else if (summaryCounts.containsKey(type)) {
                problems.add(number, "a second summary line for " + type + " (the first is line "
                        + summaryLines.get(type) + ")");
            } else {
                summaryCounts.put(type, (int) declared);
                summaryLines.put(type, number);
            }
        }

        private void readRecordLine(int count, int number) {
            recordLines++;
            ResourceType type = count > 2 ? ResourceType.fromToken(fields[2]) : null;
            if (type != null) {
                // Counted even when the line is bad, so that one bad line is not also a summary mismatch.
                recordsByType[type.ordinal()]++;
            }
            if (count < 7) {
                problems.add(number, count + " fields; a record has 8: "
                        + "registry|cc|type|start|value|date|status|opaque-id");
                return;
            }
            if (type == null) {
                problems.add(number, "unknown type " + Problems.quote(fields[2]) + " (expected ipv4, ipv6 or asn)");
                return;
            }
            Status status = Status.fromToken(fields[6]);
            if (status == null) {
                problems.add(number, "unknown status " + Problems.quote(fields[6])
                        + " (expected allocated, assigned, reserved or available)");
                return;
            }
            if (count == 7 && status.held()) {
                problems.add(number, "7 fields; an " + fields[6] + " record has 8, ending with the opaque-id");
                return;
            }
            String opaqueId = count >= 8 ? fields[7] : "";
            String registry = fields[0];
            String cc = fields[1];
            LocalDate date = parseDate(fields[5]);
            String fault = !isRegistryName(registry) ? "registry name " + Problems.quote(registry) + " is not valid"
                    : header != null && !header.registry().equals(COMBINED_REGISTRY)
                            && !header.registry().equals(registry)
                            ? "registry " + Problems.quote(registry) + " differs from the file's "
                                    + Problems.quote(header.registry())
                    : !(isCountryCode(cc) || (cc.isEmpty() && !status.held()))
                            ? "country code " + Problems.quote(cc) + " is not two capital letters"
                    : date == BAD_DATE ? "date " + Problems.quote(fields[5]) + " is not a date (yyyymmdd)"
                    : status.held() && opaqueId.isEmpty() ? "an " + fields[6] + " record needs an opaque-id"
                    : null;
            if (fault != null) {
                problems.add(number, fault);
                return;
            }
            switch (type) {
                case IPV4 -> readIpv4(number, registry, cc, date, status, opaqueId);
                case IPV6 -> readIpv6(number, registry, cc, date, status, opaqueId);
                case ASN -> readAsn(number, registry, cc, date, status, opaqueId);
            }
        }

        private void readIpv4(int number, String registry, String cc, @Nullable LocalDate date, Status status,
                String opaqueId) {
            String startText = fields[3];
            String countText = fields[4];
            long start = AddressText.parseIpv4(startText, 0, startText.length());
            long count = AddressText.parseUnsigned(countText, 0, countText.length(), IPV4_SPACE);
            if (start == AddressText.INVALID) {
                problems.add(number, "bad IPv4 address " + Problems.quote(startText));
            } else if (count <= 0) {
                problems.add(number, "IPv4 count " + Problems.quote(countText) + " is not a positive number");
            } else if (start + count > IPV4_SPACE) {
                problems.add(number, startText + " plus " + count + " addresses runs past 255.255.255.255");
            } else {
                add(number, registry, cc, ResourceType.IPV4, splitIntoPrefixes(start, count), -1, -1, date,
                        status, opaqueId);
            }
        }

        private void readIpv6(int number, String registry, String cc, @Nullable LocalDate date, Status status,
                String opaqueId) {
            String startText = fields[3];
            String lengthText = fields[4];
            long length = AddressText.parseUnsigned(lengthText, 0, lengthText.length(), Integer.MAX_VALUE);
            if (!AddressText.parseIpv6(startText, 0, startText.length(), ipv6)) {
                problems.add(number, "bad IPv6 address " + Problems.quote(startText));
            } else if (length < 1 || length > 128) {
                problems.add(number, "IPv6 prefix length " + Problems.quote(lengthText) + " is not between 1 and 128");
            } else if (AddressText.hasHostBits(ipv6[0], ipv6[1], (int) length)) {
                problems.add(number, startText + " is not the first address of a /" + length);
            } else {
                add(number, registry, cc, ResourceType.IPV6, List.of(IpPrefix.v6(ipv6[0], ipv6[1], (int) length)),
                        -1, -1, date, status, opaqueId);
            }
        }

        private void readAsn(int number, String registry, String cc, @Nullable LocalDate date, Status status,
                String opaqueId) {
            String firstText = fields[3];
            String countText = fields[4];
            long first = AddressText.parseUnsigned(firstText, 0, firstText.length(), MAX_ASN);
            long count = AddressText.parseUnsigned(countText, 0, countText.length(), MAX_ASN + 1);
            if (first < 0) {
                problems.add(number, "bad AS number " + Problems.quote(firstText));
            } else if (count <= 0) {
                problems.add(number, "ASN count " + Problems.quote(countText) + " is not a positive number");
            } else if (first + count - 1 > MAX_ASN) {
                problems.add(number, "AS" + first + " plus " + count + " numbers runs past AS" + MAX_ASN);
            } else {
                add(number, registry, cc, ResourceType.ASN, List.of(), first, first + count - 1, date, status,
                        opaqueId);
            }
        }

        private void add(int number, String registry, String cc, ResourceType type, List<IpPrefix> prefixes,
                long asnFirst, long asnLast, @Nullable LocalDate date, Status status, String opaqueId) {
            records.add(new DelegatedRecord(number, canonical(registry), canonical(cc), type, prefixes, asnFirst,
                    asnLast, date, status, canonical(opaqueId)));
        }

        private void checkCounts() {
            if (!sawContent) {
                problems.add(0, "the file is empty: no version line");
            }
            if (header != null && header.records() != recordLines) {
                problems.add(header.line(), "the version line declares " + header.records()
                        + " records but the file has " + recordLines + " (is it truncated?)");
            }
            for (Map.Entry<String, Integer> summary : summaryCounts.entrySet()) {
                ResourceType type = ResourceType.fromToken(summary.getKey());
                int found = type == null ? 0 : recordsByType[type.ordinal()];
                if (found != summary.getValue()) {
                    problems.add(summaryLines.get(summary.getKey()), "the summary declares " + summary.getValue()
                            + " " + summary.getKey() + " records but the file has " + found);
                }
            }
        }

        /** Splits on '|' into {@link #fields}; returns the number of fields, counting extensions beyond 16 unkept. */
        private int split(String line) {
            int count = 0;
            int start = 0;
            while (true) {
                int bar = line.indexOf('|', start);
                if (count < MAX_FIELDS) {
                    fields[count] = bar < 0 ? line.substring(start) : line.substring(start, bar);
                }
                count++;
                if (bar < 0) {
                    return count;
                }
                start = bar + 1;
            }
        }

        private String canonical(String s) {
            String known = canonical.putIfAbsent(s, s);
            return known == null ? s : known;
        }
    }

    /**
     * The fewest CIDR prefixes that cover {@code count} addresses from {@code start} exactly: each piece is
     * as large as both the alignment of its first address and the addresses left allow.
     */
    static List<IpPrefix> splitIntoPrefixes(long start, long count) {
        long end = start + count;
        int firstBits = Math.min(Long.numberOfTrailingZeros(start), 32);
        if (1L << firstBits == count) {
            return List.of(IpPrefix.v4(start, 32 - firstBits));
        }
        List<IpPrefix> prefixes = new ArrayList<>(4);
        long next = start;
        while (next < end) {
            int alignedBits = Math.min(Long.numberOfTrailingZeros(next), 32);
            int fittingBits = 63 - Long.numberOfLeadingZeros(end - next);
            int bits = Math.min(alignedBits, fittingBits);
            prefixes.add(IpPrefix.v4(next, 32 - bits));
            next += 1L << bits;
        }
        return prefixes;
    }

    /** An absent date (empty or {@code 00000000}) is null; anything else not a valid yyyymmdd is {@link #BAD_DATE}. */
    private static @Nullable LocalDate parseDate(String text) {
        if (text.isEmpty() || text.equals("00000000")) {
            return null;
        }
        if (text.length() != 8 || !isDigits(text)) {
            return BAD_DATE;
        }
        int value = Integer.parseInt(text);
        try {
            return LocalDate.of(value / 10_000, value / 100 % 100, value % 100);
        } catch (DateTimeException e) {
            return BAD_DATE;
        }
    }

    private static boolean looksLikeVersion(String field) {
        if (field.isEmpty() || !Character.isDigit(field.charAt(0))) {
            return false;
        }
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            if (c != '.' && (c < '0' || c > '9')) {
                return false;
            }
        }
        return true;
    }

    private static boolean isRegistryName(String s) {
        if (s.isEmpty() || s.length() > 16) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 'a' || c > 'z') {
                return false;
            }
        }
        return true;
    }

    private static boolean isCountryCode(String s) {
        return s.length() == 2 && s.charAt(0) >= 'A' && s.charAt(0) <= 'Z' && s.charAt(1) >= 'A' && s.charAt(1) <= 'Z';
    }

    private static boolean isDigits(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    /** {@code -0300}, {@code +1000}, or AFRINIC's {@code 00000}. */
    private static boolean isUtcOffset(String s) {
        String digits = s.startsWith("+") || s.startsWith("-") ? s.substring(1) : s;
        return (digits.length() == 4 || digits.length() == 5) && isDigits(digits);
    }
}
