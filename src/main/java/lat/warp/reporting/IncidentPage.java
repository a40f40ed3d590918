package lat.warp.reporting;

import java.util.List;

/** A page of incidents, newest change first. */
public record IncidentPage(List<Incident> items, int page, int size, long total) {

    public IncidentPage {
        items = List.copyOf(items);
    }
}
