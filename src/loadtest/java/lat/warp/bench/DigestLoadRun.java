package lat.warp.bench;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import lat.warp.WarpApplication;
import lat.warp.events.internal.EventPartitions;
import lat.warp.notification.internal.DigestJob;
import lat.warp.notification.internal.Sender;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The notification load run (issue 6; docs/benchmarks.md, "Notification digests"). Not a test: run with
 * {@code ./mvnw -q -B -Ploadtest -DskipTests -Dloadtest.main=lat.warp.bench.DigestLoadRun
 * -Dloadtest.args="--organisations=10000 --events=1000000" -Dloadtest.heap=1g test-compile exec:exec}.
 *
 * <ol>
 * <li>starts the WARP server in-process on a fresh temporary data directory, embedded PostgreSQL, no demo data,
 *     SMTP pointed at a {@link CountingSmtpSink};
 * <li>creates {@code --organisations} members with one abuse contact each and a saved daily-digest policy
 *     (UTC, every day, languages es/pt/en in turn, CSV attachments, signed, not encrypted), and
 *     {@code --events} events of yesterday (UTC) spread evenly over them, with their rollups, in SQL;
 * <li>measured: the digest job composes every digest due now (events read per holder through EventSearch,
 *     queued in the outbox), then the sender hands every one to SMTP (PGP/MIME signed, CSV attached): the time
 *     from the start of the digest run until the sink has counted every message.
 * </ol>
 */
public final class DigestLoadRun {

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = new HashMap<>(Map.of("organisations", "10000", "events", "1000000",
                "senders", "4", "digest-threads", "4", "runs", "1"));
        for (String a : args) {
            if (a.startsWith("--") && a.contains("=")) {
                opts.put(a.substring(2, a.indexOf('=')), a.substring(a.indexOf('=') + 1));
            }
        }
        int organisations = Integer.parseInt(opts.get("organisations"));
        long events = Long.parseLong(opts.get("events"));
        Path dataDir = Files.createTempDirectory("warp-digest-load");
        try (CountingSmtpSink sink = new CountingSmtpSink()) {
            System.setProperty("WARP_DATA_DIR", dataDir.toString());
            System.setProperty("WARP_DEMO", "false");
            System.setProperty("WARP_PORT", "0");
            System.setProperty("WARP_SMTP_HOST", "127.0.0.1");
            System.setProperty("WARP_SMTP_PORT", String.valueOf(sink.port()));
            System.setProperty("WARP_MAIL_FROM", "warp@bench.test");
            System.setProperty("warp.notification.send-interval", "1h");
            System.setProperty("warp.notification.digest-interval", "1h");
            System.setProperty("warp.notification.digest-initial-delay", "1h");
            System.setProperty("warp.notification.senders", opts.get("senders"));
            System.setProperty("warp.notification.digest-threads", opts.get("digest-threads"));
            System.setProperty("warp.notification.batch-size", "100");
            System.setProperty("logging.level.lat.warp", "WARN");
            ConfigurableApplicationContext ctx = new SpringApplicationBuilder(WarpApplication.class).run();
            try {
                JdbcTemplate jdbc = ctx.getBean(JdbcTemplate.class);
                LocalDate yesterday = LocalDate.now(ZoneOffset.UTC).minusDays(1);
                long t = System.nanoTime();
                fill(jdbc, ctx.getBean(EventPartitions.class), organisations, events, yesterday);
                System.out.printf("Setup: %,d organisations, %,d events of %s in %.1f s%n", organisations, events,
                        yesterday, (System.nanoTime() - t) / 1e9);

                DigestJob digests = ctx.getBean(DigestJob.class);
                Sender sender = ctx.getBean(Sender.class);
                double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
                long start = System.nanoTime();
                int queued = digests.run(Instant.now());
                long composed = System.nanoTime();
                System.out.printf("Digests queued: %,d in %.1f s%n", queued, (composed - start) / 1e9);
                int attempted = sender.drain();
                while (sink.messages.get() < queued && System.nanoTime() - start < 600e9) {
                    Thread.sleep(10);
                }
                long end = System.nanoTime();
                long sent = jdbc.queryForObject("select count(*) from notification_deliveries where state = 'SENT'", Long.class);
                long notSent = jdbc.queryForObject("select count(*) from notification_deliveries where state <> 'SENT'", Long.class);
                System.out.printf("Digests queued: %,d in %.1f s (digest job, %s threads)%n", queued,
                        (composed - start) / 1e9, opts.get("digest-threads"));
                System.out.printf("Handed to SMTP: %,d messages, %,d MB, in %.1f s (sender, %s threads); attempted %,d%n",
                        sink.messages.get(), sink.bytes.get() >> 20, (end - composed) / 1e9, opts.get("senders"), attempted);
                System.out.printf("Deliveries SENT %,d, not sent %,d%n", sent, notSent);
                System.out.printf("TOTAL: %.1f s for %,d digests over %,d events (load average before: %.2f, after: %.2f, %d CPUs)%n",
                        (end - start) / 1e9, queued, events, load,
                        ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
                        Runtime.getRuntime().availableProcessors());
            } finally {
                ctx.close();
            }
        }
    }

    private static void fill(JdbcTemplate jdbc, EventPartitions partitions, int organisations, long events,
            LocalDate day) {
        partitions.ensure(List.of(day));
        jdbc.execute("create table bench_orgs as select gen_random_uuid() as id, g - 1 as n from generate_series(1, "
                + organisations + ") g");
        jdbc.execute("insert into organisations (id, name, kind, country) select id, 'bench ' || n, 'MEMBER', 'UY' from bench_orgs");
        jdbc.execute("insert into contacts (id, organisation_id, role, email, language, source) "
                + "select gen_random_uuid(), id, 'ABUSE', 'abuse@bench-' || n || '.test', 'es', 'roster' from bench_orgs");
        jdbc.execute("insert into notification_policies (organisation_id, schedule, business_days_only, time_zone, language, "
                + "attachment_format, minimum_severity, encrypt) select id, 'DAILY', false, 'UTC', "
                + "(array['es','pt','en'])[n % 3 + 1], 'CSV', 'LOW', false from bench_orgs");
        jdbc.execute("insert into notification_digest_state (organisation_id, covered_until) "
                + "select id, '" + day + "T00:00:00Z'::timestamptz from bench_orgs");
        jdbc.execute("insert into events (day, dedup_key, holder_id, time_source, time_observation, classification_taxonomy, "
                + "classification_type, source_ip, source_port, source_asn, protocol_transport, feed_name, feed_provider, tlp) "
                + "select '" + day + "'::date, md5(g::text)::uuid, o.id, '" + day + "T00:00:00Z'::timestamptz "
                + "+ (g % 86000) * interval '1 second', now(), 'vulnerable', 'vulnerable-system', "
                + "'200.0.0.0'::inet + g, 3389, 28000, 'tcp', 'scan_rdp', 'Shadowserver', 'AMBER' "
                + "from generate_series(1, " + events + ") g join bench_orgs o on o.n = g % " + organisations);
        jdbc.execute("insert into event_rollups (day, holder_id, country, asn, taxonomy, type, feed_name, count) "
                + "select day, holder_id, 'UY', 28000, 'vulnerable', 'vulnerable-system', 'scan_rdp', count(*) "
                + "from events where day = '" + day + "' group by day, holder_id");
        jdbc.execute("analyze events");
    }
}
