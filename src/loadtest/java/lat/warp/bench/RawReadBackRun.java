package lat.warp.bench;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.zip.GZIPOutputStream;
import lat.warp.events.internal.parsers.RawRows;

/**
 * What a {@code raw=true} page adds (ADR 0012, amendment): {@link RawRows#read} of 250 lines from an archived
 * Shadowserver file, plain and gzipped, with the lines near the start and near the end of the file. Prints
 * wall and CPU time of the last of four repetitions (JIT warm). Arguments: rows (200000), seed (42).
 */
public final class RawReadBackRun {

    public static void main(String[] args) throws IOException {
        long rows = args.length > 0 ? Long.parseLong(args[0]) : 200_000;
        long seed = args.length > 1 ? Long.parseLong(args[1]) : 42;
        Path dir = Files.createTempDirectory("warp-raw-readback");
        Path plain = dir.resolve("scan_rdp.csv");
        Path gzip = dir.resolve("scan_rdp.csv.gz");
        ShadowserverFileGenerator.generate("scan_rdp", rows, plain, seed, LocalDate.of(2024, 1, 5));
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gzip), 1 << 16)) {
            Files.copy(plain, out);
        }
        System.out.printf("%,d rows: %,d bytes plain, %,d bytes gzip; load average %.2f%n", rows, Files.size(plain),
                Files.size(gzip), ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        long lastLine = rows + 1; // the header is line 1
        long span = Math.max(250, rows / 50); // 2 % of the file
        for (String where : new String[] {"first 2 %", "last 2 %"}) {
            long from = where.startsWith("first") ? 2 : lastLine - span + 1;
            SortedSet<Long> lines = new TreeSet<>();
            for (long i = 0; lines.size() < 250; i++) {
                lines.add(from + i * span / 250);
            }
            for (Path file : new Path[] {plain, gzip}) {
                long wall = 0;
                long cpu = 0;
                int found = 0;
                for (int repetition = 0; repetition < 4; repetition++) {
                    long cpu0 = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
                    long t0 = System.nanoTime();
                    try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
                        found = RawRows.read(in, ',', lines).size();
                    }
                    wall = System.nanoTime() - t0;
                    cpu = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() - cpu0;
                }
                System.out.printf("250 lines in the %s, %s: %d found, %.0f ms wall, %.0f ms CPU%n", where,
                        file.getFileName(), found, wall / 1e6, cpu / 1e6);
            }
        }
        try (var files = Files.list(dir)) {
            for (Path p : files.toList()) {
                Files.delete(p);
            }
        }
        Files.delete(dir);
    }
}
