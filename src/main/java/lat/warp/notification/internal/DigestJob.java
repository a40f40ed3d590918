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
 * reads the period's events through {@link EventSearch} as that organisation and queues one digest per
 * recipient. The period covered is recorded in the same transaction, so a digest is composed once.
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
    private final NotificationSettings settings;

    DigestJob(JdbcClient jdbc, TransactionTemplate tx, PolicyService policies, NotificationService notifications,
            EventSearch search, EventRollups rollups, NotificationSettings settings) {
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
        // Organisations in chunks, one transaction per chunk and a savepoint per organisation: one failing never
        // stops the others, and the audit entries of a chunk (its reads of contacts and events) are appended
        // to the chain in one commit rather than one each.
        java.util.concurrent.atomic.AtomicInteger queued = new java.util.concurrent.atomic.AtomicInteger();
        List<OrganisationId> all = new ArrayList<>(candidates);
        java.util.concurrent.ConcurrentLinkedQueue<List<OrganisationId>> work = new java.util.concurrent.ConcurrentLinkedQueue<>();
        int chunk = Math.max(1, settings.digestBatch());
        for (int i = 0; i < all.size(); i += chunk) {
            work.add(all.subList(i, Math.min(all.size(), i + chunk)));
        }
        TransactionTemplate savepoint = new TransactionTemplate(tx.getTransactionManager());
        savepoint.setPropagationBehavior(org.springframework.transaction.TransactionDefinition.PROPAGATION_NESTED);
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < Math.max(1, settings.digestThreads()); i++) {
            threads.add(Thread.ofPlatform().name("notification-digest-" + i).start(() -> {
                List<OrganisationId> organisations;
                while ((organisations = work.poll()) != null) {
                    List<OrganisationId> these = organisations;
                    try {
                        tx.executeWithoutResult(outer -> Actors.runAsSystem("notification-digest", () -> {
                            for (OrganisationId o : these) {
                                try {
                                    Boolean done = savepoint.execute(s -> digest(o, now));
                                    if (Boolean.TRUE.equals(done)) {
                                        queued.incrementAndGet();
                                    }
                                } catch (RuntimeException e) {
                                    log.warn("Digest for {} failed: {}", o, e.toString());
                                }
                            }
                        }));
                    } catch (RuntimeException e) {
                        log.warn("Digests of {} organisations failed: {}", these.size(), e.toString());
                    }
                }
            }));
        }
        for (Thread t : threads) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return queued.get();
    }

    private boolean digest(OrganisationId organisation, Instant now) {
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
        List<Map<String, Object>> events = events(organisation, from, end, policy.mutedTypes());
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
        StoredMessage digest = new StoredMessage("digest:" + organisation + ":" + end.toEpochMilli(),
                organisation.toString(), Notice.Kind.DIGEST.name(), reference, tlp.name(), severity, title, "", null,
                "/events", events, false, items, from.toString(), end.toString(), null);
        notifications.enqueue(digest, Notice.Kind.DIGEST, policy);
        return true;
    }

    /** The end of the last whole period before {@code now}, in the policy's time zone. */
    static Instant periodEnd(NotificationPolicy policy, Instant now) {
        ZonedDateTime local = ZonedDateTime.ofInstant(now, policy.timeZone());
        return switch (policy.schedule()) {
            case IMMEDIATE, HOURLY -> local.truncatedTo(ChronoUnit.HOURS).toInstant();
            case DAILY -> local.truncatedTo(ChronoUnit.DAYS).toInstant();
            case WEEKLY -> local.truncatedTo(ChronoUnit.DAYS).with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY))
                    .toInstant();
        };
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
