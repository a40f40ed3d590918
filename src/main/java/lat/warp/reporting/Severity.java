package lat.warp.reporting;

import java.util.Locale;
import lat.warp.shared.InvalidInputException;

/** How bad an incident (or any notified matter) is, from least to most. */
public enum Severity {
    LOW, MEDIUM, HIGH, CRITICAL;

    /** Whether this is {@code minimum} or worse (a notification policy's threshold). */
    public boolean atLeast(Severity minimum) {
        return compareTo(minimum) >= 0;
    }

    public static Severity parse(String text) {
        try {
            return valueOf(text.strip().toUpperCase(Locale.ROOT));
        } catch (RuntimeException e) {
            throw new InvalidInputException("severity", "The severity must be LOW, MEDIUM, HIGH or CRITICAL.");
        }
    }
}
