package lat.warp.reporting;

/** A report or attachment above the configured size limit: 413 on the API. */
public class ReportTooLargeException extends RuntimeException {
    private final long limit;

    public ReportTooLargeException(long limit) {
        super("The file is larger than the limit of " + limit + " bytes.");
        this.limit = limit;
    }

    public long limit() {
        return limit;
    }
}
