package lat.warp.reporting.internal.parsing;

/** The shape a report arrived in. */
public enum ReportFormat {
    /** WARP's own JSON report ({@code POST /api/v1/reports}, the forms). */
    JSON,
    /** An e-mail written by a person. */
    EMAIL_TEXT,
    /** X-ARF 0.2 (MIME parts) or X-ARF 4 (JSON). */
    XARF,
    /** ARF, RFC 5965 feedback report. */
    ARF,
    /** IODEF 1.0 (RFC 5070) or 2.0 (RFC 7970). */
    IODEF,
    /** Plain text with no structure. */
    TEXT
}
