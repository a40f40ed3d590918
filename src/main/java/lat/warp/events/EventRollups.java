package lat.warp.events;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import lat.warp.access.AccessControl;
import lat.warp.shared.Actor;
import lat.warp.shared.InvalidInputException;
import lat.warp.shared.Permission;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * Daily event counts, kept at ingest and never recomputed from events (DESIGN.md §5.4), so they outlive
 * the events' retention. Analysts read all of them; a member only the counts of its own events.
 */
@Service
public class EventRollups {

    /** The longest period one request may cover. */
    public static final int MAX_DAYS = 400;

    private final AccessControl access;
    private final JdbcClient jdbc;

    EventRollups(AccessControl access, JdbcClient jdbc) {
        this.access = access;
        this.jdbc = jdbc;
    }

    /** One day's count for one combination; null where the event had no value (no holder, country, AS, feed). */
    public record Count(LocalDate day, @Nullable String holderId, @Nullable String country, @Nullable Long asn,
            String taxonomy, String type, @Nullable String feedName, long count) {
    }

    /** The counts of the days from {@code from} to {@code to}, both included. */
    public List<Count> daily(LocalDate from, LocalDate to, @Nullable String type) {
        Actor actor = access.requireAny("read event statistics", Permission.EVENT_SEARCH_ALL, Permission.EVENT_READ_OWN);
        if (to.isBefore(from) || from.plusDays(MAX_DAYS).isBefore(to)) {
            throw new InvalidInputException("to", "The period must run forwards and cover at most " + MAX_DAYS + " days.");
        }
        StringBuilder where = new StringBuilder("day between ? and ?");
        List<Object> params = new ArrayList<>(List.of(from, to));
        if (!actor.has(Permission.EVENT_SEARCH_ALL)) {
            if (actor.organisation() == null) {
                return List.of();
            }
            where.append(" and holder_id = ?");
            params.add(actor.organisation().value());
        }
        if (type != null && !type.isBlank()) {
            where.append(" and type = ?");
            params.add(type.strip());
        }
        return jdbc.sql("select day, holder_id::text, country, asn, taxonomy, type, feed_name, count from event_rollups where "
                        + where + " order by day, taxonomy, type, holder_id, country, asn, feed_name")
                .params(params)
                .query((rs, n) -> new Count(rs.getDate(1).toLocalDate(), rs.getString(2), rs.getString(3),
                        (Long) rs.getObject(4), rs.getString(5), rs.getString(6), rs.getString(7), rs.getLong(8)))
                .list();
    }
}
