/**
 * The report parsers behind {@link lat.warp.reporting.internal.parsing.ReportParsers}: WARP JSON, e-mail
 * (with X-ARF 0.2 and 4 and ARF), IODEF 1.0 and 2.0, plain text; indicator extraction; the IODEF writer.
 * Pure Java, no database. The formats are described in {@code docs/report-formats.md}.
 */
@org.jspecify.annotations.NullMarked
package lat.warp.reporting.internal.parsing;
