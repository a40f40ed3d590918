package lat.warp.reporting;

import java.util.Locale;
import lat.warp.shared.InvalidInputException;

/** How bad an incident is. */
public enum Severity {
    LOW, MEDIUM, HIGH, CRITICAL;

    public static Severity parse(String text) {
        try {
            return valueOf(text.strip().toUpperCase(Locale.ROOT));
        } catch (RuntimeException e) {
            throw new InvalidInputException("severity", "The severity must be LOW, MEDIUM, HIGH or CRITICAL.");
        }
    }
}
