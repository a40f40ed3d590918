package lat.warp.events.internal.parsers;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import lat.warp.events.Classification;
import lat.warp.events.Taxonomy;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Shadowserver's schema of its report types ({@code events/shadowserver_reports.json}): for each report
 * type (the key Shadowserver puts in its file names, e.g. {@code scan_ssh}), its title, its CSV columns and
 * its classification. Finds the report type of a file from its name or from its header.
 *
 * <p>52 of the 170 entries carry no classification. They are the IPv6 twins of IPv4 reports
 * ({@code scan6_ssh} of {@code scan_ssh}, {@code event6_sinkhole} of {@code event4_sinkhole},
 * {@code device_id6} of {@code device_id}), the Microsoft sinkhole reports (twins of the sinkhole reports)
 * and {@code scan_exchange}; each takes its twin's classification, and {@code scan_exchange} (and so
 * {@code scan6_exchange}) is {@code vulnerable/vulnerable-system}, as IntelMQ classifies Shadowserver's
 * Vulnerable-Exchange-Server report.
 */
public final class ShadowserverSchema {

    /** The resource the schema is read from. */
    public static final String RESOURCE = "/events/shadowserver_reports.json";

    /** Classifications for reports without one and without a twin that has one. */
    private static final Map<String, Classification> FALLBACK = Map.of(
            "scan_exchange", new Classification("vulnerable", "vulnerable-system"));

    /** The least share of columns a header must have in common with a report to be read as that report. */
    static final double MIN_HEADER_SIMILARITY = 0.6;

    /**
     * One report type.
     *
     * @param key the key in Shadowserver's file names, e.g. {@code scan_ssh}; IntelMQ's {@code feed.code}
     * @param name the report's title, e.g. {@code Accessible-SSH}; IntelMQ's {@code feed.name}
     * @param url where Shadowserver describes it, or null
     * @param fields its CSV columns, in Shadowserver's order
     * @param classification its classification
     * @param identifier {@code classification.identifier}: the schema's, else the title in lower case
     * @param ipv6 whether it is a report about IPv6 addresses (its title says "IPv6")
     * @param inherited whether the classification was taken from a twin report
     */
    public record Report(String key, String name, @Nullable String url, List<String> fields,
            Classification classification, String identifier, boolean ipv6, boolean inherited) {

        public Report {
            fields = List.copyOf(fields);
        }
    }

    private final TreeMap<String, Report> reports;
    private final List<Set<String>> fieldSets = new ArrayList<>();
    private final List<Report> ordered;

    private ShadowserverSchema(TreeMap<String, Report> reports) {
        this.reports = reports;
        this.ordered = List.copyOf(reports.values());
        for (Report r : ordered) {
            fieldSets.add(new HashSet<>(r.fields()));
        }
    }

    /** The bundled schema, loaded once. */
    public static ShadowserverSchema bundled() {
        return Holder.BUNDLED;
    }

    private static final class Holder {
        static final ShadowserverSchema BUNDLED = load();
    }

    private static ShadowserverSchema load() {
        try (InputStream in = ShadowserverSchema.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + RESOURCE);
            }
            return fromJson(JsonMapper.builder().build().readTree(in));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ShadowserverSchema fromJson(JsonNode root) {
        Taxonomy taxonomy = Taxonomy.rsit();
        TreeMap<String, Report> reports = new TreeMap<>();
        Map<String, JsonNode> entries = new TreeMap<>();
        for (Map.Entry<String, JsonNode> e : root.properties()) {
            entries.put(e.getKey(), e.getValue());
        }
        for (Map.Entry<String, JsonNode> e : entries.entrySet()) {
            String key = e.getKey();
            JsonNode entry = e.getValue();
            boolean inherited = false;
            Classification classification = declared(entry, taxonomy);
            if (classification == null) {
                inherited = true;
                String twin = twinOf(key);
                while (classification == null && twin != null) {
                    JsonNode twinEntry = entries.get(twin);
                    classification = twinEntry == null ? null : declared(twinEntry, taxonomy);
                    if (classification == null) {
                        classification = FALLBACK.get(twin);
                    }
                    twin = twinOf(twin);
                }
                if (classification == null) {
                    classification = FALLBACK.get(key);
                }
                if (classification == null) {
                    throw new IllegalStateException("Shadowserver report " + key + " has no classification and no twin");
                }
                classification = taxonomy.normalise(classification.taxonomy(), classification.type());
            }
            List<String> fields = new ArrayList<>();
            for (JsonNode f : entry.get("fields")) {
                fields.add(f.asString());
            }
            String name = entry.get("name").asString();
            JsonNode url = entry.get("url");
            JsonNode id = entry.get("classification.identifier");
            String identifier = id != null && !id.isNull() ? id.asString() : identifierOf(name);
            reports.put(key, new Report(key, name, url == null || url.isNull() ? null : url.asString(), fields,
                    classification, identifier, name.contains("IPv6"), inherited));
        }
        return new ShadowserverSchema(reports);
    }

    private static @Nullable Classification declared(JsonNode entry, Taxonomy taxonomy) {
        JsonNode t = entry.get("classification.taxonomy");
        JsonNode y = entry.get("classification.type");
        if (y == null || y.isNull()) {
            return null;
        }
        return taxonomy.normalise(t == null || t.isNull() ? null : t.asString(), y.asString());
    }

    /**
     * The report whose classification a report without one shares: the IPv4 report of an IPv6 one, the
     * plain sinkhole report of a Microsoft one. Null when there is none.
     */
    static @Nullable String twinOf(String key) {
        if (key.startsWith("scan6_")) {
            return "scan_" + key.substring(6);
        }
        if (key.startsWith("population6_")) {
            return "population_" + key.substring(12);
        }
        if (key.startsWith("event6_")) {
            return "event4_" + key.substring(7);
        }
        if (key.contains("_microsoft_")) {
            return key.replace("_microsoft_", "_");
        }
        if (key.endsWith("6")) {
            return key.substring(0, key.length() - 1);
        }
        return null;
    }

    private static String identifierOf(String name) {
        StringBuilder b = new StringBuilder(name.length());
        for (int i = 0; i < name.length(); i++) {
            char c = Character.toLowerCase(name.charAt(i));
            if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
                b.append(c);
            } else if (b.length() > 0 && b.charAt(b.length() - 1) != '-') {
                b.append('-');
            }
        }
        while (b.length() > 0 && b.charAt(b.length() - 1) == '-') {
            b.setLength(b.length() - 1);
        }
        return b.toString();
    }

    /** All reports, by key. */
    public Collection<Report> reports() {
        return ordered;
    }

    public @Nullable Report report(String key) {
        return reports.get(key);
    }

    /** The report keys, sorted, for messages that list what is supported. */
    public List<String> keys() {
        return List.copyOf(reports.keySet());
    }

    /**
     * The report type a file name names: the longest report key that occurs in it as a whole word (between
     * the name's start or end and a character that is neither a letter, a digit nor {@code _}), as in
     * {@code 2024-01-05-scan_ssh-lacnic-example_org-asn-block.csv}. Case does not matter. Null when the name
     * names none.
     */
    public @Nullable Report fromFileName(@Nullable String fileName) {
        if (fileName == null) {
            return null;
        }
        String name = fileName;
        int slash = Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\'));
        if (slash >= 0) {
            name = name.substring(slash + 1);
        }
        name = name.toLowerCase(Locale.ROOT);
        Report best = null;
        for (Report r : ordered) {
            String key = r.key();
            if (best != null && key.length() <= best.key().length()) {
                continue;
            }
            int from = 0;
            int at;
            while ((at = name.indexOf(key, from)) >= 0) {
                int after = at + key.length();
                if ((at == 0 || !isWordChar(name.charAt(at - 1)))
                        && (after == name.length() || !isWordChar(name.charAt(after)))) {
                    best = r;
                    break;
                }
                from = at + 1;
            }
        }
        return best;
    }

    private static boolean isWordChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
    }

    /** The outcome of looking for a report type by the columns of a header. */
    public sealed interface Detection {
        /** Exactly one report fits best. */
        record Found(Report report) implements Detection {
        }

        /** Several reports fit equally well. */
        record Ambiguous(List<Report> candidates) implements Detection {
        }

        /** No report fits well enough. */
        record Unknown(@Nullable Report closest, double similarity) implements Detection {
        }
    }

    /**
     * The report type whose columns are most like the header's (Jaccard similarity of the two sets of
     * names, at least {@link #MIN_HEADER_SIMILARITY}, so that a column added or dropped by Shadowserver still
     * matches). Several reports have the very same columns (most IPv4/IPv6 pairs, and a few others such as
     * {@code scan_imap} and {@code scan_pop3}); among those, the address family of the first row decides
     * between an IPv4 and an IPv6 report when it is given.
     *
     * @param header the header's column names
     * @param firstRowIpv6 whether the first data row's address is IPv6, or null when not known
     */
    public Detection fromHeader(List<String> header, @Nullable Boolean firstRowIpv6) {
        Set<String> columns = new HashSet<>();
        for (String h : header) {
            columns.add(h.strip().toLowerCase(Locale.ROOT));
        }
        double best = -1;
        List<Report> candidates = new ArrayList<>();
        for (int i = 0; i < ordered.size(); i++) {
            Set<String> fields = fieldSets.get(i);
            int common = 0;
            for (String c : columns) {
                if (fields.contains(c)) {
                    common++;
                }
            }
            double similarity = (double) common / (columns.size() + fields.size() - common);
            if (similarity > best) {
                best = similarity;
                candidates.clear();
                candidates.add(ordered.get(i));
            } else if (similarity == best) {
                candidates.add(ordered.get(i));
            }
        }
        if (best < MIN_HEADER_SIMILARITY) {
            return new Detection.Unknown(candidates.isEmpty() ? null : candidates.get(0), Math.max(best, 0));
        }
        if (candidates.size() > 1 && firstRowIpv6 != null) {
            List<Report> sameFamily = candidates.stream().filter(r -> r.ipv6() == firstRowIpv6).toList();
            if (!sameFamily.isEmpty()) {
                candidates = sameFamily;
            }
        }
        return candidates.size() == 1 ? new Detection.Found(candidates.get(0))
                : new Detection.Ambiguous(List.copyOf(candidates));
    }
}
