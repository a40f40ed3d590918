package lat.warp.reporting;

import lat.warp.shared.InvalidInputException;

/** An incident was asked to move to a state it may not reach from where it is: a 409 conflict on the API. */
public class IllegalTransitionException extends InvalidInputException {

    private final IncidentState from;
    private final IncidentState to;

    public IllegalTransitionException(IncidentState from, IncidentState to) {
        super("state", "An incident in state " + from + " cannot become " + to + "; it can become " + from.next() + ".");
        this.from = from;
        this.to = to;
    }

    public IncidentState from() {
        return from;
    }

    public IncidentState to() {
        return to;
    }
}
