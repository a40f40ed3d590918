package lat.warp.reporting.internal.parsing;

/**
 * An address, URL, host name or e-mail address found in a report, normalised (addresses in their
 * canonical text, host names in lower case without a trailing dot).
 */
public record Indicator(IndicatorKind kind, String value) {
}
