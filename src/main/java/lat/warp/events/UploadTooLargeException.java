package lat.warp.events;

/** An upload over the configured size limit; nothing of it is kept. */
public class UploadTooLargeException extends RuntimeException {

    private final long limit;

    public UploadTooLargeException(long limit) {
        super("The file is larger than the limit of " + limit + " bytes; nothing was stored. Split it, or ask an "
                + "operator to raise warp.events.max-upload-bytes.");
        this.limit = limit;
    }

    public long limit() {
        return limit;
    }
}
