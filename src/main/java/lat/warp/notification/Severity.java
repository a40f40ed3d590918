package lat.warp.notification;

import java.util.Locale;
import lat.warp.shared.InvalidInputException;

/** How bad a notified matter is, in the order a policy's minimum compares them. */
public enum Severity {
    LOW, MEDIUM, HIGH, CRITICAL;

    public boolean atLeast(Severity minimum) {
        return compareTo(minimum) >= 0;
    }

    /** Reads {@code low}, {@code MEDIUM}, ...; an unknown text is refused (field {@code severity}). */
    public static Severity parse(String text) {
        try {
            return valueOf(text.strip().toUpperCase(Locale.ROOT));
        } catch (RuntimeException e) {
            throw new InvalidInputException("severity", "The severity must be LOW, MEDIUM, HIGH or CRITICAL.");
        }
    }
}
