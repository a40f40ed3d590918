package lat.warp.reporting;

/**
 * The answer to whoever submitted a report.
 *
 * @param trackingToken the secret that opens the tracking view: shown once, stored only as its SHA-256
 * @param trackingUrl the tracking page's address with the token in it
 */
public record SubmittedReport(ReportId reportId, String trackingToken, String trackingUrl) {
}
