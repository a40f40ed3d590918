package lat.warp.events.internal.parsers;

import java.util.ArrayList;
import java.util.List;
import lat.warp.events.Event;

/** A sink that keeps what it is given, for tests. */
final class Collecting implements EventSink {

    private final List<Event> events = new ArrayList<>();
    private final List<RowProblem> rejected = new ArrayList<>();

    List<Event> events() {
        return events;
    }

    List<RowProblem> rejected() {
        return rejected;
    }

    @Override
    public void accept(Event event) {
        events.add(event);
    }

    @Override
    public void reject(RowProblem problem) {
        rejected.add(problem);
    }
}
