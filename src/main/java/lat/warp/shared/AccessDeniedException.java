package lat.warp.shared;

/** A use case refused to an actor. Shown as 403 on the API and a friendly page in the UI. */
public class AccessDeniedException extends RuntimeException {
    public AccessDeniedException(String message) {
        super(message);
    }
}
