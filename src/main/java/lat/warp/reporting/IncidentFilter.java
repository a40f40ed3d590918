package lat.warp.reporting;

import org.jspecify.annotations.Nullable;

/**
 * Which incidents to list: all the caller may see, optionally in one state, a page at a time.
 *
 * @param page from 0
 * @param size 1–200
 * @param overdueOnly only incidents with a late SLA clock
 */
public record IncidentFilter(@Nullable IncidentState state, boolean overdueOnly, int page, int size) {

    public static IncidentFilter all() {
        return new IncidentFilter(null, false, 0, 50);
    }
}
