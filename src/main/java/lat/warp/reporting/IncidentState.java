package lat.warp.reporting;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * Where an incident stands. The allowed moves are decided here and nowhere else:
 * new → triaged → notified → acknowledged → resolved → closed, with rejected from the first steps and
 * reopened from the last ones (a reopened incident is triaged, notified or closed again).
 */
public enum IncidentState {
    NEW, TRIAGED, NOTIFIED, ACKNOWLEDGED, RESOLVED, CLOSED, REJECTED, REOPENED;

    private static final Map<IncidentState, Set<IncidentState>> NEXT = Map.of(
            NEW, EnumSet.of(TRIAGED, REJECTED),
            TRIAGED, EnumSet.of(NOTIFIED, REJECTED, CLOSED),
            NOTIFIED, EnumSet.of(ACKNOWLEDGED, RESOLVED, CLOSED),
            ACKNOWLEDGED, EnumSet.of(RESOLVED, CLOSED),
            RESOLVED, EnumSet.of(CLOSED, REOPENED),
            CLOSED, EnumSet.of(REOPENED),
            REJECTED, EnumSet.of(REOPENED),
            REOPENED, EnumSet.of(TRIAGED, NOTIFIED, CLOSED, REJECTED));

    /** The states this one may move to. */
    public Set<IncidentState> next() {
        return EnumSet.copyOf(NEXT.get(this));
    }

    public boolean canMoveTo(IncidentState target) {
        return NEXT.get(this).contains(target);
    }

    /** Still being worked on: new reports about the same member and classification join it. */
    public boolean isOpen() {
        return this != RESOLVED && this != CLOSED && this != REJECTED;
    }
}
