package lat.warp.bench;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.zip.GZIPInputStream;
import lat.warp.registry.IpPrefix;
import lat.warp.registry.internal.imports.DelegatedFile;
import lat.warp.registry.internal.imports.DelegatedRecord;
import lat.warp.registry.internal.imports.DelegatedStatsParser;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes a realistic Shadowserver CSV report over the real LACNIC address space (the delegated file of
 * 2024-01-04 shipped in src/main/resources/registry), deterministic per seed.
 *
 * <p>Rows: the report's columns from the bundled schema (src/main/resources/events/shadowserver_reports.json),
 * every field quoted as Shadowserver does; timestamps within one UTC day; source addresses drawn from the
 * allocated and assigned IPv4 prefixes, holder by holder with a heavy skew (a holder's weight is its
 * address count to the power 0.8 times a log-normal factor, so a few large ISPs bring most rows); the
 * holder's own AS number when the file lists one (else empty, as Shadowserver does for unrouted space, and
 * WARP fills it from the routing table); the prefix's country, a region and city of that country;
 * reverse-DNS host names for about half the rows; report-specific values (certificates, fingerprints,
 * SSH banners); and about 3% of rows repeated exactly (the same finding listed twice), which deduplication
 * must fold.
 *
 * <pre>java -cp ... lat.warp.bench.ShadowserverFileGenerator scan_rdp 1000000 /tmp/2024-01-05-scan_rdp.csv 42 [2024-01-05]</pre>
 */
public final class ShadowserverFileGenerator {

    static final String DELEGATED = "/registry/delegated-lacnic-extended-20240104.gz";
    static final String SCHEMA = "/events/shadowserver_reports.json";
    private static final DateTimeFormatter TS = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    static final double REPEAT_SHARE = 0.03;

    /** A holder of the address space: its prefixes, country, AS numbers, and a host-name domain. */
    record Holder(String id, String cc, long[] starts, long[] sizes, long total, long[] asns, String domain) {
    }

    /** The address space once parsed (about a second); shared by every file generated in one JVM. */
    private static volatile List<Holder> space;

    private static final Map<String, String[][]> PLACES = Map.ofEntries(
            Map.entry("BR", new String[][] {{"SAO PAULO", "SAO PAULO"}, {"RIO DE JANEIRO", "RIO DE JANEIRO"},
                    {"MINAS GERAIS", "BELO HORIZONTE"}, {"PARANA", "CURITIBA"}, {"RIO GRANDE DO SUL", "PORTO ALEGRE"},
                    {"BAHIA", "SALVADOR"}, {"PERNAMBUCO", "RECIFE"}, {"CEARA", "FORTALEZA"}}),
            Map.entry("MX", new String[][] {{"CIUDAD DE MEXICO", "MEXICO CITY"}, {"JALISCO", "GUADALAJARA"},
                    {"NUEVO LEON", "MONTERREY"}, {"PUEBLA", "PUEBLA"}}),
            Map.entry("AR", new String[][] {{"BUENOS AIRES F.D.", "BUENOS AIRES"}, {"CORDOBA", "CORDOBA"},
                    {"SANTA FE", "ROSARIO"}, {"MENDOZA", "MENDOZA"}}),
            Map.entry("CL", new String[][] {{"REGION METROPOLITANA", "SANTIAGO"}, {"VALPARAISO", "VINA DEL MAR"},
                    {"BIOBIO", "CONCEPCION"}}),
            Map.entry("CO", new String[][] {{"BOGOTA D.C.", "BOGOTA"}, {"ANTIOQUIA", "MEDELLIN"},
                    {"VALLE DEL CAUCA", "CALI"}}),
            Map.entry("PE", new String[][] {{"LIMA", "LIMA"}, {"AREQUIPA", "AREQUIPA"}}),
            Map.entry("EC", new String[][] {{"PICHINCHA", "QUITO"}, {"GUAYAS", "GUAYAQUIL"}}),
            Map.entry("VE", new String[][] {{"DISTRITO CAPITAL", "CARACAS"}, {"ZULIA", "MARACAIBO"}}),
            Map.entry("UY", new String[][] {{"MONTEVIDEO", "MONTEVIDEO"}, {"CANELONES", "LAS PIEDRAS"}}),
            Map.entry("PY", new String[][] {{"ASUNCION", "ASUNCION"}}),
            Map.entry("BO", new String[][] {{"LA PAZ", "LA PAZ"}, {"SANTA CRUZ", "SANTA CRUZ"}}),
            Map.entry("CR", new String[][] {{"SAN JOSE", "SAN JOSE"}}),
            Map.entry("PA", new String[][] {{"PANAMA", "PANAMA"}}),
            Map.entry("DO", new String[][] {{"DISTRITO NACIONAL", "SANTO DOMINGO"}}),
            Map.entry("GT", new String[][] {{"GUATEMALA", "GUATEMALA CITY"}}),
            Map.entry("HN", new String[][] {{"FRANCISCO MORAZAN", "TEGUCIGALPA"}}));

    private static final String[] SECTORS = {"Communications, Service Provider, and Hosting Service",
            "Communications, Service Provider, and Hosting Service", "Education", "Government", "Banking and Finance",
            ""};
    private static final String[] NAICS = {"517311", "517311", "517311", "611310", "921190", "522110", "0"};

    private ShadowserverFileGenerator() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 4) {
            System.err.println("usage: ShadowserverFileGenerator <scan_rdp|scan_ssh|...> <rows> <output.csv> <seed> [day]");
            System.exit(2);
        }
        LocalDate day = args.length > 4 ? LocalDate.parse(args[4]) : LocalDate.of(2024, 1, 5);
        long t0 = System.nanoTime();
        Stats stats = generate(args[0], Long.parseLong(args[1]), Path.of(args[2]), Long.parseLong(args[3]), day);
        System.out.printf(Locale.ROOT, "%s: %,d rows (%,d repeated), %,d bytes, %d holders in the address space, %.1f s%n",
                args[2], stats.rows(), stats.repeated(), Files.size(Path.of(args[2])), stats.holders(),
                (System.nanoTime() - t0) / 1e9);
    }

    /** What a file holds. */
    public record Stats(long rows, long repeated, int holders) {
    }

    public static Stats generate(String report, long rows, Path out, long seed, LocalDate day) throws IOException {
        List<String> columns = columns(report);
        List<Holder> holders = space();
        SplittableRandom random = new SplittableRandom(seed);
        // The skew: weight = addresses^0.8 × log-normal(σ 1.5), drawn per holder from the seed.
        double[] cumulative = new double[holders.size()];
        double sum = 0;
        for (int i = 0; i < holders.size(); i++) {
            sum += Math.pow(holders.get(i).total(), 0.8) * Math.exp(1.5 * gaussian(random));
            cumulative[i] = sum;
        }
        String tag = report.startsWith("scan_") ? report.substring(5) : report;
        String[] recent = new String[10_000];
        int recentCount = 0;
        long repeated = 0;
        Files.createDirectories(out.toAbsolutePath().getParent());
        try (BufferedWriter w = new BufferedWriter(new OutputStreamWriter(Files.newOutputStream(out),
                StandardCharsets.UTF_8), 1 << 16)) {
            w.write(String.join(",", columns.stream().map(c -> "\"" + c + "\"").toList()));
            w.write('\n');
            StringBuilder line = new StringBuilder(1024);
            Map<String, String> row = new HashMap<>();
            for (long n = 0; n < rows; n++) {
                if (recentCount > 100 && random.nextDouble() < REPEAT_SHARE) {
                    w.write(recent[random.nextInt(Math.min(recentCount, recent.length))]);
                    repeated++;
                    continue;
                }
                int h = Arrays.binarySearch(cumulative, random.nextDouble() * sum);
                Holder holder = holders.get(h < 0 ? -h - 1 : h);
                row.clear();
                fill(row, report, tag, holder, random, day);
                line.setLength(0);
                for (int c = 0; c < columns.size(); c++) {
                    if (c > 0) {
                        line.append(',');
                    }
                    String v = row.get(columns.get(c));
                    line.append('"');
                    if (v != null) {
                        line.append(v.replace("\"", "\"\""));
                    }
                    line.append('"');
                }
                line.append('\n');
                String text = line.toString();
                recent[recentCount++ % recent.length] = text;
                w.write(text);
            }
        }
        return new Stats(rows, repeated, holders.size());
    }

    private static void fill(Map<String, String> row, String report, String tag, Holder holder, SplittableRandom r,
            LocalDate day) {
        // An address: a prefix of the holder by size, then an address in it.
        long pick = r.nextLong(holder.total());
        int p = 0;
        while (pick >= holder.sizes()[p]) {
            pick -= holder.sizes()[p++];
        }
        long address = holder.starts()[p] + pick;
        String ip = (address >>> 24) + "." + ((address >>> 16) & 255) + "." + ((address >>> 8) & 255) + "." + (address & 255);
        row.put("timestamp", LocalDateTime.of(day, java.time.LocalTime.ofSecondOfDay(r.nextInt(86_400))).format(TS));
        row.put("severity", "medium");
        row.put("ip", ip);
        row.put("protocol", "tcp");
        row.put("tag", tag);
        if (holder.asns().length > 0) {
            row.put("asn", Long.toString(holder.asns()[r.nextInt(holder.asns().length)]));
        }
        row.put("geo", holder.cc());
        String[][] places = PLACES.get(holder.cc());
        if (places != null && r.nextInt(10) < 8) {
            String[] place = places[r.nextInt(places.length)];
            row.put("region", place[0]);
            row.put("city", place[1]);
        }
        row.put("naics", NAICS[r.nextInt(NAICS.length)]);
        row.put("sector", SECTORS[r.nextInt(SECTORS.length)]);
        if (r.nextInt(100) < 55) {
            row.put("hostname", ip.replace('.', '-') + "." + holder.domain());
            row.put("hostname_source", "ptr");
        }
        switch (report) {
            case "scan_rdp" -> rdp(row, r);
            case "scan_ssh" -> ssh(row, r);
            default -> {
            }
        }
    }

    private static void rdp(Map<String, String> row, SplittableRandom r) {
        int port = r.nextInt(100);
        row.put("port", port < 90 ? "3389" : port < 95 ? "3388" : port < 98 ? "33890" : "13389");
        int kind = r.nextInt(10);
        row.put("rdp_protocol", kind < 6 ? "RDP,HYBRID,HYBRID_EX" : kind < 9 ? "RDP,SSL,HYBRID" : "RDP");
        row.put("handshake", kind < 9 ? "SSL" : "RDP");
        if (kind < 9) {
            String name = "WIN-" + hex(r, 6).toUpperCase(Locale.ROOT).substring(0, 11);
            row.put("subject_common_name", name);
            row.put("issuer_common_name", name);
            row.put("cert_length", "2048");
            LocalDate issued = LocalDate.of(2023, 1, 1).plusDays(r.nextInt(360));
            row.put("cert_issue_date", issued + " " + String.format(Locale.ROOT, "%02d:%02d:%02d", r.nextInt(24),
                    r.nextInt(60), r.nextInt(60)));
            row.put("cert_expiration_date", issued.plusMonths(6) + " 00:00:00");
            row.put("cert_serial_number", hex(r, 16));
            row.put("sha1_fingerprint", colonHex(r, 20));
            row.put("sha256_fingerprint", colonHex(r, 32));
            row.put("sha512_fingerprint", colonHex(r, 64));
            row.put("md5_fingerprint", colonHex(r, 16));
            row.put("ssl_version", "3");
            row.put("signature_algorithm", "sha256WithRSAEncryption");
            row.put("key_algorithm", "rsaEncryption");
            row.put("tlsv13_support", r.nextInt(4) == 0 ? "Y" : "N");
            row.put("jarm", hex(r, 31));
        }
    }

    private static final String[] SSH_SOFTWARE = {"OpenSSH_7.4", "OpenSSH_8.2p1 Ubuntu-4ubuntu0.9",
            "OpenSSH_7.9p1 Debian-10+deb10u2", "dropbear_2019.78", "OpenSSH_6.6.1p1", "ROSSSH", "Cisco-1.25"};

    private static void ssh(Map<String, String> row, SplittableRandom r) {
        int port = r.nextInt(100);
        row.put("port", port < 85 ? "22" : port < 95 ? "2222" : "22222");
        String software = SSH_SOFTWARE[r.nextInt(SSH_SOFTWARE.length)];
        row.put("serverid_raw", "SSH-2.0-" + software);
        row.put("serverid_version", "2.0");
        row.put("serverid_software", software.split(" ")[0]);
        row.put("selected_kex", "curve25519-sha256");
        row.put("algorithm", r.nextBoolean() ? "ssh-ed25519" : "rsa-sha2-512");
        row.put("selected_cipher", "chacha20-poly1305@openssh.com");
        row.put("selected_mac", "umac-64-etm@openssh.com");
        row.put("selected_compression", "none");
        row.put("server_host_key_sha256", hex(r, 32));
    }

    private static String hex(SplittableRandom r, int bytes) {
        StringBuilder s = new StringBuilder(bytes * 2);
        for (int i = 0; i < bytes; i++) {
            s.append(Character.forDigit(r.nextInt(16), 16)).append(Character.forDigit(r.nextInt(16), 16));
        }
        return s.toString();
    }

    private static String colonHex(SplittableRandom r, int bytes) {
        StringBuilder s = new StringBuilder(bytes * 3);
        for (int i = 0; i < bytes; i++) {
            if (i > 0) {
                s.append(':');
            }
            s.append(Character.toUpperCase(Character.forDigit(r.nextInt(16), 16)))
                    .append(Character.toUpperCase(Character.forDigit(r.nextInt(16), 16)));
        }
        return s.toString();
    }

    private static double gaussian(SplittableRandom r) {
        // Box-Muller; SplittableRandom has no nextGaussian before Java 17's RandomGenerator default.
        return Math.sqrt(-2 * Math.log(1 - r.nextDouble())) * Math.cos(2 * Math.PI * r.nextDouble());
    }

    static List<String> columns(String report) throws IOException {
        try (InputStream in = ShadowserverFileGenerator.class.getResourceAsStream(SCHEMA)) {
            JsonNode node = JsonMapper.builder().build().readTree(in).get(report);
            if (node == null) {
                throw new IllegalArgumentException("no Shadowserver report type " + report);
            }
            List<String> columns = new ArrayList<>();
            node.get("fields").forEach(f -> columns.add(f.asString()));
            return columns;
        }
    }

    /** The held IPv4 space of the LACNIC file, holder by holder, in file order. */
    static List<Holder> space() throws IOException {
        if (space != null) {
            return space;
        }
        DelegatedFile file;
        try (InputStream in = new GZIPInputStream(ShadowserverFileGenerator.class.getResourceAsStream(DELEGATED))) {
            file = new DelegatedStatsParser().parse(in);
        }
        Map<String, List<IpPrefix>> prefixes = new LinkedHashMap<>();
        Map<String, String> cc = new HashMap<>();
        Map<String, List<Long>> asns = new HashMap<>();
        for (DelegatedRecord rec : file.records()) {
            boolean held = rec.status() == DelegatedRecord.Status.ALLOCATED || rec.status() == DelegatedRecord.Status.ASSIGNED;
            if (!held) {
                continue;
            }
            if (rec.type() == DelegatedRecord.ResourceType.IPV4) {
                prefixes.computeIfAbsent(rec.opaqueId(), k -> new ArrayList<>()).addAll(rec.prefixes());
                cc.putIfAbsent(rec.opaqueId(), rec.cc());
            } else if (rec.type() == DelegatedRecord.ResourceType.ASN) {
                asns.computeIfAbsent(rec.opaqueId(), k -> new ArrayList<>()).add(rec.asnFirst());
            }
        }
        List<Holder> holders = new ArrayList<>();
        for (var e : prefixes.entrySet()) {
            List<IpPrefix> list = e.getValue();
            long[] starts = new long[list.size()];
            long[] sizes = new long[list.size()];
            long total = 0;
            for (int i = 0; i < list.size(); i++) {
                starts[i] = list.get(i).lo();
                sizes[i] = 1L << (32 - list.get(i).length());
                total += sizes[i];
            }
            String country = cc.get(e.getKey());
            String domain = "static." + e.getKey().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "") + ".net."
                    + country.toLowerCase(Locale.ROOT);
            long[] as = asns.getOrDefault(e.getKey(), List.of()).stream().mapToLong(Long::longValue).toArray();
            holders.add(new Holder(e.getKey(), country, starts, sizes, total, as, domain));
        }
        space = List.copyOf(holders);
        return space;
    }
}
