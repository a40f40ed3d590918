package lat.warp.reporting.internal.parsing;

/** What kind of thing a report names. */
public enum IndicatorKind {
    IP, URL, HOSTNAME, EMAIL
}
