package lat.warp.shared;

/** Input a use case refuses; the message is safe to show to the caller (it names no secret). */
public class InvalidInputException extends RuntimeException {
    private final String field;

    public InvalidInputException(String field, String message) {
        super(message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
