package lat.warp.registry.internal.index;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import lat.warp.registry.IpPrefix;

/**
 * Which Regional Internet Registry is responsible for an address, from IANA's "IPv4 Address Space"
 * (/8 blocks) and "IPv6 Global Unicast Address Assignments" registries, shipped as CSV under
 * {@code registry/} on the classpath (see PROVENANCE.md there).
 *
 * <p>A block belongs to the RIR that IANA designates, directly ("LACNIC"), for legacy space
 * ("Administered by ARIN"), or, when the designation is the original holder ("US-DOD", "Daimler AG"),
 * through the WHOIS server IANA lists for it. Blocks IANA keeps for itself (private use, loopback,
 * multicast, future use, IETF protocol assignments, 6to4) are {@link #IANA}, and so are the more
 * specific blocks a row's notes say are "reserved for" a special purpose (2001:db8::/32, reserved for
 * documentation inside APNIC's 2001:0c00::/23).
 * IPv6 addresses outside every listed block (link-local, unique-local, multicast, ::1, or global
 * unicast space IANA has not handed out yet) are {@link #RESERVED}.
 */
public final class RirTable {

    public static final String AFRINIC = "afrinic";
    public static final String APNIC = "apnic";
    public static final String ARIN = "arin";
    public static final String LACNIC = "lacnic";
    public static final String RIPE_NCC = "ripencc";
    public static final String IANA = "iana";
    public static final String RESERVED = "reserved";

    private static final String IPV4_RESOURCE = "/registry/iana-ipv4-address-space.csv";
    private static final String IPV6_RESOURCE = "/registry/iana-ipv6-unicast-address-assignments.csv";

    /** Names as IANA writes them in the designation column, and the WHOIS servers it lists. */
    private static final Map<String, String> BY_DESIGNATION = Map.of(
            "AFRINIC", AFRINIC, "APNIC", APNIC, "ARIN", ARIN, "LACNIC", LACNIC, "RIPE NCC", RIPE_NCC);
    private static final Map<String, String> BY_WHOIS = Map.of(
            "whois.afrinic.net", AFRINIC, "whois.apnic.net", APNIC, "whois.arin.net", ARIN,
            "whois.lacnic.net", LACNIC, "whois.ripe.net", RIPE_NCC);
    /** A more specific block the notes of a row set aside for special use, e.g. "2001:db8::/32 reserved for". */
    private static final Pattern RESERVED_IN_NOTE = Pattern.compile("([0-9A-Fa-f]*:[0-9A-Fa-f:]*/\\d{1,3})(?: is)? reserved for");
    private static final List<String> NAMES = List.of(AFRINIC, APNIC, ARIN, LACNIC, RIPE_NCC, IANA);

    private final PrefixIndex index;

    private RirTable(PrefixIndex index) {
        this.index = index;
    }

    /** Reads the IANA tables shipped on the classpath. */
    public static RirTable load() {
        return parse(resource(IPV4_RESOURCE), resource(IPV6_RESOURCE));
    }

    /** Reads IANA's CSV exports: the IPv4 address space and the IPv6 unicast assignments. */
    public static RirTable parse(Reader ipv4AddressSpace, Reader ipv6UnicastAssignments) {
        PrefixIndex.Builder builder = PrefixIndex.builder();
        for (Reader csv : List.of(ipv4AddressSpace, ipv6UnicastAssignments)) {
            List<List<String>> rows = Csv.read(csv);
            for (List<String> row : rows.subList(1, rows.size())) {
                builder.add(prefixOf(row.get(0)), NAMES.indexOf(rirOf(row.get(1), row.get(3))));
                // "2001:db8::/32 reserved for Documentation" sits in the notes of APNIC's 2001:0c00::/23.
                Matcher reserved = RESERVED_IN_NOTE.matcher(row.size() > 6 ? row.get(6) : "");
                while (reserved.find()) {
                    builder.add(IpPrefix.parse(reserved.group(1)), NAMES.indexOf(IANA));
                }
            }
        }
        return new RirTable(builder.build());
    }

    /** One of the five RIR names, {@link #IANA} or {@link #RESERVED}. */
    public String rirOf(IpPrefix.IpAddress address) {
        int entry = index.lookup(address);
        return entry == PrefixIndex.NO_MATCH ? RESERVED : NAMES.get(entry);
    }

    private static String rirOf(String designation, String whois) {
        String name = designation.strip();
        if (name.startsWith("Administered by ")) {
            name = name.substring("Administered by ".length());
        }
        String rir = BY_DESIGNATION.get(name);
        if (rir == null) {
            rir = BY_WHOIS.getOrDefault(whois.strip().toLowerCase(Locale.ROOT), IANA);
        }
        return rir;
    }

    /** IANA writes IPv4 blocks as {@code 041/8}; leading zeros would read as an invalid octet. */
    private static IpPrefix prefixOf(String text) {
        String s = text.strip();
        if (s.indexOf(':') >= 0) {
            return IpPrefix.parse(s);
        }
        int slash = s.indexOf('/');
        return IpPrefix.v4(Long.parseLong(s.substring(0, slash)) << 24, Integer.parseInt(s.substring(slash + 1)));
    }

    private static Reader resource(String name) {
        try (InputStream in = RirTable.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing classpath resource " + name);
            }
            return new StringReader(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** RFC 4180: quoted fields may hold commas, doubled quotes and line breaks (IANA's notes do). */
    private static final class Csv {
        static List<List<String>> read(Reader reader) {
            StringWriter all = new StringWriter();
            try {
                reader.transferTo(all);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            String text = all.toString();
            List<List<String>> rows = new ArrayList<>();
            List<String> row = new ArrayList<>();
            StringBuilder field = new StringBuilder();
            boolean quoted = false;
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if (quoted) {
                    if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                        field.append('"');
                        i++;
                    } else if (c == '"') {
                        quoted = false;
                    } else {
                        field.append(c);
                    }
                } else if (c == '"') {
                    quoted = true;
                } else if (c == ',') {
                    row.add(field.toString());
                    field.setLength(0);
                } else if (c == '\n' || c == '\r') {
                    if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                        i++;
                    }
                    row.add(field.toString());
                    field.setLength(0);
                    rows.add(row);
                    row = new ArrayList<>();
                } else {
                    field.append(c);
                }
            }
            if (!field.isEmpty() || !row.isEmpty()) {
                row.add(field.toString());
                rows.add(row);
            }
            rows.removeIf(r -> r.size() == 1 && r.get(0).isBlank());
            return rows;
        }
    }
}
