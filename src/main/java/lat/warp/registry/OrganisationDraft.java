package lat.warp.registry;

import java.util.Locale;
import java.util.regex.Pattern;
import lat.warp.shared.InvalidInputException;
import lat.warp.shared.OrganisationKind;
import org.jspecify.annotations.Nullable;

/** What a caller supplies to create or change an organisation; validated on construction. */
public record OrganisationDraft(String name, OrganisationKind kind, String country, @Nullable String sector,
        boolean requireTwoFactor) {

    private static final Pattern COUNTRY = Pattern.compile("[A-Z]{2}");

    public OrganisationDraft {
        name = name == null ? "" : name.strip();
        if (name.isEmpty() || name.length() > 200) {
            throw new InvalidInputException("name", "The name must have between 1 and 200 characters.");
        }
        if (kind == null) {
            throw new InvalidInputException("kind", "The kind must be WARP, MEMBER or CSIRT.");
        }
        country = country == null ? "" : country.strip().toUpperCase(Locale.ROOT);
        if (!COUNTRY.matcher(country).matches()) {
            throw new InvalidInputException("country", "The country must be a two-letter ISO 3166 code.");
        }
        sector = sector == null || sector.isBlank() ? null : sector.strip();
        if (sector != null && sector.length() > 100) {
            throw new InvalidInputException("sector", "The sector must have at most 100 characters.");
        }
    }
}
