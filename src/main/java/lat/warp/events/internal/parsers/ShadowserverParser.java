package lat.warp.events.internal.parsers;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import lat.warp.events.Event;
import lat.warp.events.ExtraFields;
import lat.warp.events.internal.FieldText;
import lat.warp.events.internal.parsers.CsvReader.RecordTooLongException;
import lat.warp.events.internal.parsers.ShadowserverSchema.Detection;
import lat.warp.events.internal.parsers.ShadowserverSchema.Report;
import lat.warp.registry.IpPrefix.IpAddress;
import org.jspecify.annotations.Nullable;

/**
 * Reads Shadowserver's CSV reports, every report type of {@link ShadowserverSchema}, driven by the schema.
 *
 * <p>The report type comes from the {@link FeedContext#reportType() context} when given, else from the
 * file name ({@link ShadowserverSchema#fromFileName}), else from the header's columns
 * ({@link ShadowserverSchema#fromHeader}); a file whose type stays unknown or ambiguous is refused with a
 * message that lists the supported types or the candidates.
 *
 * <p>Columns map to IntelMQ fields by name, the same way for every report:
 * <ul>
 * <li>{@code timestamp} → {@code time.source} (UTC when the text has no zone); required;
 * <li>{@code ip}, {@code src_ip}, {@code http_referer_ip} → {@code source.ip}; {@code port}, {@code src_port},
 *     {@code http_referer_port} → {@code source.port}; {@code asn}, {@code src_asn}, {@code http_referer_asn}
 *     → {@code source.asn} (0 means none); {@code geo}, {@code src_geo}, {@code http_referer_geo} →
 *     {@code source.geolocation.cc}; {@code region}/{@code city} (and their {@code src_} and
 *     {@code http_referer_} forms) → {@code source.geolocation.region}/{@code .city};
 * <li>{@code hostname} → {@code source.reverse_dns}, except in the URL reports (a {@code url} column and no
 *     {@code hostname_source}: {@code malware_url}, {@code spam_url}, {@code sandbox_url}) where it is the
 *     URL's host, {@code source.fqdn}; {@code src_hostname}, {@code http_referer_hostname} →
 *     {@code source.reverse_dns}; {@code url} → {@code source.url}; {@code email} → {@code source.account};
 * <li>{@code dst_ip}, {@code dst_port}, {@code dst_asn}, {@code dst_geo}, {@code dst_hostname} →
 *     {@code destination.ip/port/asn/geolocation.cc/reverse_dns}; {@code http_host} →
 *     {@code destination.fqdn} in reports with a destination (the sinkhole reports);
 * <li>{@code protocol} → {@code protocol.transport}; {@code application} → {@code protocol.application};
 * <li>{@code infection} (or {@code malware}) → {@code malware.name}; {@code family} → {@code extra.family},
 *     and {@code malware.name} when the row has no infection;
 * <li>every other column, {@code tag} and {@code severity} among them, → {@code extra.<column>}.
 * </ul>
 * A value that does not fit a typed field that is not essential (a country code of three letters, a host
 * name with a blank) is kept as {@code extra.<column>} rather than lost. The classification is the report's,
 * normalised by the taxonomy; {@code feed.name} is the report's title, {@code feed.provider}
 * "Shadowserver", {@code feed.code} the report type, {@code raw} the row as it was.
 *
 * <p>A row is rejected, with its line number and the reason, when it has another number of columns than
 * the header, when its time, an address, a port or an AS number is not one, or when its quoting is broken.
 * A file is refused as a whole when it is empty, is not UTF-8, uses another delimiter than the comma, or is
 * of no known report type.
 */
public final class ShadowserverParser implements FeedParser {

    /** The longest row accepted, in characters. */
    static final int MAX_RECORD_CHARS = 1 << 20;

    static final String PROVIDER = "Shadowserver";

    /** The least share of a header's columns that must be the named report's. */
    private static final double MIN_NAME_HEADER_CONTAINMENT = 0.5;

    private static final String[] ADDRESS_COLUMNS = {"ip", "src_ip", "http_referer_ip", "dst_ip"};

    private enum Target {
        TIME, SOURCE_IP, SOURCE_PORT, SOURCE_ASN, SOURCE_CC, SOURCE_REGION, SOURCE_CITY, SOURCE_REVERSE_DNS,
        SOURCE_FQDN, SOURCE_URL, SOURCE_ACCOUNT, DESTINATION_IP, DESTINATION_PORT, DESTINATION_ASN,
        DESTINATION_CC, DESTINATION_REVERSE_DNS, DESTINATION_FQDN, TRANSPORT, APPLICATION, MALWARE, FAMILY, EXTRA
    }

    private final ShadowserverSchema schema;

    public ShadowserverParser() {
        this(ShadowserverSchema.bundled());
    }

    public ShadowserverParser(ShadowserverSchema schema) {
        this.schema = schema;
    }

    public ShadowserverSchema schema() {
        return schema;
    }

    @Override
    public ParseResult parse(InputStream in, FeedContext context, EventSink sink) throws IOException {
        CsvReader csv = new CsvReader(TextInput.open(in), ',', MAX_RECORD_CHARS);
        Run run = new Run(csv, context, sink);
        try {
            run.read();
        } catch (RecordTooLongException e) {
            run.failure = "A row starting at line " + csv.nextLine() + " is longer than " + MAX_RECORD_CHARS
                    + " characters: this is not a Shadowserver CSV report (is it a binary file?).";
        } catch (IOException e) {
            String message = TextInput.contentProblem(e, csv.nextLine());
            if (message == null) {
                throw e;
            }
            run.failure = message;
        }
        return new ParseResult(run.report == null ? null : run.report.key(), run.rows, run.accepted,
                run.problems.count(), run.problems.first(), run.failure);
    }

    /** The message that lists every supported report type. */
    String supportedTypes() {
        return "Supported Shadowserver report types (" + schema.keys().size() + "): "
                + String.join(", ", schema.keys()) + ".";
    }

    /** One parse: the state of reading one file. */
    private final class Run {
        private final CsvReader csv;
        private final FeedContext context;
        private final EventSink sink;
        private final Problems problems;
        private @Nullable Report report;
        private @Nullable String failure;
        private long rows;
        private long accepted;

        private String[] header = new String[0];
        private Target[] targets = new Target[0];
        private int[] slots = new int[0];
        private ExtraFields.Layout layout = ExtraFields.layout(List.of());
        private int primaryAddress = -1;
        private String[] previous = new String[0];
        private final Event.Builder builder = Event.builder();
        private final long[] ipv6 = new long[2];
        private final boolean keepRaw;

        Run(CsvReader csv, FeedContext context, EventSink sink) {
            this.csv = csv;
            this.context = context;
            this.sink = sink;
            this.problems = new Problems(sink);
            this.keepRaw = sink.keepsRaw();
        }

        void read() throws IOException {
            boolean more = csv.next();
            while (more && csv.blank()) {
                more = csv.next();
            }
            if (!more) {
                failure = "The file is empty: a Shadowserver report starts with a header line.";
                return;
            }
            header = new String[csv.count()];
            for (int i = 0; i < header.length; i++) {
                header[i] = csv.field(i).strip().toLowerCase(Locale.ROOT);
            }
            if (header.length == 1) {
                String delimiter = otherDelimiter(csv.raw());
                if (delimiter != null) {
                    failure = "The header has a single column and its names are separated by " + delimiter
                            + ": Shadowserver reports are separated by commas. Send the file as Shadowserver"
                            + " sent it (a spreadsheet may have saved it with another separator).";
                    return;
                }
            }
            if (!List.of(header).contains("timestamp")) {
                failure = "Not a known Shadowserver report: the header has no 'timestamp' column, which every"
                        + " Shadowserver report has (is the first line of the file its header?). " + supportedTypes();
                return;
            }
            more = csv.next();
            while (more && csv.blank()) {
                more = csv.next();
            }
            report = chooseReport(more);
            if (report == null) {
                return;
            }
            plan(report);
            while (more) {
                if (!csv.blank()) {
                    rows++;
                    row();
                }
                more = csv.next();
            }
        }

        private @Nullable Report chooseReport(boolean haveFirstRow) {
            if (context.reportType() != null) {
                Report r = schema.report(context.reportType().strip().toLowerCase(Locale.ROOT));
                if (r == null) {
                    failure = "Unknown Shadowserver report type '" + context.reportType() + "'. " + supportedTypes();
                }
                return r;
            }
            List<String> columns = List.of(header);
            Report byName = schema.fromFileName(context.fileName());
            if (byName != null) {
                // The name decides, unless the header is exactly another report's, or mostly foreign to this one.
                Set<String> own = new HashSet<>(byName.fields());
                Detection d = schema.fromHeader(columns, null);
                List<Report> exact = d instanceof Detection.Found f ? List.of(f.report())
                        : d instanceof Detection.Ambiguous a ? a.candidates() : List.of();
                boolean exactlyOther = !exact.isEmpty() && !exact.contains(byName)
                        && similarity(columns, exact.get(0).fields()) == 1.0;
                if (!exactlyOther && containment(columns, own) >= MIN_NAME_HEADER_CONTAINMENT) {
                    return byName;
                }
                String closest = exactlyOther ? " (they are those of " + keys(exact) + ")" : "";
                failure = "The file name says the report is " + byName.key() + " (" + byName.name()
                        + "), but the file's columns are not that report's" + closest
                        + ". Check that the file is the report its name says.";
                return null;
            }
            Boolean ipv6Row = haveFirstRow ? firstRowFamily() : null;
            Detection d = schema.fromHeader(columns, ipv6Row);
            if (d instanceof Detection.Found f) {
                return f.report();
            }
            if (d instanceof Detection.Ambiguous a) {
                failure = "The file's columns fit several Shadowserver reports equally well: " + keys(a.candidates())
                        + ". Keep Shadowserver's file name (e.g. 2024-01-05-" + a.candidates().get(0).key()
                        + "-….csv) or choose the report type.";
                return null;
            }
            String name = context.fileName() == null ? "" : " '" + context.fileName() + "'";
            failure = "Not a known Shadowserver report: the file name" + name
                    + " names no report type and the header's columns match none. " + supportedTypes();
            return null;
        }

        private @Nullable Boolean firstRowFamily() {
            for (String column : ADDRESS_COLUMNS) {
                for (int i = 0; i < header.length && i < csv.count(); i++) {
                    if (header[i].equals(column) && !csv.isEmpty(i)) {
                        IpAddress a = FieldText.ip(csv.buffer(), csv.start(i), csv.end(i));
                        if (a != null) {
                            return a.v6();
                        }
                    }
                }
            }
            return null;
        }

        private void plan(Report r) {
            Set<String> columns = new HashSet<>(List.of(header));
            boolean urlReport = columns.contains("url") && !columns.contains("hostname_source");
            boolean hasDestination = columns.contains("dst_ip");
            targets = new Target[header.length];
            slots = new int[header.length];
            List<String> extraNames = new ArrayList<>();
            Set<String> seen = new HashSet<>();
            for (int i = 0; i < header.length; i++) {
                String name = header[i];
                if (!seen.add(name)) {
                    // A column named twice keeps both values: the second under a numbered name.
                    int n = 2;
                    while (!seen.add(name + "_" + n)) {
                        n++;
                    }
                    name = name + "_" + n;
                    header[i] = name;
                    targets[i] = Target.EXTRA;
                } else {
                    targets[i] = targetOf(name, urlReport, hasDestination);
                }
                if (!isHard(targets[i])) {
                    extraNames.add(name);
                }
            }
            layout = ExtraFields.layout(extraNames);
            previous = new String[header.length];
            for (int i = 0; i < header.length; i++) {
                slots[i] = isHard(targets[i]) ? -1 : layout.slotOf(header[i]);
            }
            for (String column : ADDRESS_COLUMNS) {
                for (int i = 0; i < header.length && primaryAddress < 0; i++) {
                    if (header[i].equals(column)) {
                        primaryAddress = i;
                    }
                }
            }
        }

        private void row() {
            long line = csv.line();
            String problem = csv.shapeProblem(header.length, " as in the header");
            if (problem != null) {
                reject(line, problem);
                return;
            }
            int n = csv.count();
            Report r = report;
            Event.Builder b = builder.reset();
            b.classification(r.classification())
                    .classificationIdentifier(r.identifier())
                    .timeObservation(context.observedAt())
                    .feedName(context.feedName() != null ? context.feedName() : r.name())
                    .feedProvider(context.feedProvider() != null ? context.feedProvider() : PROVIDER)
                    .feedCode(r.key())
                    .feedAccuracy(context.feedAccuracy())
                    .tlp(context.tlp() != null ? context.tlp() : FeedContext.DEFAULT_TLP);
            @Nullable Object[] extras = new Object[layout.size()];
            Instant time = null;
            boolean malware = false;
            String family = null;
            for (int i = 0; i < n; i++) {
                if (csv.isEmpty(i)) {
                    continue;
                }
                char[] t = csv.buffer();
                int s = csv.start(i);
                int e = csv.end(i);
                if (csv.escaped(i)) {
                    t = csv.field(i).toCharArray();
                    s = 0;
                    e = t.length;
                }
                switch (targets[i]) {
                    case TIME -> {
                        time = FieldText.instant(t, s, e);
                        if (time == null) {
                            reject(line, "Column '" + header[i] + "': " + quote(t, s, e) + " is not a time.");
                            return;
                        }
                    }
                    case SOURCE_IP -> {
                        IpAddress a = FieldText.ip(t, s, e);
                        if (a == null) {
                            reject(line, "Column '" + header[i] + "': " + quote(t, s, e) + " is not an IP address.");
                            return;
                        }
                        b.sourceIp(a);
                    }
                    case DESTINATION_IP -> {
                        IpAddress a = FieldText.ip(t, s, e);
                        if (a == null) {
                            reject(line, "Column '" + header[i] + "': " + quote(t, s, e) + " is not an IP address.");
                            return;
                        }
                        b.destinationIp(a);
                    }
                    case SOURCE_PORT, DESTINATION_PORT -> {
                        int port = FieldText.port(t, s, e);
                        if (port < 0) {
                            reject(line, "Column '" + header[i] + "': " + quote(t, s, e) + " is not a port number.");
                            return;
                        }
                        if (targets[i] == Target.SOURCE_PORT) {
                            b.sourcePort(port);
                        } else {
                            b.destinationPort(port);
                        }
                    }
                    case SOURCE_ASN, DESTINATION_ASN -> {
                        long asn = FieldText.asn(t, s, e);
                        if (asn < 0) {
                            reject(line, "Column '" + header[i] + "': " + quote(t, s, e) + " is not an AS number.");
                            return;
                        }
                        if (targets[i] == Target.SOURCE_ASN) {
                            b.sourceAsn(asn);
                        } else {
                            b.destinationAsn(asn);
                        }
                    }
                    case SOURCE_CC -> {
                        String cc = FieldText.countryCode(t, s, e);
                        if (cc == null) {
                            extras[slots[i]] = text(i, t, s, e);
                        } else {
                            b.sourceGeolocationCc(cc);
                        }
                    }
                    case DESTINATION_CC -> {
                        String cc = FieldText.countryCode(t, s, e);
                        if (cc == null) {
                            extras[slots[i]] = text(i, t, s, e);
                        } else {
                            b.destinationGeolocationCc(cc);
                        }
                    }
                    case SOURCE_REGION -> b.sourceGeolocationRegion(text(i, t, s, e));
                    case SOURCE_CITY -> b.sourceGeolocationCity(text(i, t, s, e));
                    case SOURCE_REVERSE_DNS, SOURCE_FQDN, DESTINATION_REVERSE_DNS, DESTINATION_FQDN -> {
                        String host = FieldText.hostName(t, s, e);
                        if (host == null) {
                            extras[slots[i]] = text(i, t, s, e);
                        } else {
                            switch (targets[i]) {
                                case SOURCE_REVERSE_DNS -> b.sourceReverseDns(host);
                                case SOURCE_FQDN -> b.sourceFqdn(host);
                                case DESTINATION_REVERSE_DNS -> b.destinationReverseDns(host);
                                default -> b.destinationFqdn(host);
                            }
                        }
                    }
                    case SOURCE_URL -> {
                        String text = text(i, t, s, e);
                        String url = FieldText.url(text);
                        if (url == null) {
                            extras[slots[i]] = text;
                        } else {
                            b.sourceUrl(url);
                        }
                    }
                    case SOURCE_ACCOUNT -> b.sourceAccount(text(i, t, s, e));
                    case TRANSPORT, APPLICATION -> {
                        String protocol = FieldText.protocol(t, s, e);
                        if (protocol == null) {
                            extras[slots[i]] = text(i, t, s, e);
                        } else if (targets[i] == Target.TRANSPORT) {
                            b.protocolTransport(protocol);
                        } else {
                            b.protocolApplication(protocol);
                        }
                    }
                    case MALWARE -> {
                        String name = FieldText.malwareName(t, s, e);
                        if (name == null) {
                            extras[slots[i]] = text(i, t, s, e);
                        } else {
                            b.malwareName(name);
                            malware = true;
                        }
                    }
                    case FAMILY -> {
                        String value = text(i, t, s, e);
                        extras[slots[i]] = value;
                        family = value;
                    }
                    case EXTRA -> extras[slots[i]] = text(i, t, s, e);
                }
            }
            if (time == null) {
                reject(line, "The row has no time in column 'timestamp'.");
                return;
            }
            if (primaryAddress >= 0 && csv.isEmpty(primaryAddress)) {
                reject(line, "The row has no address in column '" + header[primaryAddress] + "'.");
                return;
            }
            if (!malware && family != null) {
                b.malwareName(FieldText.malwareName(family));
            }
            // Every value is the row's text: ASCII when the row is (most feeds' rows are), which spares the
            // writer an encoding of each.
            b.timeSource(time).extra(layout.map(extras, csv.ascii())).raw(keepRaw ? csv.raw() : null);
            sink.accept(b.build(), line);
            accepted++;
        }

        /**
         * The text of a cell; the previous row's string when the cell says the same, as it mostly does in the
         * columns that describe a network (region, city, sector, tag, severity): fewer, shared strings.
         */
        private String text(int column, char[] t, int s, int e) {
            String last = previous[column];
            int n = e - s;
            if (last != null && last.length() == n) {
                int k = 0;
                while (k < n && last.charAt(k) == t[s + k]) {
                    k++;
                }
                if (k == n) {
                    return last;
                }
            }
            String value = new String(t, s, n);
            previous[column] = value;
            return value;
        }

        private void reject(long line, String reason) {
            problems.add(line, reason, csv.raw());
        }
    }

    private static boolean isHard(Target t) {
        return switch (t) {
            case TIME, SOURCE_IP, SOURCE_PORT, SOURCE_ASN, DESTINATION_IP, DESTINATION_PORT, DESTINATION_ASN,
                    SOURCE_REGION, SOURCE_CITY, SOURCE_ACCOUNT -> true;
            default -> false;
        };
    }

    private static Target targetOf(String column, boolean urlReport, boolean hasDestination) {
        return switch (column) {
            case "timestamp" -> Target.TIME;
            case "ip", "src_ip", "http_referer_ip" -> Target.SOURCE_IP;
            case "port", "src_port", "http_referer_port" -> Target.SOURCE_PORT;
            case "asn", "src_asn", "http_referer_asn" -> Target.SOURCE_ASN;
            case "geo", "src_geo", "http_referer_geo" -> Target.SOURCE_CC;
            case "region", "src_region", "http_referer_region" -> Target.SOURCE_REGION;
            case "city", "src_city", "http_referer_city" -> Target.SOURCE_CITY;
            case "hostname" -> urlReport ? Target.SOURCE_FQDN : Target.SOURCE_REVERSE_DNS;
            case "src_hostname", "http_referer_hostname" -> Target.SOURCE_REVERSE_DNS;
            case "url" -> Target.SOURCE_URL;
            case "email" -> Target.SOURCE_ACCOUNT;
            case "dst_ip" -> Target.DESTINATION_IP;
            case "dst_port" -> Target.DESTINATION_PORT;
            case "dst_asn" -> Target.DESTINATION_ASN;
            case "dst_geo" -> Target.DESTINATION_CC;
            case "dst_hostname" -> Target.DESTINATION_REVERSE_DNS;
            case "http_host" -> hasDestination ? Target.DESTINATION_FQDN : Target.EXTRA;
            case "protocol" -> Target.TRANSPORT;
            case "application" -> Target.APPLICATION;
            case "infection", "malware" -> Target.MALWARE;
            case "family" -> Target.FAMILY;
            default -> Target.EXTRA;
        };
    }

    /** Jaccard similarity of two lists of column names. */
    static double similarity(List<String> a, List<String> b) {
        Set<String> x = new HashSet<>(a);
        Set<String> y = new HashSet<>(b);
        int common = 0;
        for (String s : x) {
            if (y.contains(s)) {
                common++;
            }
        }
        int union = x.size() + y.size() - common;
        return union == 0 ? 0 : (double) common / union;
    }

    /** The share of the header's columns that are among a report's fields. */
    static double containment(List<String> header, Set<String> fields) {
        if (header.isEmpty()) {
            return 0;
        }
        int common = 0;
        for (String h : header) {
            if (fields.contains(h)) {
                common++;
            }
        }
        return (double) common / header.size();
    }

    /** The separator a one-column header seems to use instead of the comma, described for a message, or null. */
    static @Nullable String otherDelimiter(String headerLine) {
        int semicolons = 0;
        int tabs = 0;
        int pipes = 0;
        for (int i = 0; i < headerLine.length(); i++) {
            switch (headerLine.charAt(i)) {
                case ';' -> semicolons++;
                case '\t' -> tabs++;
                case '|' -> pipes++;
                default -> { }
            }
        }
        if (semicolons == 0 && tabs == 0 && pipes == 0) {
            return null;
        }
        if (semicolons >= tabs && semicolons >= pipes) {
            return "semicolons (;)";
        }
        return tabs >= pipes ? "tabs" : "vertical bars (|)";
    }

    private static String keys(List<Report> reports) {
        return String.join(", ", reports.stream().map(Report::key).toList());
    }

    private static String quote(char[] t, int s, int e) {
        return Problems.quote(new String(t, s, e - s));
    }
}
