package lat.warp.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Where the CPU of an ingest went: this JVM's threads by name and the embedded PostgreSQL's processes (its
 * busiest backend apart), from /proc, sampled every half second so that threads and backends that end before the
 * ingest does (the parse thread) are counted up to their last sample. Linux only; elsewhere it reports nothing.
 */
final class CpuBreakdown implements AutoCloseable {

    private record Seen(String name, long first, long last) {
    }

    private final String postmaster;
    private final Map<String, Seen> threads = new HashMap<>();
    private final Map<String, Seen> processes = new HashMap<>();
    private final Thread sampler;
    private volatile boolean running = true;

    CpuBreakdown(String postmasterPid) {
        this.postmaster = postmasterPid;
        sample(true);
        sampler = Thread.ofPlatform().daemon().name("cpu-breakdown").start(() -> {
            while (running) {
                try {
                    Thread.sleep(500);
                } catch (InterruptedException e) {
                    return;
                }
                sample(false);
            }
        });
    }

    /** Stops sampling after a last sample. */
    @Override
    public void close() throws InterruptedException {
        running = false;
        sampler.interrupt();
        sampler.join();
        sample(false);
    }

    private synchronized void sample(boolean baseline) {
        try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
            for (Path t : tasks.toList()) {
                record(threads, t.getFileName().toString(), t, baseline, false);
            }
        } catch (Exception e) {
            // Not Linux, or the task list changed under us: the next sample counts it.
        }
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            for (Path p : procs.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit)).toList()) {
                String pid = p.getFileName().toString();
                long[] s = stat(p);
                if (s != null && (pid.equals(postmaster) || Long.toString(s[0]).equals(postmaster))) {
                    record(processes, pid, p, baseline, true);
                }
            }
        } catch (Exception e) {
            // As above.
        }
    }

    private static void record(Map<String, Seen> into, String id, Path dir, boolean baseline, boolean process) {
        long[] s = stat(dir);
        if (s == null) {
            return;
        }
        long ticks = s[1] + s[2];
        Seen before = into.get(id);
        String name = before != null ? before.name() : name(dir, process);
        // A thread or process first met after the start began within the window: all its time counts.
        into.put(id, new Seen(name, before != null ? before.first() : (baseline ? ticks : 0), ticks));
    }

    private static String name(Path dir, boolean process) {
        try {
            if (process) {
                String cmd = Files.readString(dir.resolve("cmdline")).replace('\0', ' ').strip();
                // "postgres: postgres warp 127.0.0.1(42662) COPY": a client's backend, whatever it runs now.
                return cmd.matches("postgres: \\S+ \\S+ \\S+\\(\\d+\\).*") ? "backend" : cmd.replace("postgres: ", "");
            }
            // Linux keeps 15 characters of a thread's name: "feed-parse-0675", "GC Thread#1", "HttpClient-1-Wo".
            return Files.readString(dir.resolve("comm")).strip().replaceAll("#\\d+$", "#N")
                    .replaceAll("-\\d+-", "-N-").replaceAll("-[0-9a-f]*\\d[0-9a-f]*$", "-N");
        } catch (Exception e) {
            return "?";
        }
    }

    /**
     * ppid, then utime, stime, cutime and cstime (clock ticks, 100 a second) of a process or thread's /proc
     * directory; null if it is gone.
     */
    static long[] stat(Path dir) {
        try {
            String s = Files.readString(dir.resolve("stat"));
            String[] f = s.substring(s.lastIndexOf(')') + 2).split(" ");
            return new long[] {Long.parseLong(f[1]), Long.parseLong(f[11]), Long.parseLong(f[12]),
                    Long.parseLong(f[13]), Long.parseLong(f[14])};
        } catch (Exception e) {
            return null;
        }
    }

    /** The JVM's CPU-seconds by thread name, largest first, then PostgreSQL's, the busiest backend apart. */
    synchronized String report() {
        StringBuilder out = new StringBuilder("  JVM by thread: ");
        out.append(format(byName(threads.values().stream().toList())));
        out.append("\n  PostgreSQL by process: ");
        Seen busiest = processes.values().stream().filter(s -> s.name().equals("backend"))
                .max((a, b) -> Long.compare(a.last() - a.first(), b.last() - b.first())).orElse(null);
        Map<String, Double> pg = byName(processes.values().stream().filter(s -> s != busiest).toList());
        Map<String, Double> all = new LinkedHashMap<>();
        if (busiest != null) {
            all.put("the busiest backend (the COPY)", (busiest.last() - busiest.first()) / 100.0);
        }
        pg.forEach((k, v) -> all.put(k.equals("backend") ? "other backends" : k, v));
        out.append(format(all));
        return out.toString();
    }

    private static Map<String, Double> byName(List<Seen> seen) {
        return seen.stream().collect(Collectors.groupingBy(Seen::name, Collectors.summingDouble(s -> (s.last() - s.first()) / 100.0)));
    }

    private static String format(Map<String, Double> cpu) {
        return cpu.entrySet().stream().filter(e -> e.getValue() >= 0.05)
                .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                .map(e -> String.format(Locale.ROOT, "%s %.1f s", e.getKey(), e.getValue()))
                .collect(Collectors.joining(", "));
    }
}
