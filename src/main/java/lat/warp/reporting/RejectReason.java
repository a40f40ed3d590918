package lat.warp.reporting;

/** Why a report was turned away. */
public enum RejectReason {
    SPAM, OUT_OF_SCOPE
}
