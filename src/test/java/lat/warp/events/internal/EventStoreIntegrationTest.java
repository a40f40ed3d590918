package lat.warp.events.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import lat.warp.events.Event;
import lat.warp.events.EventSearch;
import lat.warp.events.FeedJob;
import lat.warp.events.Taxonomy;
import lat.warp.events.Tlp;
import lat.warp.registry.Attribution;
import lat.warp.registry.IpPrefix;
import lat.warp.testing.WarpIntegrationTest;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The write paths of ADR 0012 that a normal upload does not take: a key stored by another writer after the
 * job read the day's keys (the direct COPY fails on the unique index and the batch is written again, staged),
 * and a day not held in memory (always staged). The counts must stay exact either way. And a large job's own
 * segments (ADR 0017): created in its one transaction, indexed and attached or folded when it ends, gone with
 * it if it does not commit.
 */
@WarpIntegrationTest
@Tag("persistence")
class EventStoreIntegrationTest {

    @Autowired EventStore store;
    @Autowired Attribution attribution;
    @Autowired JdbcClient jdbc;
    @Autowired ExtraLayouts layouts;
    @Autowired EventPartitions partitions;
    @Autowired FeedJobs jobs;
    @Autowired TransactionTemplate tx;
    private TransactionTemplate apart;

    @BeforeEach
    void transactionApart() {
        apart = new TransactionTemplate(Objects.requireNonNull(tx.getTransactionManager()));
        apart.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    }

    /** The day's stored keys as the parse thread reads them: on a connection of its own, outside the job's transaction. */
    private DayKeys keys() {
        return new DayKeys((d, limit) -> apart.execute(s -> store.load(d, limit)), 1_000, store::keyVersion);
    }

    /** A day of its own for each test: one no earlier test (of this class or another) wrote to. */
    private LocalDate day = LocalDate.MIN;

    @BeforeEach
    void aDayOfItsOwn() {
        day = freeDay();
    }

    private LocalDate freeDay() {
        LocalDate d;
        do {
            d = LocalDate.of(2031, 1, 1).plusDays(ThreadLocalRandom.current().nextInt(3_000));
        } while (d.equals(day) || jdbc.sql("select exists (select 1 from events where day = :d) or exists (select 1 "
                + "from event_rollups where day = :d) or exists (select 1 from event_rollup_deltas where day = :d) "
                + "or exists (select 1 from event_days where day = :d)")
                .param("d", d).query(Boolean.class).single());
        return d;
    }

    private Event event(int i) {
        return eventOn(day, i);
    }

    private Event eventOn(LocalDate d, int i) {
        return Event.builder().timeSource(d.atTime(10, 0, i).toInstant(ZoneOffset.UTC))
                .timeObservation(Instant.now())
                .classification(Taxonomy.rsit().normalise("vulnerable", "vulnerable-system"))
                .sourceIp(IpPrefix.IpAddress.parse("192.0.2." + i)).sourcePort(3389).feedName("store test").build();
    }

    private UUID runningJob() {
        UUID id = UUID.randomUUID();
        // RUNNING with a fresh heartbeat: the scheduled worker leaves it alone.
        jdbc.sql("insert into feed_jobs (id, state, format, source_name, stored_path, size_bytes, created_by, attempt, "
                + "heartbeat) values (?, 'RUNNING', 'jsonl', 'test', '/nowhere', 0, 'test', 1, now())").param(id).update();
        return id;
    }

    /** Runs events through a Batcher with the given view of the stored keys, writes its batches and ends the job. */
    private EventStore.Written ingest(UUID job, DayKeys keys, Event... events) {
        EventStore.Written w = write(job, keys, events);
        assertThat(store.finish(job, 1, FeedJob.State.SUCCEEDED, null)).isTrue();
        return w;
    }

    /** The batches only: the job goes on RUNNING. */
    private EventStore.Written write(UUID job, DayKeys keys, Event... events) {
        return write(job, keys, null, events);
    }

    private EventStore.Written write(UUID job, DayKeys keys, @Nullable JobSegments segments, Event... events) {
        List<EventBatch> batches = new ArrayList<>();
        Batcher batcher = new Batcher(job, 0, attribution, layouts, 2, new IngestTimes(), keys, new DedupProperties(java.util.Map.of()), () -> new CopyBuffer(256),
                batches::add);
        long line = 1;
        for (Event e : events) {
            batcher.accept(e, ++line);
        }
        batcher.flush();
        long accepted = 0;
        long duplicates = 0;
        for (EventBatch b : batches) {
            EventStore.Written w = store.write(job, 1, b, new IngestTimes(), segments);
            accepted += w.accepted();
            duplicates += w.duplicates();
        }
        return new EventStore.Written(accepted, duplicates);
    }

    private long stored() {
        return jdbc.sql("select count(*) from events where day = ?").param(day).query(Long.class).single();
    }

    private long rolledUp() {
        return jdbc.sql("select coalesce(sum(count), 0) from event_rollups where day = ?").param(day)
                .query(Long.class).single();
    }

    @Test
    void aDayStoredBeforeKeyVersion2KeepsVersion1SoAFileSentAgainIsStillRecognised() throws Exception {
        // As V3_8 leaves an upgraded installation: the day's partition made before it, listed as version 1.
        partitions.ensure(List.of(day));
        jdbc.sql("update event_days set key_version = 1 where day = ?").param(day).update();
        Event tagged = event(1).toBuilder().extra("tag", "rdp").build();
        assertThat(ingest(runningJob(), keys(), tagged, event(2))).isEqualTo(new EventStore.Written(2, 0));
        java.security.MessageDigest sha = java.security.MessageDigest.getInstance("SHA-256");
        assertThat(storedKeys(day)).containsExactlyInAnyOrder(
                uuid(EventRows.keyV1(tagged, sha, new CopyBuffer(4), null)),
                uuid(EventRows.keyV1(event(2), sha, new CopyBuffer(4), null)));
        assertThat(ingest(runningJob(), keys(), tagged, event(2), event(3))).isEqualTo(new EventStore.Written(1, 2));
        assertThat(keyVersion(day)).isEqualTo(1);

        // A day made since is of version 2, and so are its keys.
        LocalDate other = freeDay();
        Event later = eventOn(other, 1).toBuilder().extra("tag", "rdp").build();
        assertThat(ingest(runningJob(), keys(), later)).isEqualTo(new EventStore.Written(1, 0));
        assertThat(keyVersion(other)).isEqualTo(2);
        assertThat(storedKeys(other)).containsExactly(uuid(EventRows.dedupKey(later)));
        assertThat(ingest(runningJob(), keys(), later)).isEqualTo(new EventStore.Written(0, 1));
    }

    private List<UUID> storedKeys(LocalDate d) {
        return jdbc.sql("select dedup_key from events where day = ?").param(d).query(UUID.class).list();
    }

    private int keyVersion(LocalDate d) {
        return jdbc.sql("select key_version from event_days where day = ?").param(d).query(Integer.class).single();
    }

    private static UUID uuid(byte[] key) {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(key);
        return new UUID(b.getLong(), b.getLong());
    }

    @Test
    void aKeyStoredByAnotherWriterSinceTheKeysWereReadIsCountedAsADuplicateByTheStagedRetry() {
        UUID first = runningJob();
        assertThat(ingest(first, keys(), event(1), event(2))).isEqualTo(new EventStore.Written(2, 0));

        // A job whose view of the day is older than the rows just stored: its direct COPY meets the unique index.
        UUID second = runningJob();
        DayKeys stale = new DayKeys((d, limit) -> new KeySet(16), 1_000, store::keyVersion);
        assertThat(ingest(second, stale, event(1), event(2), event(3), event(3))).isEqualTo(new EventStore.Written(1, 3));
        assertThat(stored()).isEqualTo(3);
        assertThat(rolledUp()).isEqualTo(3);
        assertThat(jdbc.sql("select accepted, duplicates, rows_read from feed_jobs where id = ?").param(second)
                .query((rs, n) -> List.of(rs.getLong(1), rs.getLong(2), rs.getLong(3))).single()).containsExactly(1L, 3L, 4L);
        // The stored rows point back at their line in the job's file (raw is not stored, ADR 0012).
        assertThat(jdbc.sql("select line from events where day = ? and job_id = ?").params(day, second)
                .query(Long.class).list()).containsExactly(4L);
    }

    @Test
    void aDayNotHeldInMemoryIsDeduplicatedByTheDatabaseWithExactCounts() {
        DayKeys none = new DayKeys((d, limit) -> (@Nullable KeySet) null, 0, store::keyVersion);
        assertThat(ingest(runningJob(), none, event(1), event(1), event(2))).isEqualTo(new EventStore.Written(2, 1));
        assertThat(ingest(runningJob(), none, event(1), event(2), event(3))).isEqualTo(new EventStore.Written(1, 2));
        // And a job that does hold the day finds them all.
        assertThat(ingest(runningJob(), keys(), event(3), event(2), event(4)))
                .isEqualTo(new EventStore.Written(1, 2));
        assertThat(stored()).isEqualTo(4);
        assertThat(rolledUp()).isEqualTo(4);
    }

    @Test
    void aJobEndingInItsOneTransactionIsFinishedWhenItEndsNotWhenTheTransactionBegan() {
        UUID job = runningJob();
        java.sql.Timestamp began = tx.execute(s -> {
            java.sql.Timestamp b = jdbc.sql("select now()").query(java.sql.Timestamp.class).single();
            try {
                Thread.sleep(300);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            assertThat(store.finish(job, 1, FeedJob.State.SUCCEEDED, null)).isTrue();
            return b;
        });
        java.sql.Timestamp finished = jdbc.sql("select finished_at from feed_jobs where id = ?").param(job)
                .query(java.sql.Timestamp.class).single();
        assertThat(finished.toInstant()).isAfterOrEqualTo(began.toInstant().plusMillis(300));
    }

    @Test
    void aOneTransactionJobHoldsItsRollupsAndAppendsOneDeltaPerDimensionsBeforeItCommits() {
        // Six events of one holder, country, AS and type, in batches of two: three batches, one set of dimensions.
        UUID job = runningJob();
        tx.executeWithoutResult(s -> {
            write(job, keys(), own(job), event(1), event(2), event(3), event(4), event(5), event(6));
            assertThat(deltas(job)).as("held until the transaction ends").isZero();
            partitions.closeSegments(job, 1);
        });
        // Committed without its end: appended before the commit, once for the three batches.
        assertThat(stored()).isEqualTo(6);
        assertThat(jdbc.sql("select count(*) || ' ' || sum(count) from event_rollup_deltas where job_id = ?").param(job)
                .query(String.class).single()).isEqualTo("1 6");
        assertThat(store.finish(job, 1, FeedJob.State.SUCCEEDED, null)).isTrue();
        assertThat(rolledUp()).isEqualTo(6);

        // Rolled back: nothing held is left behind, for this transaction or the next.
        UUID failed = runningJob();
        LocalDate other = freeDay();
        tx.executeWithoutResult(s -> {
            write(failed, keys(), own(failed), eventOn(other, 1), eventOn(other, 2), eventOn(other, 3));
            s.setRollbackOnly();
        });
        assertThat(store.finish(failed, 1, FeedJob.State.FAILED, "stopped")).isTrue();
        assertThat(deltas(failed)).isZero();
        assertThat(jdbc.sql("select coalesce(sum(count), 0) from event_rollups where day = ?").param(other)
                .query(Long.class).single()).isZero();
    }

    @Test
    void aJobsRollupsCountOnceWhenItEndsWhateverTheAttemptsThatWroteThem() {
        UUID job = runningJob();
        // A first attempt commits two batches and dies; its rows are stored, their rollups wait as deltas.
        write(job, keys(), event(1), event(2), event(3));
        assertThat(stored()).isEqualTo(3);
        assertThat(rolledUp()).isZero();
        assertThat(deltas(job)).isEqualTo(3);

        // The job is claimed again (attempt 2); the first attempt's late finish changes nothing.
        jdbc.sql("update feed_jobs set attempt = 2 where id = ?").param(job).update();
        assertThat(store.finish(job, 1, FeedJob.State.SUCCEEDED, null)).isFalse();
        assertThat(rolledUp()).isZero();

        // The second attempt goes on from there and ends the job: every row counted once.
        List<EventBatch> batches = new ArrayList<>();
        Batcher batcher = new Batcher(job, 3, attribution, layouts, 2, new IngestTimes(), keys(),
                new DedupProperties(java.util.Map.of()), () -> new CopyBuffer(256), batches::add);
        for (int i = 1; i <= 5; i++) {
            batcher.accept(event(i), i);
        }
        batcher.flush();
        for (EventBatch b : batches) {
            store.write(job, 2, b, new IngestTimes());
        }
        assertThat(store.finish(job, 2, FeedJob.State.SUCCEEDED, null)).isTrue();
        assertThat(stored()).isEqualTo(5);
        assertThat(rolledUp()).isEqualTo(5);
        assertThat(deltas(job)).isZero();
        // Ended once: a repeated finish merges nothing twice.
        assertThat(store.finish(job, 2, FeedJob.State.SUCCEEDED, null)).isFalse();
        assertThat(rolledUp()).isEqualTo(5);
    }

    private long deltas(UUID job) {
        return jdbc.sql("select coalesce(sum(count), 0) from event_rollup_deltas where job_id = ?").param(job)
                .query(Long.class).single();
    }

    @Test
    void aRowWithoutTimeSourceIsRejectedWithItsLine() {
        List<EventBatch> batches = new ArrayList<>();
        Batcher batcher = new Batcher(UUID.randomUUID(), 0, attribution, layouts, 10, new IngestTimes(),
                keys(), new DedupProperties(java.util.Map.of()), () -> new CopyBuffer(256), batches::add);
        batcher.accept(Event.builder().classification(Taxonomy.rsit().normalise("vulnerable", "vulnerable-system"))
                .raw("no time").build(), 7);
        batcher.flush();
        assertThat(batches).singleElement().satisfies(b -> assertThat(b.rejects()).singleElement()
                .satisfies(r -> {
                    assertThat(r.line()).isEqualTo(7);
                    assertThat(r.reason()).isEqualTo("time.source is missing");
                }));
    }

    @Test
    void aRowWrittenAsJsonStraightFromTheResultSetIsTheEventsIntelMqForm() {
        Event rich = Event.builder().timeSource(day.atTime(11, 0, 0, 250_000_000).toInstant(ZoneOffset.UTC))
                .timeObservation(Instant.parse("2026-01-05T12:00:00Z"))
                .classification(Taxonomy.rsit().normalise("vulnerable", "vulnerable-system")).classificationIdentifier("rdp")
                .sourceIp(IpPrefix.IpAddress.parse("2001:db8:0:0::17")).sourcePort(3389).sourceAsn(27750L)
                .sourceNetwork(IpPrefix.parse("2001:db8::/32")).sourceGeolocationCc("UY").feedName("store test")
                .feedAccuracy(90.5).tlp(lat.warp.events.Tlp.AMBER_STRICT)
                .extra("tag", "rdp").extra("count", 3).extra("list", List.of("a", "b")).extra("quote", "a\"b\\c").build();
        ingest(runningJob(), keys(), rich, event(5));
        List<List<tools.jackson.databind.JsonNode>> pairs = intelMqBothWays();
        assertThat(pairs).hasSize(2).allSatisfy(p -> assertThat(p.get(0)).isEqualTo(p.get(1)));
        assertThat(pairs).anyMatch(p -> p.get(0).path("extra.list").size() == 2);
        // Stored as values with a layout (ADR 0015), read back with the layout's names.
        assertThat(jdbc.sql("select extra from events where day = ? and extra_layout is not null").param(day)
                .query(String.class).single()).startsWith("[").doesNotContain("\"tag\"");

        // A row that keeps its names (written before ADR 0015, or past the limit of layouts) reads the same way.
        jdbc.sql("update events set extra = ?, extra_layout = null where day = ? and extra_layout is not null")
                .params("{\"count\":3,\"list\":[\"a\",\"b\"],\"quote\":\"a\\\"b\\\\c\",\"tag\":\"rdp\"}", day).update();
        assertThat(intelMqBothWays()).isEqualTo(pairs);
    }

    @Test
    void hexadecimalValuesAreStoredPackedAndReadBackAsTheFeedWroteThem() {
        String sha256 = "86:6A:EA:D0:F7:6B:BE:80:11:BF:10:CB:3C:68:1D:9E:B5:BC:64:A1:96:FE:45:57:D4:4A:C8:23:F6:9B:6F:8B";
        String jarm = "f33ed4a56efc86704f566f5468ad6d41d80c796c0557e2844372df056b2a5a";
        Event e = event(1).toBuilder().extra("sha256_fingerprint", sha256).extra("jarm", jarm)
                .extra("marked", "\u007fC not packed").extra("tag", "rdp").build();
        ingest(runningJob(), keys(), e);
        List<List<tools.jackson.databind.JsonNode>> pairs = intelMqBothWays();
        assertThat(pairs).singleElement().satisfies(p -> {
            assertThat(p.get(0)).isEqualTo(p.get(1));
            assertThat(p.get(0).path("extra.sha256_fingerprint").asString()).isEqualTo(sha256);
            assertThat(p.get(0).path("extra.jarm").asString()).isEqualTo(jarm);
            assertThat(p.get(0).path("extra.marked").asString()).isEqualTo("\u007fC not packed");
        });
        String stored = jdbc.sql("select extra from events where day = ?").param(day).query(String.class).single();
        assertThat(stored).doesNotContain(sha256).doesNotContain(jarm).contains("\u007fC");
        assertThat(stored.length()).isLessThan(sha256.length() + jarm.length());

        // A row of a layout registered before ADR 0023 holds its values as the feed wrote them, the mark included.
        Integer packed = jdbc.sql("select extra_layout from events where day = ?").param(day).query(Integer.class).single();
        Integer before = jdbc.sql("insert into event_extra_layouts (names, packed) select names, false"
                + " from event_extra_layouts where id = ? returning id").param(packed).query(Integer.class).single();
        var mapper = tools.jackson.databind.json.JsonMapper.builder().build();
        String asWritten = mapper.writeValueAsString(layouts.names(packed).stream()
                .map(n -> e.extra().get(n)).toList());
        jdbc.sql("update events set extra = ?, extra_layout = ? where day = ?").params(asWritten, before, day).update();
        assertThat(intelMqBothWays()).isEqualTo(pairs);
    }

    /** Each stored row of the day as written straight from the result set and as read into an Event, in id order. */
    private List<List<tools.jackson.databind.JsonNode>> intelMqBothWays() {
        var mapper = tools.jackson.databind.json.JsonMapper.builder().build();
        return jdbc.sql("select " + EventRows.SELECT + " from events where day = ? order by id")
                .param(day).query((rs, n) -> {
                    java.io.StringWriter out = new java.io.StringWriter();
                    try (tools.jackson.core.JsonGenerator g = mapper.createGenerator(out)) {
                        EventRows.writeIntelMq(g, rs, layouts);
                    }
                    // Both as JSON text read back, so that numbers compare by value, not by the Java type they came from.
                    return List.of(mapper.readTree(out.toString()),
                            mapper.readTree(mapper.writeValueAsString(EventRows.read(rs, layouts).toIntelMq())));
                }).list();
    }

    /** A job that loads into segments of its own in one transaction, whatever its size. */
    private JobSegments own(UUID job) {
        JobSegments segments = JobSegments.of(job, 0, 0, 0, partitions);
        assertThat(segments.oneTransaction()).isTrue();
        return segments;
    }

    /** A large job as FeedWorker runs it: its batches, segments and end in one transaction. */
    private EventStore.Written ingestInOneTransaction(UUID job, long minRows, Event... events) {
        return tx.execute(s -> {
            EventStore.Written w = write(job, keys(), own(job), events);
            partitions.closeSegments(job, minRows);
            assertThat(store.finish(job, 1, FeedJob.State.SUCCEEDED, null)).isTrue();
            return w;
        });
    }

    /** Where the day's events lie: segment number and how many. */
    private java.util.Map<Integer, Long> bySegment() {
        java.util.Map<Integer, Long> segments = new java.util.TreeMap<>();
        jdbc.sql("select segment, count(*) from events where day = ? group by segment").param(day)
                .query(rs -> {
                    segments.put(rs.getInt(1), rs.getLong(2));
                });
        return segments;
    }

    private List<String> indexesOf(String leaf) {
        return jdbc.sql("select indexrelid::regclass::text from pg_index where indrelid = cast(? as regclass) order by 1")
                .param(leaf).query(String.class).list();
    }

    private long counted(UUID job, String column) {
        return jdbc.sql("select " + column + " from feed_jobs where id = ?").param(job).query(Long.class).single();
    }

    @Test
    void aLargeJobLoadsADayIntoASegmentOfItsOwnSeenByNoOneUntilItEnds() {
        UUID job = runningJob();
        List<Long> seenMeanwhile = new ArrayList<>();
        EventStore.Written w = tx.execute(s -> {
            EventStore.Written written = write(job, keys(), own(job),
                    event(1), event(2), event(2), event(3));
            // Another connection: the rows and their segment are the job's transaction's alone.
            seenMeanwhile.add(apart.execute(t -> stored()));
            // The progress is shown all the same.
            seenMeanwhile.add(apart.execute(t -> counted(job, "accepted")));
            partitions.closeSegments(job, 3);
            assertThat(store.finish(job, 1, FeedJob.State.SUCCEEDED, null)).isTrue();
            return written;
        });
        assertThat(w).isEqualTo(new EventStore.Written(3, 1));
        assertThat(seenMeanwhile).containsExactly(0L, 3L);

        Integer segment = jdbc.sql("select segment from event_segments where job_id = ? and indexed").param(job)
                .query(Integer.class).single();
        String leaf = EventPartitions.name(day) + "_" + segment;
        assertThat(bySegment()).containsExactly(java.util.Map.entry(segment, 3L));
        // Its rows are no shared threat: no threats index (the next tests).
        assertThat(indexesOf(leaf)).containsExactly(leaf + "_holder", leaf + "_key");
        assertThat(rolledUp()).isEqualTo(3);
        assertThat(counted(job, "accepted")).isEqualTo(3);
        // The next job finds its keys like any other day's.
        assertThat(ingest(runningJob(), keys(), event(3), event(4)))
                .isEqualTo(new EventStore.Written(1, 1));
        assertThat(bySegment()).containsExactly(java.util.Map.entry(0, 1L), java.util.Map.entry(segment, 3L));
    }

    /** A shared threat of the day: TLP:GREEN, a class every member sees. */
    private Event threat(int i) {
        return Event.builder().timeSource(day.atTime(11, 0, i).toInstant(ZoneOffset.UTC))
                .classification(Taxonomy.rsit().normalise("malicious-code", "c2-server")).tlp(Tlp.GREEN)
                .sourceIp(IpPrefix.IpAddress.parse("198.51.100." + i)).feedName("store test").build();
    }

    private String segmentOf(UUID job) {
        return EventPartitions.name(day) + "_" + jdbc.sql("select segment from event_segments where job_id = ?")
                .param(job).query(Integer.class).single();
    }

    /** The leaves a threats query of the day reads, by the plan PostgreSQL makes once for every parameter. */
    private List<String> leavesOfThreatsQuery() {
        return tx.execute(s -> {
            jdbc.sql("set local plan_cache_mode = force_generic_plan").update();
            String plan = String.join("\n", jdbc.sql("explain select id from events where day = ? and "
                            + EventSearch.THREATS + " order by time_source desc, id desc limit 250").param(day)
                    .query(String.class).list());
            return java.util.regex.Pattern.compile(EventPartitions.name(day) + "_\\d+").matcher(plan).results()
                    .map(java.util.regex.MatchResult::group).distinct().sorted().toList();
        });
    }

    @Test
    void theThreatsRuleInJavaIsTheThreatsRuleInSql() {
        // The writer decides in Java which segments may hold threats; PostgreSQL's CHECK would refuse a wrong call.
        List<@Nullable Tlp> tlps = new ArrayList<>(List.of(Tlp.values()));
        tlps.add(null);
        List<String> classes = new ArrayList<>(Taxonomy.rsit().classes());
        classes.addAll(List.of("Malicious-Code", "malicious-code ", "unknown"));
        int threats = 0;
        for (Tlp tlp : tlps) {
            for (String taxonomy : classes) {
                boolean sql = jdbc.sql("select coalesce(" + EventSearch.THREATS + ", false) from (values (cast(? as text), "
                        + "cast(? as text))) v(tlp, classification_taxonomy)").params(tlp == null ? null : tlp.label(), taxonomy)
                        .query(Boolean.class).single();
                assertThat(EventSearch.isThreat(tlp, taxonomy)).as("%s %s", tlp, taxonomy).isEqualTo(sql);
                threats += sql ? 1 : 0;
            }
        }
        assertThat(threats).isEqualTo(2 * EventSearch.THREAT_CLASSES.size());
    }

    @Test
    void aSegmentOfNoSharedThreatHasNoThreatsIndexAndNoThreatsQueryReadsIt() {
        UUID job = runningJob();
        ingestInOneTransaction(job, 1, event(1), event(2), event(3));
        String leaf = segmentOf(job);
        assertThat(indexesOf(leaf)).containsExactly(leaf + "_holder", leaf + "_key");
        assertThat(leavesOfThreatsQuery()).containsExactly(EventPartitions.shared(day));

        // A threat the day gets later, in its segment 0, is found there.
        ingest(runningJob(), keys(), threat(1));
        assertThat(jdbc.sql("select count(*) from events where day = ? and " + EventSearch.THREATS).param(day)
                .query(Long.class).single()).isEqualTo(1);
    }

    @Test
    void aSharedThreatSentToASegmentLetsItHoldThreatsWithTheirIndex() {
        UUID job = runningJob();
        // Two batches: the first of no threat, the second with one.
        tx.executeWithoutResult(s -> {
            JobSegments segments = own(job);
            write(job, keys(), segments, event(1), event(2));
            write(job, keys(), segments, event(3), threat(4));
            partitions.closeSegments(job, 1);
            assertThat(store.finish(job, 1, FeedJob.State.SUCCEEDED, null)).isTrue();
        });
        String leaf = segmentOf(job);
        assertThat(indexesOf(leaf)).containsExactly(leaf + "_holder", leaf + "_key", leaf + "_threats");
        assertThat(leavesOfThreatsQuery()).containsExactly(EventPartitions.shared(day), leaf);
        assertThat(jdbc.sql("select count(*) from events where day = ? and " + EventSearch.THREATS).param(day)
                .query(Long.class).single()).isEqualTo(1);
        assertThat(stored()).isEqualTo(4);
    }

    @Test
    void aLargeJobsSessionHandsItsSegmentToTheDiskAsItWritesItAndNoOtherTransactionDoes() {
        UUID job = runningJob();
        String during = tx.execute(s -> {
            own(job).leaf(day);
            s.setRollbackOnly();
            return jdbc.sql("select current_setting('backend_flush_after')").query(String.class).single();
        });
        assertThat(during).isEqualTo("2MB");
        // Set for the job's transaction only: the pooled connection goes back as it was.
        String after = tx.execute(s -> jdbc.sql("select current_setting('backend_flush_after')").query(String.class)
                .single());
        assertThat(after).isEqualTo("0");
    }

    @Test
    void aSegmentWithFewRowsIsFoldedIntoTheDaysSegmentZeroWhenTheJobEnds() {
        UUID job = runningJob();
        assertThat(ingestInOneTransaction(job, 3, event(1), event(2))).isEqualTo(new EventStore.Written(2, 0));
        assertThat(bySegment()).containsExactly(java.util.Map.entry(0, 2L));
        assertThat(jdbc.sql("select count(*) from event_segments where job_id = ?").param(job).query(Long.class)
                .single()).isZero();
        assertThat(jdbc.sql("select count(*) from pg_inherits where inhparent = cast(? as regclass)")
                .param(EventPartitions.name(day)).query(Long.class).single()).isEqualTo(1);
        assertThat(rolledUp()).isEqualTo(2);
    }

    @Test
    void aLargeJobThatDoesNotCommitLeavesNothingAndStartsAgainFromItsFirstRow() {
        UUID job = runningJob();
        try {
            tx.executeWithoutResult(s -> {
                write(job, keys(), own(job), event(1), event(2));
                throw new IllegalStateException("the server stops");
            });
        } catch (IllegalStateException expected) {
            // Rolled back, as a crash would.
        }
        assertThat(stored()).isZero();
        assertThat(jdbc.sql("select count(*) from event_segments where job_id = ?").param(job).query(Long.class)
                .single()).isZero();
        assertThat(counted(job, "items_done")).as("no resume point moved").isZero();
        jobs.resetCounts(job, 1);

        assertThat(ingestInOneTransaction(job, 1, event(1), event(2), event(3)))
                .isEqualTo(new EventStore.Written(3, 0));
        assertThat(stored()).isEqualTo(3);
        assertThat(rolledUp()).isEqualTo(3);
        assertThat(counted(job, "accepted")).isEqualTo(3);
    }

    @Test
    void aDayNotHeldInMemoryFindsTheKeysOfTheDaysSegments() {
        ingestInOneTransaction(runningJob(), 1, event(1), event(2), event(3));

        DayKeys none = new DayKeys((d, limit) -> (@Nullable KeySet) null, 0, store::keyVersion);
        assertThat(ingest(runningJob(), none, event(2), event(3), event(4))).isEqualTo(new EventStore.Written(1, 2));
        assertThat(stored()).isEqualTo(4);
        assertThat(rolledUp()).isEqualTo(4);
    }

    @Test
    void aNewDaysPartitionIsMadeWhileALargeJobsTransactionIsOpen() {
        // Held to the job's end, a lock on the parent would make the partition of a new day (made in a
        // transaction of its own) wait for the job, the job wait for it, and every reader wait behind both.
        LocalDate other = freeDay();
        UUID job = runningJob();
        DayKeys notThisDay = new DayKeys(
                (d, limit) -> d == day.toEpochDay() ? null : apart.execute(s -> store.load(d, limit)), 1_000, store::keyVersion);
        EventStore.Written w = tx.execute(s -> {
            // The day not held in memory goes staged into its segment 0; the other into the job's own segment.
            EventStore.Written written = write(job, notThisDay, own(job), event(1), eventOn(other, 2), event(3));
            LocalDate third = freeDay();
            try {
                // As the job's next batch would, from a transaction of its own (on a thread of its own here, so
                // that a wait fails the test instead of hanging it).
                CompletableFuture.runAsync(() -> partitions.ensure(List.of(third))).get(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new IllegalStateException("a new day's partition waited for the job's transaction", e);
            }
            partitions.closeSegments(job, 1);
            assertThat(store.finish(job, 1, FeedJob.State.SUCCEEDED, null)).isTrue();
            return written;
        });
        assertThat(w).isEqualTo(new EventStore.Written(3, 0));
        assertThat(stored()).isEqualTo(2);
        assertThat(jdbc.sql("select count(*) from events where day = ? and job_id = ?").params(other, job)
                .query(Long.class).single()).isEqualTo(1);
    }

    @Test
    void retentionLeavesADayAJobStillHoldsForItsNextRun() throws Exception {
        LocalDate old = LocalDate.of(1990, 1, 2);
        partitions.ensure(List.of(old));
        ExecutorService retention = Executors.newSingleThreadExecutor();
        try {
            List<LocalDate> whileHeld = tx.execute(s -> {
                // What a large job's transaction holds on a day it writes, until it ends.
                jdbc.sql("lock table " + EventPartitions.name(old) + " in access share mode").update();
                try {
                    return retention.submit(() -> partitions.dropOlderThan(old.plusDays(1))).get(30, TimeUnit.SECONDS);
                } catch (Exception e) {
                    throw new IllegalStateException("retention did not give up on the held day", e);
                }
            });
            assertThat(whileHeld).isEmpty();
            assertThat(partitions.dropOlderThan(old.plusDays(1))).containsExactly(old);
            // Its key version goes with it: made again, the day is of the current version.
            assertThat(jdbc.sql("select count(*) from event_days where day = ?").param(old).query(Long.class).single())
                    .isZero();
        } finally {
            retention.shutdownNow();
        }
    }

    @Test
    void aSegmentAnEarlierVersionLeftWithoutIndexesIsIndexedByTheSweeper() {
        // What a job of the version that loaded segments batch by batch left when it died: attached, no index.
        UUID job = runningJob();
        partitions.ensure(List.of(day));
        int number = jdbc.sql("select nextval('event_segments_seq')").query(Long.class).single().intValue();
        String leaf = EventPartitions.name(day) + "_" + number;
        jdbc.sql("insert into event_segments (day, segment, job_id) values (?, ?, ?)").params(day, number, job).update();
        jdbc.sql("create table " + leaf + " partition of " + EventPartitions.name(day) + " (segment default " + number
                + ") for values in (" + number + ")").update();
        partitions.indexAbandonedSegments();
        assertThat(indexesOf(leaf)).as("a running job's segment is its own to close").isEmpty();

        assertThat(store.finish(job, 1, FeedJob.State.FAILED, "stopped")).isTrue();
        partitions.indexAbandonedSegments();
        assertThat(indexesOf(leaf)).containsExactly(leaf + "_holder", leaf + "_key", leaf + "_threats");
        assertThat(jdbc.sql("select indexed from event_segments where job_id = ?").param(job).query(Boolean.class)
                .single()).isTrue();
    }
}
