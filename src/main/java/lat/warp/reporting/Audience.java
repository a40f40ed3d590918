package lat.warp.reporting;

/**
 * Who may see a message or a step of the timeline. Analysts see everything; the member sees
 * {@link #MEMBER} and {@link #REPORTER}; the reporter sees only {@link #REPORTER}.
 */
public enum Audience {
    /** Analysts only: internal notes. */
    INTERNAL,
    /** Shared with the member (and the analysts). */
    MEMBER,
    /** Shared with the reporter (and everyone involved). */
    REPORTER
}
