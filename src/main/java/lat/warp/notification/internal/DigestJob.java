package lat.warp.notification.internal;

import java.sql.Timestamp;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import lat.warp.events.Event;
import lat.warp.events.EventQuery;
import lat.warp.events.EventRollups;
import lat.warp.events.EventSearch;
import lat.warp.events.HolderEventStream;
import lat.warp.events.Tlp;
import lat.warp.notification.Notice;
import lat.warp.notification.NotificationPolicy;
import lat.warp.shared.Actor;
import lat.warp.shared.Actors;
import lat.warp.shared.OrganisationId;
import lat.warp.shared.Permission;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Composes digests. For each organisation with a digest policy and something to tell (notices kept for
 * the digest, or feed events inside its networks, found through the events module's rollups), once its
 * period has ended in its own time zone (the hour, the day at midnight, the week on Monday; with
 * "business days only" nothing goes out on a Saturday or Sunday, and the weekend waits for Monday), it
 * takes the period's events from one streamed, audited-once read of the window by holder
 * ({@link HolderEventStream}; failing that, through {@link EventSearch} as that organisation) and queues one
 * digest per recipient. The period covered is recorded in the same transaction, so a digest is composed once.
 */
@Component
public class DigestJob {

    private static final Logger log = LoggerFactory.getLogger(DigestJob.class);
    private static final int MAX_EVENTS = 10_000;

    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final PolicyService policies;
    private final NotificationService notifications;
    private final EventSearch search;
    private final EventRollups rollups;
    private final HolderEventStream events;
    private final String mailFrom;
    private final NotificationSettings settings;

    DigestJob(JdbcClient jdbc, TransactionTemplate tx, PolicyService policies, NotificationService notifications,
            EventSearch search, EventRollups rollups, HolderEventStream events, NotificationSettings settings,
            lat.warp.platform.WarpProperties properties) {
        this.events = events;
        this.mailFrom = properties.mail().from();
        this.settings = settings;
        this.jdbc = jdbc;
        this.tx = tx;
        this.policies = policies;
        this.notifications = notifications;
        this.search = search;
        this.rollups = rollups;
    }

    @Scheduled(fixedDelayString = "${warp.notification.digest-interval:5m}", initialDelayString = "${warp.notification.digest-initial-delay:30s}")
    void tick() {
        try {
            run(Instant.now());
        } catch (RuntimeException e) {
            log.warn("Digest run failed: {}", e.toString());
        }
    }

    /** One organisation's work: its events of the streamed window (null: not streamed, read them itself). */
    private record Work(OrganisationId organisation, @Nullable List<Event> events) {
    }

    private static final List<Work> DONE = List.of();

    /** Composes every digest due at {@code now}; returns how many digests were queued. */
    public int run(Instant now) {
        Set<OrganisationId> candidates = new LinkedHashSet<>();
        jdbc.sql("select distinct organisation_id from notification_digest_items where digested_at is null")
                .query((rs, n) -> new OrganisationId(rs.getObject(1, UUID.class))).list().forEach(candidates::add);
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        Actors.runAsSystem("notification-digest", () -> rollups.daily(today.minusDays(8), today, null))
                .forEach(c -> {
                    if (c.holderId() != null) {
                        candidates.add(OrganisationId.of(c.holderId()));
                    }
                });
        if (candidates.isEmpty()) {
            return 0;
        }
        // Which candidates are due (their period ended after what was covered), and the window their periods
        // lie in. Those never seen are decided inside (their first period starts a day ago).
        Map<UUID, Instant> coveredUntil = new java.util.HashMap<>();
        jdbc.sql("select organisation_id, covered_until from notification_digest_state")
                .query(rs -> {
                    coveredUntil.put(rs.getObject(1, UUID.class), rs.getTimestamp(2).toInstant());
                });
        // The saved policies' schedules in one read; an organisation without one has its default policy.
        Map<UUID, Object[]> schedules = new java.util.HashMap<>();
        jdbc.sql("select organisation_id, schedule, time_zone from notification_policies").query(rs -> {
            schedules.put(rs.getObject(1, UUID.class), new Object[] {
                    NotificationPolicy.Schedule.valueOf(rs.getString(2)), java.time.ZoneId.of(rs.getString(3))});
        });
        long started = System.nanoTime();
        List<OrganisationId> due = new ArrayList<>();
        Instant windowFrom = null;
        Instant windowTo = null;
        for (OrganisationId o : candidates) {
            Instant end;
            Object[] saved = schedules.get(o.value());
            if (saved != null) {
                end = periodEnd((NotificationPolicy.Schedule) saved[0], (java.time.ZoneId) saved[1], now);
            } else {
                try {
                    NotificationPolicy policy = policies.load(o);
                    end = periodEnd(policy.schedule(), policy.timeZone(), now);
                } catch (RuntimeException e) {
                    log.warn("Digest policy of {} not readable: {}", o, e.toString());
                    continue;
                }
            }
            Instant start = coveredUntil.getOrDefault(o.value(), now.minus(Duration.ofDays(1)));
            if (coveredUntil.containsKey(o.value()) && !end.isAfter(start)) {
                continue;
            }
            due.add(o);
            Instant from = start.isBefore(end.minus(EventSearch.MAX_WINDOW)) ? end.minus(EventSearch.MAX_WINDOW) : start;
            windowFrom = windowFrom == null || from.isBefore(windowFrom) ? from : windowFrom;
            windowTo = windowTo == null || end.isAfter(windowTo) ? end : windowTo;
        }
        if (due.isEmpty()) {
            return 0;
        }
        if (!windowTo.isAfter(windowFrom)) {
            windowTo = windowFrom.plusSeconds(1);
        }
        if (windowFrom.isBefore(windowTo.minus(EventSearch.MAX_WINDOW))) {
            windowFrom = windowTo.minus(EventSearch.MAX_WINDOW); // the few reaching further read their own
        }

        // Organisations in chunks, one transaction per chunk and a savepoint per organisation: one failing never
        // stops the others, and the audit entries of a chunk (its reads of contacts) are appended to the chain in
        // one commit rather than one each. The events come from one read of the window, holder by holder,
        // audited once, composed while it streams.
        java.util.concurrent.atomic.AtomicInteger queued = new java.util.concurrent.atomic.AtomicInteger();
        int threadCount = Math.max(1, settings.digestThreads());
        java.util.concurrent.BlockingQueue<List<Work>> work = new java.util.concurrent.ArrayBlockingQueue<>(
                threadCount * 4);
        int chunk = Math.max(1, settings.digestBatch());
        TransactionTemplate savepoint = new TransactionTemplate(tx.getTransactionManager());
        savepoint.setPropagationBehavior(org.springframework.transaction.TransactionDefinition.PROPAGATION_NESTED);
        Instant streamedFrom = windowFrom;
        Instant streamedTo = windowTo;
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < threadCount; i++) {
            threads.add(Thread.ofPlatform().name("notification-digest-" + i).start(() -> {
                while (true) {
                    List<Work> these;
                    try {
                        these = work.take();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                    if (these == DONE) {
                        return;
                    }
                    try {
                        tx.executeWithoutResult(outer -> Actors.runAsSystem("notification-digest", () -> {
                            for (Work w : these) {
                                try {
                                    Boolean done = savepoint.execute(s -> digest(w.organisation(), now, w.events(),
                                            streamedFrom, streamedTo));
                                    if (Boolean.TRUE.equals(done)) {
                                        queued.incrementAndGet();
                                    }
                                } catch (RuntimeException e) {
                                    log.warn("Digest for {} failed: {}", w.organisation(), e.toString());
                                }
                            }
                        }));
                    } catch (RuntimeException e) {
                        log.warn("Digests of {} organisations failed: {}", these.size(), e.toString());
                    }
                }
            }));
        }
        Set<OrganisationId> remaining = new LinkedHashSet<>(due);
        List<Work> batch = new ArrayList<>(chunk);
        boolean streamed = false;
        try {
            Actors.runAsSystem("notification-digest", () -> events.byHolder(streamedFrom, streamedTo, MAX_EVENTS,
                    "notification digests", (holder, list) -> {
                        OrganisationId organisation = new OrganisationId(holder);
                        if (remaining.remove(organisation)) {
                            batch.add(new Work(organisation, list));
                            if (batch.size() >= chunk) {
                                put(work, List.copyOf(batch));
                                batch.clear();
                            }
                        }
                    }));
            streamed = true;
        } catch (RuntimeException e) {
            log.warn("Digest events could not be read in one pass, reading them per organisation: {}", e.toString());
        }
        // The others (notices only, or, had the one read failed, everyone) read their own events if any.
        for (OrganisationId o : remaining) {
            batch.add(new Work(o, streamed ? List.of() : null));
            if (batch.size() >= chunk) {
                put(work, List.copyOf(batch));
                batch.clear();
            }
        }
        if (!batch.isEmpty()) {
            put(work, List.copyOf(batch));
        }
        for (int i = 0; i < threadCount; i++) {
            put(work, DONE);
        }
        long read = System.nanoTime();
        for (Thread t : threads) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        log.info("Digests: {} of {} candidates due, {} queued; events of {} to {} read in {} ms, all composed in {} ms",
                due.size(), candidates.size(), queued.get(), streamedFrom, streamedTo, (read - started) / 1_000_000,
                (System.nanoTime() - started) / 1_000_000);
        return queued.get();
    }

    private static void put(java.util.concurrent.BlockingQueue<List<Work>> queue, List<Work> item) {
        try {
            queue.put(item);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Digest run interrupted", e);
        }
    }

    /**
     * @param streamed the organisation's events of the window from {@code streamedFrom} to {@code streamedTo},
     *     read in the one pass, or null to read them here (as also when its period reaches outside the window)
     */
    private boolean digest(OrganisationId organisation, Instant now, @Nullable List<Event> streamed,
            Instant streamedFrom, Instant streamedTo) {
        jdbc.sql("insert into notification_digest_state (organisation_id, covered_until) values (?, ?) "
                        + "on conflict do nothing")
                .params(organisation.value(), Timestamp.from(now.minus(Duration.ofDays(1)))).update();
        Optional<Instant> covered = jdbc.sql("select covered_until from notification_digest_state "
                        + "where organisation_id = ? for update skip locked")
                .param(organisation.value()).query((rs, n) -> rs.getTimestamp(1).toInstant()).optional();
        if (covered.isEmpty()) {
            return false; // another node is composing it
        }
        NotificationPolicy policy = policies.load(organisation);
        Instant end = periodEnd(policy, now);
        Instant start = covered.get();
        if (!end.isAfter(start)) {
            return false;
        }
        if (policy.businessDaysOnly() && policy.schedule().digest()) {
            DayOfWeek day = ZonedDateTime.ofInstant(end, policy.timeZone()).getDayOfWeek();
            // A digest due on Saturday or Sunday waits; Monday's covers the weekend too.
            if (day == DayOfWeek.SATURDAY || day == DayOfWeek.SUNDAY) {
                return false;
            }
        }
        Instant from = start.isBefore(end.minus(EventSearch.MAX_WINDOW)) ? end.minus(EventSearch.MAX_WINDOW) : start;
        List<Map<String, Object>> events = streamed != null && !from.isBefore(streamedFrom) && !end.isAfter(streamedTo)
                ? inPeriod(streamed, from, end, policy.mutedTypes())
                : events(organisation, from, end, policy.mutedTypes());
        List<StoredMessage> items = jdbc.sql("select payload::text from notification_digest_items "
                        + "where organisation_id = ? and digested_at is null and created_at < ? order by id")
                .params(organisation.value(), Timestamp.from(end))
                .query((rs, n) -> Outbox.readMessage(rs.getString(1))).list();
        jdbc.sql("update notification_digest_state set covered_until = ? where organisation_id = ?")
                .params(Timestamp.from(end), organisation.value()).update();
        if (events.isEmpty() && items.isEmpty()) {
            return false;
        }
        jdbc.sql("update notification_digest_items set digested_at = now() "
                        + "where organisation_id = ? and digested_at is null and created_at < ?")
                .params(organisation.value(), Timestamp.from(end)).update();
        Tlp tlp = Tlp.GREEN;
        String severity = "LOW";
        for (StoredMessage item : items) {
            if (Tlp.valueOf(item.tlp()).ordinal() > tlp.ordinal()) {
                tlp = Tlp.valueOf(item.tlp());
            }
            if (lat.warp.reporting.Severity.valueOf(item.severity()).ordinal()
                    > lat.warp.reporting.Severity.valueOf(severity).ordinal()) {
                severity = item.severity();
            }
        }
        if (!events.isEmpty() && tlp.ordinal() < Tlp.AMBER.ordinal()) {
            tlp = Tlp.AMBER; // the events inside a member's networks are about that member
        }
        String day = ZonedDateTime.ofInstant(end, policy.timeZone()).toLocalDate().toString();
        String reference = "WARP-DIGEST-" + day + (policy.schedule() == NotificationPolicy.Schedule.HOURLY
                ? "T" + ZonedDateTime.ofInstant(end, policy.timeZone()).getHour() : "");
        String title = reference.substring("WARP-DIGEST-".length());
        StoredMessage.Rendered rendered = null;
        if (!events.isEmpty() && policy.webhooks().isEmpty()) {
            // Mail only: the events summed up and rendered as the attachment once, here, and kept out of the
            // outbox (a webhook's body carries the events themselves, so then they stay).
            Map<String, Integer> byType = new java.util.TreeMap<>();
            events.forEach(e -> byType.merge(String.valueOf(e.getOrDefault("classification.type", "other")), 1,
                    Integer::sum));
            Attachments.Attachment attachment = Attachments.of(policy.attachmentFormat(), events, mailFrom, reference);
            rendered = new StoredMessage.Rendered(events.size(), byType, attachment.fileName(),
                    attachment.contentType(), new String(attachment.content(), java.nio.charset.StandardCharsets.UTF_8));
            events = List.of();
        }
        StoredMessage digest = new StoredMessage("digest:" + organisation + ":" + end.toEpochMilli(),
                organisation.toString(), Notice.Kind.DIGEST.name(), reference, tlp.name(), severity, title, "", null,
                "/events", events, false, items, from.toString(), end.toString(), null, rendered);
        notifications.enqueue(digest, Notice.Kind.DIGEST, policy);
        return true;
    }

    /** The end of the last whole period before {@code now}, in the policy's time zone. */
    static Instant periodEnd(NotificationPolicy policy, Instant now) {
        return periodEnd(policy.schedule(), policy.timeZone(), now);
    }

    static Instant periodEnd(NotificationPolicy.Schedule schedule, java.time.ZoneId zone, Instant now) {
        ZonedDateTime local = ZonedDateTime.ofInstant(now, zone);
        return switch (schedule) {
            case IMMEDIATE, HOURLY -> local.truncatedTo(ChronoUnit.HOURS).toInstant();
            case DAILY -> local.truncatedTo(ChronoUnit.DAYS).toInstant();
            case WEEKLY -> local.truncatedTo(ChronoUnit.DAYS).with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY))
                    .toInstant();
        };
    }

    /** Of the streamed events (newest first), those of the period and of no muted type, as IntelMQ fields. */
    private static List<Map<String, Object>> inPeriod(List<Event> streamed, Instant from, Instant to,
            Set<String> muted) {
        List<Map<String, Object>> events = new ArrayList<>();
        for (Event event : streamed) {
            Instant t = event.timeSource();
            if (t != null && !t.isBefore(from) && t.isBefore(to) && !muted.contains(event.classification().type())) {
                Map<String, Object> fields = new java.util.LinkedHashMap<>(event.toIntelMq());
                fields.remove("raw");
                events.add(fields);
            }
        }
        return events;
    }

    /** The period's events inside the organisation's networks, read as that organisation would read them. */
    private List<Map<String, Object>> events(OrganisationId organisation, Instant from, Instant to, Set<String> muted) {
        Actor reader = new Actor(Actor.Kind.SYSTEM, null, organisation, Set.of(), Set.of(Permission.EVENT_READ_OWN),
                "system:notification-digest", null);
        List<Map<String, Object>> events = new ArrayList<>();
        String holder = organisation.toString();
        Actors.runAs(reader, () -> search.search(new EventQuery(from, to, null, null, null, null, null, MAX_EVENTS),
                new EventSearch.PageListener() {
                    @Override
                    public void start(@Nullable String next) {
                    }

                    @Override
                    public void event(Event event) {
                        if (holder.equals(event.holderId()) && !muted.contains(event.classification().type())) {
                            Map<String, Object> fields = new java.util.LinkedHashMap<>(event.toIntelMq());
                            fields.remove("raw");
                            events.add(fields);
                        }
                    }
                }));
        return events;
    }
}
