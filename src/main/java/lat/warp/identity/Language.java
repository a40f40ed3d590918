package lat.warp.identity;

import java.util.Locale;

/** The three languages of the WARP. */
public enum Language {
    ES, PT, EN;

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    public Locale locale() {
        return Locale.forLanguageTag(code());
    }

    public static Language of(String code) {
        try {
            return valueOf(code.strip().toUpperCase(Locale.ROOT));
        } catch (RuntimeException e) {
            throw new lat.warp.shared.InvalidInputException("language", "The language must be es, pt or en.");
        }
    }
}
