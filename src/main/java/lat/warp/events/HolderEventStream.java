package lat.warp.events;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import lat.warp.access.AccessControl;
import lat.warp.audit.AuditAction;
import lat.warp.audit.AuditTrail;
import lat.warp.events.internal.EventRows;
import lat.warp.events.internal.ExtraLayouts;
import lat.warp.shared.InvalidInputException;
import lat.warp.shared.Permission;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * For system jobs that need every holder's events of a period (notification's digests): one read of the
 * period's events inside members' networks, ordered by holder, streamed (never the whole period in memory)
 * and handed over one holder at a time. One audit entry for the whole read, not one per holder. Only a
 * caller who may search all events ({@link Permission#EVENT_SEARCH_ALL}, the system) may use it; what each
 * holder then receives is exactly its own events, as {@link EventSearch} would show that holder inside its
 * networks.
 */
@Service
public class HolderEventStream {

    /** Receives the events of one holder, newest first; at most the limit given per holder. */
    @FunctionalInterface
    public interface HolderListener {
        void holder(UUID holder, List<Event> events);
    }

    private final AccessControl access;
    private final AuditTrail audit;
    private final JdbcTemplate streaming;
    private final TransactionTemplate snapshot;
    private final ExtraLayouts layouts;

    HolderEventStream(AccessControl access, AuditTrail audit, DataSource dataSource,
            PlatformTransactionManager transactions, ExtraLayouts layouts) {
        this.access = access;
        this.layouts = layouts;
        this.audit = audit;
        this.streaming = new JdbcTemplate(dataSource);
        // PostgreSQL streams with a cursor only inside a transaction and with a fetch size.
        this.streaming.setFetchSize(5_000);
        this.snapshot = new TransactionTemplate(transactions);
        this.snapshot.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.snapshot.setIsolationLevel(TransactionDefinition.ISOLATION_REPEATABLE_READ);
        this.snapshot.setReadOnly(true);
    }

    /**
     * Streams the events with {@code from <= time.source < to} that are inside some holder's networks, holder
     * by holder (in holder id order), each holder's newest first and cut at {@code perHolderLimit}.
     *
     * @param purpose why, for the audit entry (e.g. {@code notification digests})
     */
    public void byHolder(Instant from, Instant to, int perHolderLimit, String purpose, HolderListener listener) {
        access.require(Permission.EVENT_SEARCH_ALL, "read every holder's security events");
        if (!to.isAfter(from)) {
            throw new InvalidInputException("time.max", "time.max must be after time.min.");
        }
        if (java.time.Duration.between(from, to).compareTo(EventSearch.MAX_WINDOW) > 0) {
            throw new InvalidInputException("time.min", "The time window may be at most "
                    + EventSearch.MAX_WINDOW.toDays() + " days.");
        }
        int limit = Math.max(1, perHolderLimit);
        // One entry for the whole read, never per holder or row.
        audit.entry(AuditAction.CONFIDENTIAL_READ).object("events", "by-holder").detail("time.min", from)
                .detail("time.max", to).detail("purpose", purpose).success();
        snapshot.executeWithoutResult(s -> {
            String[] current = {null};
            List<Event> events = new ArrayList<>();
            streaming.query("select " + EventRows.SELECT + " from events where time_source >= ? and time_source < ?"
                            + " and day between ? and ? and holder_id is not null"
                            + " order by holder_id, time_source desc, id desc",
                    rs -> {
                        String holder = rs.getString("holder_id");
                        if (!holder.equals(current[0])) {
                            if (current[0] != null) {
                                listener.holder(UUID.fromString(current[0]), List.copyOf(events));
                            }
                            current[0] = holder;
                            events.clear();
                        }
                        if (events.size() < limit) {
                            events.add(EventRows.read(rs, layouts));
                        }
                    }, Timestamp.from(from), Timestamp.from(to), LocalDate.ofInstant(from, ZoneOffset.UTC),
                    LocalDate.ofInstant(to, ZoneOffset.UTC));
            if (current[0] != null) {
                listener.holder(UUID.fromString(current[0]), List.copyOf(events));
            }
        });
    }
}
