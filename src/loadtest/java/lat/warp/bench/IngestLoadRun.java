package lat.warp.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import javax.sql.DataSource;
import lat.warp.WarpApplication;
import lat.warp.events.internal.EventPartitions;
import lat.warp.events.internal.EventRows;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The events pipeline's load run (issue 4; docs/benchmarks.md, "Events pipeline"). Not a test: run with
 * {@code ./mvnw -q -B -Ploadtest -DskipTests test-compile exec:exec}, which starts this class in a JVM of
 * its own with {@code -Xmx512m}.
 *
 * <ol>
 * <li>starts the WARP server in-process on a fresh temporary data directory, embedded PostgreSQL, demo mode
 *     (the real LACNIC delegated file, routing table and AS names imported at start), port 0, a bootstrap
 *     API token;
 * <li>generates a Shadowserver {@code scan_rdp} report of {@code --rows} rows ({@link ShadowserverFileGenerator});
 * <li>uploads it through {@code POST /api/v1/feeds/uploads?format=shadowserver} and polls
 *     {@code GET /api/v1/feeds/jobs/{id}} until it ends: the end-to-end time is upload + ingest;
 * <li>uploads the same file again: the time, and accepted must be 0;
 * <li>fills the events table to {@code --total} rows: {@code --fill=sql} (default) copies the first day's
 *     rows to the following days in SQL (same rows, time.source and day shifted by whole days, same keys: the
 *     unique key is per day); {@code --fill=pipeline} generates and uploads one more file per day instead;
 * <li>measures a member's first page of {@code GET /api/v1/events} (its <em>inside</em> view, with a member
 *     token of the holder with the most events) {@code --queries} times after {@code --warmup} runs.
 * </ol>
 * The heap is sampled every 10 ms (MemoryMXBean) for the largest used size per phase.
 */
public final class IngestLoadRun {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final LocalDate DAY = LocalDate.of(2024, 1, 5);

    private final Map<String, String> opts;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();
    private final List<String[]> summary = new ArrayList<>();
    private String base;
    private String adminToken;
    private ConfigurableApplicationContext ctx;

    private IngestLoadRun(Map<String, String> opts) {
        this.opts = opts;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = new HashMap<>(Map.of("rows", "1000000", "total", "10000000", "report", "scan_rdp",
                "seed", "42", "queries", "200", "warmup", "50", "fill", "sql", "limits", "250,1000,100"));
        for (String a : args) {
            if (a.startsWith("--") && a.contains("=")) {
                opts.put(a.substring(2, a.indexOf('=')), a.substring(a.indexOf('=') + 1));
            } else if (a.startsWith("--")) {
                // A flag such as --keep.
                opts.put(a.substring(2), "true");
            }
        }
        new IngestLoadRun(opts).run();
        System.exit(0);
    }

    private void run() throws Exception {
        long rows = Long.parseLong(opts.get("rows"));
        long total = Long.parseLong(opts.get("total"));
        String report = opts.get("report");
        long seed = Long.parseLong(opts.get("seed"));
        Path dir = opts.containsKey("dir") ? Path.of(opts.get("dir")) : Files.createTempDirectory("warp-loadtest-");
        dataDir = dir;
        System.out.printf("Load run: %s; %d cores; Java %s (%s); max heap %d MB; data dir %s%n", opts,
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"),
                System.getProperty("java.vm.name"), Runtime.getRuntime().maxMemory() >> 20, dir);
        load("start");

        HeapSampler heap = new HeapSampler();
        heap.start();
        adminToken = "warp_loadtest_" + HexFormat.of().formatHex(java.security.SecureRandom.getSeed(16));
        long t = System.nanoTime();
        // System properties, so that they win over application.yml's ${WARP_...} defaults.
        Map.of("warp.data-dir", dir.toString(), "warp.demo", "true", "warp.bootstrap.api-token", adminToken,
                "server.port", "0", "warp.events.retention-days", "36500",
                // The search indexes are built below, timed on their own, not by the sweep in the middle of a run.
                "warp.events.index-delay", "24h").forEach(System::setProperty);
        ctx = new SpringApplicationBuilder(WarpApplication.class).run();
        base = "http://localhost:" + ctx.getEnvironment().getProperty("local.server.port");
        System.out.printf("Server up with the demo registry in %.1f s at %s%n", secs(t), base);
        try {
            // 1. The file.
            Path file = dir.resolve("gen").resolve(DAY + "-" + report + "-loadtest.csv");
            t = System.nanoTime();
            var stats = ShadowserverFileGenerator.generate(report, rows, file, seed, DAY);
            System.out.printf("Generated %s: %,d rows (%,d repeated in the file), %,d MB, in %.1f s%n", file,
                    stats.rows(), stats.repeated(), Files.size(file) >> 20, secs(t));
            System.gc();

            // 1b. Optionally, smaller files of the days before first (--warm=ROWS, or ROWSxFILES): the first ingest
            // then runs on a server that has ingested before (JIT-compiled parser, grown buffers), as a long-running
            // one would. With two files or more, also past the branches a server meets only on its first files (the
            // first row of a new file, a new day): the JIT's recompilation after them is over before the measure.
            String[] warmOption = opts.getOrDefault("warm", "0").split("x");
            long warmRows = Long.parseLong(warmOption[0]);
            int warmFiles = warmOption.length > 1 ? Integer.parseInt(warmOption[1]) : 1;
            for (int f = 1; warmRows > 0 && f <= warmFiles; f++) {
                LocalDate warmDay = DAY.minusDays(f);
                Path warm = dir.resolve("gen").resolve(warmDay + "-" + report + "-warm.csv");
                ShadowserverFileGenerator.generate(report, warmRows, warm, seed + 1_000 * f, warmDay);
                JsonNode w = ingest(warm);
                System.out.printf("Warm-up ingest of %,d rows of %s: %.2f s (JVM %.1f CPU-s, PostgreSQL %.1f)%n",
                        warmRows, warmDay, w.get("_seconds").asDouble(), w.get("_cpu_jvm").asDouble(), w.get("_cpu_pg").asDouble());
                Files.delete(warm);
                System.gc();
            }

            // 2. First ingest.
            load("before first ingest");
            heap.reset();
            JsonNode first = ingest(file);
            long firstHeap = heap.max();
            load("after first ingest");
            double firstSecs = first.get("_seconds").asDouble();
            long accepted = first.get("accepted").asLong();
            System.out.printf("First ingest: %s; %.2f s end to end (upload %.2f s), %,.0f rows/s; heap max %d MB%n",
                    first, firstSecs, first.get("_upload").asDouble(), rows / firstSecs, firstHeap >> 20);
            row("%,d-row file end to end (upload + ingest)".formatted(rows), "<= 10 s", "%.2f s".formatted(firstSecs), firstSecs <= 10);
            row("events per second (rows of the file / s)", ">= 100,000", "%,.0f".formatted(rows / firstSecs),
                    rows / firstSecs >= 100_000);
            row("  accepted / duplicates / rejected", "", "%,d / %,d / %,d".formatted(accepted,
                    first.get("duplicates").asLong(), first.get("rejected").asLong()), null);
            row("heap used, max sampled (first ingest)", "< 512 MB", (firstHeap >> 20) + " MB", firstHeap < 512L << 20);
            cpuRows("first ingest", first, rows);
            storage(new JdbcTemplate(ctx.getBean(DataSource.class)));

            // 3. The same file again.
            heap.reset();
            JsonNode again = ingest(file);
            long againHeap = heap.max();
            double againSecs = again.get("_seconds").asDouble();
            System.out.printf("Second ingest: %s; %.2f s; heap max %d MB%n", again, againSecs, againHeap >> 20);
            row("same file again: time", "<= first (%.2f s)".formatted(firstSecs), "%.2f s".formatted(againSecs),
                    againSecs <= firstSecs);
            row("same file again: accepted", "0", Long.toString(again.get("accepted").asLong()),
                    again.get("accepted").asLong() == 0);
            row("heap used, max sampled (second ingest)", "< 512 MB", (againHeap >> 20) + " MB", againHeap < 512L << 20);
            cpuRows("same file again", again, rows);

            // The per-partition search indexes that ingest defers (ADR 0012): their cost, measured apart.
            t = System.nanoTime();
            ctx.getBean(EventPartitions.class).indexIngested();
            double indexSecs = secs(t);
            System.out.printf("Search indexes of the ingested day built in %.2f s%n", indexSecs);
            row("  deferred search indexes of that day (time, source.ip), built after", "", "%.2f s".formatted(indexSecs), null);

            // 4 and 5. Fill to each checkpoint (the last is the total), then a member's inside query.
            JdbcTemplate jdbc = new JdbcTemplate(ctx.getBean(DataSource.class));
            String holder = null;
            String memberToken = null;
            LocalDate last = DAY.plusDays(1);
            List<Long> checkpoints = new ArrayList<>();
            for (String c : opts.getOrDefault("checkpoints", "").split(",")) {
                if (!c.isBlank() && Long.parseLong(c.strip()) < total) {
                    checkpoints.add(Long.parseLong(c.strip()));
                }
            }
            checkpoints.add(total);
            for (long checkpoint : checkpoints) {
                long stored = count(jdbc);
                t = System.nanoTime();
                fill(jdbc, file, stored, checkpoint, report, seed);
                stored = count(jdbc);
                System.out.printf("Filled to %,d events over %d days (%s) in %.0f s%n", stored, nextDay, opts.get("fill"), secs(t));
                t = System.nanoTime();
                jdbc.execute("analyze events");
                System.out.printf("analyze in %.0f s; events table %s%n", secs(t),
                        jdbc.queryForObject("select pg_size_pretty(sum(pg_total_relation_size(c.oid))) from pg_inherits i "
                                + "join pg_class c on c.oid = i.inhrelid where i.inhparent = 'events'::regclass", String.class));
                load("at " + stored + " events");
                if (holder == null) {
                    Map<String, Object> top = jdbc.queryForMap("select holder_id::text as holder, count(*) as n from events "
                            + "where day = ? and holder_id is not null group by holder_id order by 2 desc limit 1", DAY);
                    holder = (String) top.get("holder");
                    String orgName = jdbc.queryForObject("select name from organisations where id = ?::uuid", String.class, holder);
                    System.out.printf("Member: %s (%s), %,d events on %s%n", orgName, holder, ((Number) top.get("n")).longValue(), DAY);
                    memberToken = memberToken(holder);
                }
                long insideTotal = jdbc.queryForObject("select count(*) from events where holder_id = ?::uuid", Long.class, holder);
                last = DAY.plusDays(Math.max(nextDay, 1));
                for (String limit : opts.get("limits").split(",")) {
                    String url = base + "/api/v1/events?time.min=" + DAY + "T00:00:00Z&time.max=" + last + "T00:00:00Z&limit=" + limit;
                    double[] ms = queries(url, memberToken);
                    System.out.printf(Locale.ROOT, "Inside query over %,d events (%,d the member's), limit %s, %d runs: "
                                    + "p50 %.1f ms, p95 %.1f ms, p99 %.1f ms, max %.1f ms%n", stored, insideTotal,
                            limit, ms.length, pct(ms, 50), pct(ms, 95), pct(ms, 99), ms[ms.length - 1]);
                    row("inside query p95, first page of " + limit + " (%,d events, %,d the member's)".formatted(stored, insideTotal),
                            "< 50 ms", "%.1f ms (p50 %.1f, p99 %.1f)".formatted(pct(ms, 95), pct(ms, 50), pct(ms, 99)),
                            pct(ms, 95) < 50);
                }
            }
            explain(jdbc, holder, last);
            row("heap used, max sampled (whole run)", "< 512 MB", (heap.overall() >> 20) + " MB", heap.overall() < 512L << 20);
        } finally {
            load("end");
            printSummary();
            ctx.close();
            heap.interrupt();
            if (!opts.containsKey("keep")) {
                deleteTree(dir);
            }
        }
    }

    private Path dataDir;

    /**
     * CPU time used so far, in seconds: this JVM (server, parser, writer, HTTP, GC and this run), and the
     * embedded PostgreSQL (its postmaster, the children it has reaped, and its live backends and workers).
     * On a machine shared with other builds the wall-clock time says more about the neighbours than about
     * the pipeline; CPU time does not depend on them (much: caches and frequency do).
     */
    private double[] cpu() {
        double jvm = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime() / 1e9;
        double pg = 0;
        try {
            String pid = postmasterPid();
            long ticks = 0;
            long[] own = CpuBreakdown.stat(Path.of("/proc", pid));
            ticks += own[1] + own[2] + own[3] + own[4];
            try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
                for (Path p : procs.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit)).toList()) {
                    long[] s = CpuBreakdown.stat(p);
                    if (s != null && Long.toString(s[0]).equals(pid)) {
                        ticks += s[1] + s[2];
                    }
                }
            }
            pg = ticks / 100.0;
        } catch (Exception e) {
            pg = Double.NaN;
        }
        return new double[] {jvm, pg};
    }

    /** Uploads a file and waits for its job; the node is the job's JSON plus _seconds, _upload, _cpu_jvm and _cpu_pg. */
    private JsonNode ingest(Path file) throws Exception {
        CpuBreakdown breakdown = new CpuBreakdown(postmasterPid());
        JsonNode job;
        try {
            job = upload(file);
        } finally {
            breakdown.close();
        }
        System.out.printf("CPU of the ingest of %s, upload to end of job:%n%s%n", file.getFileName(), breakdown.report());
        return job;
    }

    private String postmasterPid() {
        try {
            return Files.readAllLines(dataDir.resolve("postgres").resolve("postmaster.pid")).get(0).strip();
        } catch (Exception e) {
            return "none";
        }
    }

    private JsonNode upload(Path file) throws Exception {
        double[] cpu0 = cpu();
        long t0 = System.nanoTime();
        HttpResponse<String> up = http.send(HttpRequest.newBuilder(URI.create(base
                        + "/api/v1/feeds/uploads?format=shadowserver&name=" + file.getFileName()))
                .header("Authorization", "Bearer " + adminToken).header("Content-Type", "text/csv")
                .POST(HttpRequest.BodyPublishers.ofFile(file)).build(), HttpResponse.BodyHandlers.ofString());
        double upload = secs(t0);
        if (up.statusCode() != 202) {
            throw new IllegalStateException("upload: " + up.statusCode() + " " + up.body());
        }
        String job = JSON.readTree(up.body()).get("jobId").asString();
        while (true) {
            JsonNode state = JSON.readTree(get("/api/v1/feeds/jobs/" + job, adminToken));
            String s = state.get("state").asString();
            if (s.equals("SUCCEEDED") || s.equals("FAILED")) {
                double seconds = secs(t0);
                var node = (tools.jackson.databind.node.ObjectNode) state;
                node.put("_seconds", seconds);
                node.put("_upload", upload);
                double[] cpu1 = cpu();
                node.put("_cpu_jvm", cpu1[0] - cpu0[0]);
                node.put("_cpu_pg", cpu1[1] - cpu0[1]);
                if (s.equals("FAILED")) {
                    throw new IllegalStateException("job failed: " + state);
                }
                return node;
            }
            Thread.sleep(50);
        }
    }

    /** The next day to fill, counted from DAY (day 0 is the generated file's). */
    private int nextDay = 1;

    private void fill(JdbcTemplate jdbc, Path file, long stored, long total, String report, long seed) throws Exception {
        if (stored >= total) {
            return;
        }
        long perDay = jdbc.queryForObject("select count(*) from events where day = ?", Long.class, DAY);
        if (opts.get("fill").equals("pipeline")) {
            long rows = Long.parseLong(opts.get("rows"));
            while (stored < total) {
                LocalDate day = DAY.plusDays(nextDay);
                Path next = file.resolveSibling(day + "-" + report + "-loadtest.csv");
                ShadowserverFileGenerator.generate(report, rows, next, seed + nextDay, day);
                JsonNode job = ingest(next);
                Files.delete(next);
                stored += job.get("accepted").asLong();
                nextDay++;
                System.out.printf("  day %s through the pipeline: %.1f s, %,.0f rows/s, CPU JVM %.1f s PostgreSQL %.1f s; %,d stored; %s%n",
                        day, job.get("_seconds").asDouble(), rows / job.get("_seconds").asDouble(),
                        job.get("_cpu_jvm").asDouble(), job.get("_cpu_pg").asDouble(), stored,
                        Files.readString(Path.of("/proc/loadavg")).strip());
            }
            return;
        }
        String select = EventRows.COLUMNS.replaceFirst("^day,", "day + %d,")
                .replace(" time_source,", " time_source + interval '%d day',");
        while (stored < total) {
            LocalDate day = DAY.plusDays(nextDay);
            ctx.getBean(EventPartitions.class).ensure(List.of(day));
            long want = Math.min(perDay, total - stored);
            long t = System.nanoTime();
            int n = jdbc.update("insert into events (" + EventRows.COLUMNS + ") select " + select.formatted(nextDay, nextDay)
                    + " from events where day = ? limit ?", DAY, want);
            stored += n;
            System.out.printf("  day %s copied in SQL: %,d rows in %.1f s; %,d stored%n", day, n, secs(t), stored);
            nextDay++;
        }
    }

    /** What a stored event costs on disk: row, extra, TOAST and each index, per leaf of the first day (ADR 0017). */
    private static void storage(JdbcTemplate jdbc) {
        for (String p : jdbc.queryForList("select c.relname from pg_partition_tree(?::regclass) t join pg_class c "
                + "on c.oid = t.relid where t.isleaf order by 1", String.class, EventPartitions.name(DAY))) {
            System.out.println("Storage of " + p + ": " + jdbc.queryForMap("select count(*) as rows, "
                    + "round(avg(pg_column_size(e.*))) as avg_row_bytes, round(avg(pg_column_size(extra))) as avg_extra_bytes, "
                    + "pg_size_pretty(pg_relation_size('" + p + "')) as heap, "
                    + "pg_size_pretty(pg_total_relation_size('" + p + "') - pg_relation_size('" + p + "') - pg_indexes_size('" + p + "')) as toast, "
                    + "pg_size_pretty(pg_indexes_size('" + p + "')) as indexes from " + p + " e"));
            jdbc.queryForList("select indexrelid::regclass::text as index, pg_size_pretty(pg_relation_size(indexrelid)) as size "
                    + "from pg_index where indrelid = '" + p + "'::regclass").forEach(r -> System.out.println("  " + r));
        }
    }

    /**
     * The CPU seconds of an ingest, and what they mean on two cores of its own: the JVM and PostgreSQL work
     * at the same time (parse thread, writer, backend), so no faster than the larger of the two, nor than
     * their sum over two cores.
     */
    private void cpuRows(String what, JsonNode job, long rows) {
        double jvm = job.get("_cpu_jvm").asDouble();
        double pg = job.get("_cpu_pg").asDouble();
        double bound = Math.max(Math.max(jvm, pg), (jvm + pg) / 2);
        System.out.printf("CPU of %s: JVM %.1f s, PostgreSQL %.1f s; on two idle cores no faster than %.1f s (%,.0f rows/s)%n",
                what, jvm, pg, bound, rows / bound);
        row("  CPU time, " + what + ": JVM / PostgreSQL", "", "%.1f s / %.1f s".formatted(jvm, pg), null);
        row("  " + what + " on two idle cores, at best (max(JVM, PG, sum/2))", "<= 10 s", "%.1f s (%,.0f rows/s)".formatted(bound,
                rows / bound), bound <= 10);
    }

    private String memberToken(String holder) throws Exception {
        String body = "{\"name\":\"loadtest\",\"role\":\"MEMBER\",\"scopes\":[\"events\"]}";
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/organisations/" + holder + "/tokens"))
                .header("Authorization", "Bearer " + adminToken).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 201) {
            throw new IllegalStateException("member token: " + r.statusCode() + " " + r.body());
        }
        return JSON.readTree(r.body()).get("secret").asString();
    }

    private double[] queries(String url, String token) throws Exception {
        int warmup = Integer.parseInt(opts.get("warmup"));
        int runs = Integer.parseInt(opts.get("queries"));
        double[] ms = new double[runs];
        int events = 0;
        double[] cpu0 = null;
        for (int i = -warmup; i < runs; i++) {
            if (i == 0) {
                cpu0 = cpu();
            }
            long t = System.nanoTime();
            HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token)
                    .GET().build(), HttpResponse.BodyHandlers.ofByteArray());
            double elapsed = (System.nanoTime() - t) / 1e6;
            if (r.statusCode() != 200) {
                throw new IllegalStateException("events: " + r.statusCode() + " " + new String(r.body()));
            }
            if (i == 0) {
                events = JSON.readTree(r.body()).get("events").size();
                System.out.printf("  first page: %d events, %,d bytes%n", events, r.body().length);
            }
            if (i >= 0) {
                ms[i] = elapsed;
            }
        }
        double[] cpu1 = cpu();
        // CPU per request does not depend on the neighbours as the latency does (the JVM's share includes
        // this run's HTTP client, which only reads the bytes).
        System.out.printf(Locale.ROOT, "  CPU per request: JVM %.1f ms, PostgreSQL %.1f ms%n",
                (cpu1[0] - cpu0[0]) * 1000 / runs, (cpu1[1] - cpu0[1]) * 1000 / runs);
        Arrays.sort(ms);
        return ms;
    }

    /** The plan of the page-boundary query as EventSearch sends it for a member (its inside and the threats). */
    private void explain(JdbcTemplate jdbc, String holder, LocalDate last) {
        String threats = "(tlp in ('CLEAR', 'GREEN') and classification_taxonomy in ('abusive-content', 'fraud', "
                + "'information-gathering', 'intrusion-attempts', 'malicious-code'))";
        String where = "time_source >= ? and time_source < ? and day between ? and ?";
        String order = " order by time_source desc, id desc";
        String sql = "explain (analyze, buffers) select time_source, id from (select * from (select * from events where "
                + where + " and holder_id = ?::uuid" + order + " limit 1001) inside union all select * from (select * from "
                + "events where " + where + " and holder_id is distinct from ?::uuid and " + threats + order
                + " limit 1001) threats) as events" + order + " offset 999 limit 2";
        Object[] common = {java.sql.Timestamp.valueOf(DAY.atStartOfDay()), java.sql.Timestamp.valueOf(last.atStartOfDay()),
                DAY, last};
        List<Object> params = new ArrayList<>(List.of(common));
        params.add(holder);
        params.addAll(List.of(common));
        params.add(holder);
        List<String> plan = jdbc.queryForList(sql, String.class, params.toArray());
        System.out.println("Plan of the page-boundary query (limit 1000):");
        plan.forEach(l -> System.out.println("  " + l));
    }

    private String get(String path, String token) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + path))
                .header("Authorization", "Bearer " + token).GET().build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException(path + ": " + r.statusCode() + " " + r.body());
        }
        return r.body();
    }

    private static long count(JdbcTemplate jdbc) {
        return jdbc.queryForObject("select count(*) from events", Long.class);
    }

    private void row(String what, String target, String measured, Boolean ok) {
        summary.add(new String[] {what, target, measured, ok == null ? "" : ok ? "met" : "MISSED"});
    }

    private void printSummary() {
        System.out.println();
        System.out.println("| Figure | Target | Measured | |");
        System.out.println("|---|---|---|---|");
        for (String[] r : summary) {
            System.out.println("| " + String.join(" | ", r) + " |");
        }
        System.out.println();
    }

    private static void load(String when) {
        try {
            System.out.println("load average (" + when + "): " + Files.readString(Path.of("/proc/loadavg")).strip());
        } catch (IOException e) {
            System.out.println("load average: unknown");
        }
    }

    private static double pct(double[] sorted, int p) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
    }

    private static double secs(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    /** The largest used heap seen, sampled every 10 ms, per phase and overall. */
    private static final class HeapSampler extends Thread {
        private final AtomicLong max = new AtomicLong();
        private final AtomicLong overall = new AtomicLong();
        private final List<MemoryPoolMXBean> pools = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(p -> p.getType() == MemoryType.HEAP).toList();

        HeapSampler() {
            super("heap-sampler");
            setDaemon(true);
        }

        @Override
        public void run() {
            while (!isInterrupted()) {
                long used = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
                max.accumulateAndGet(used, Math::max);
                overall.accumulateAndGet(used, Math::max);
                try {
                    Thread.sleep(10);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        void reset() {
            max.set(0);
            pools.forEach(MemoryPoolMXBean::resetPeakUsage);
        }

        long max() {
            return max.get();
        }

        long overall() {
            return overall.get();
        }
    }
}
