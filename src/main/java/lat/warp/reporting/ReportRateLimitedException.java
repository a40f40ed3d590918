package lat.warp.reporting;

/** Too many public reports from one client address: a 429 on the API, a friendly page in the form. */
public class ReportRateLimitedException extends RuntimeException {
    public ReportRateLimitedException() {
        super("Too many reports from your address. Please try again in an hour.");
    }
}
