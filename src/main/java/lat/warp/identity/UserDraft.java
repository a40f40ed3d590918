package lat.warp.identity;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import lat.warp.shared.InvalidInputException;
import lat.warp.shared.OrganisationId;
import lat.warp.shared.Role;

/** What an administrator supplies to create or change a user; validated on construction. */
public record UserDraft(String email, String name, Language language, OrganisationId organisation, Set<Role> roles) {

    private static final Pattern EMAIL = Pattern.compile("^[^@\\s]{1,64}@[^@\\s]+\\.[^@\\s]+$");

    public UserDraft {
        email = normaliseEmail(email);
        name = name == null ? "" : name.strip();
        if (name.isEmpty() || name.length() > 200) {
            throw new InvalidInputException("name", "The name must have between 1 and 200 characters.");
        }
        if (language == null) {
            throw new InvalidInputException("language", "The language must be es, pt or en.");
        }
        if (organisation == null) {
            throw new InvalidInputException("organisation", "Choose an organisation.");
        }
        if (roles == null || roles.isEmpty()) {
            throw new InvalidInputException("roles", "Choose at least one role.");
        }
        roles = Set.copyOf(EnumSet.copyOf(roles));
    }

    /** The one place an e-mail address is checked and normalised. */
    public static String normaliseEmail(String email) {
        String e = email == null ? "" : email.strip().toLowerCase(Locale.ROOT);
        if (e.length() > 254 || !EMAIL.matcher(e).matches()) {
            throw new InvalidInputException("email", "This is not a valid e-mail address.");
        }
        return e;
    }
}
