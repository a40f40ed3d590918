package lat.warp.events;

import java.util.Locale;
import lat.warp.shared.InvalidInputException;
import org.jspecify.annotations.Nullable;

/**
 * Traffic Light Protocol 2.0 labels. The labels are never translated: {@link #label()} is the text to
 * show in every language.
 */
public enum Tlp {
    CLEAR("CLEAR"),
    GREEN("GREEN"),
    AMBER("AMBER"),
    AMBER_STRICT("AMBER+STRICT"),
    RED("RED");

    private final String label;

    Tlp(String label) {
        this.label = label;
    }

    /** The label as TLP 2.0 writes it: {@code CLEAR}, {@code GREEN}, {@code AMBER}, {@code AMBER+STRICT}, {@code RED}. */
    public String label() {
        return label;
    }

    /** The full marking, e.g. {@code TLP:AMBER+STRICT}. */
    public String marking() {
        return "TLP:" + label;
    }

    /**
     * Reads a TLP label in any of its usual spellings: {@code TLP:AMBER+STRICT}, {@code amber+strict},
     * {@code AMBER_STRICT}, {@code tlp:green}, {@code TLP: RED}. TLP 1.0's {@code WHITE} is read as
     * {@link #CLEAR}.
     *
     * @throws InvalidInputException (field {@code tlp}) for anything else
     */
    public static Tlp parse(String text) {
        Tlp tlp = parseOrNull(text);
        if (tlp == null) {
            String shown = text == null ? "" : text.strip();
            if (shown.length() > 40) {
                shown = shown.substring(0, 40) + "…";
            }
            throw new InvalidInputException("tlp", "Not a TLP label: '" + shown
                    + "'. Use CLEAR, GREEN, AMBER, AMBER+STRICT or RED.");
        }
        return tlp;
    }

    /** Like {@link #parse} but null for text that is no TLP label. */
    public static @Nullable Tlp parseOrNull(@Nullable String text) {
        if (text == null) {
            return null;
        }
        String s = text.strip().toUpperCase(Locale.ROOT);
        if (s.startsWith("TLP")) {
            s = s.substring(3);
            if (s.startsWith(":") || s.startsWith("-") || s.startsWith("_")) {
                s = s.substring(1);
            }
            s = s.strip();
        }
        return switch (s) {
            case "CLEAR", "WHITE" -> CLEAR;
            case "GREEN" -> GREEN;
            case "AMBER" -> AMBER;
            case "AMBER+STRICT", "AMBER_STRICT", "AMBER-STRICT", "AMBER STRICT" -> AMBER_STRICT;
            case "RED" -> RED;
            default -> null;
        };
    }
}
