package lat.warp.events.internal;

/** The whole file cannot be read; the message is shown to the sender as the job's error. */
public class FeedFileException extends RuntimeException {

    public FeedFileException(String message) {
        super(message);
    }
}
