package lat.warp.identity;

import lat.warp.shared.InvalidInputException;

/** The one rule for acceptable passwords: long enough to resist guessing, not the e-mail address. */
public final class PasswordPolicy {
    public static final int MIN_LENGTH = 12;
    public static final int MAX_LENGTH = 128;

    private PasswordPolicy() {
    }

    public static void check(String password, String email) {
        if (password == null || password.length() < MIN_LENGTH || password.length() > MAX_LENGTH) {
            throw new InvalidInputException("password",
                    "The password must have between " + MIN_LENGTH + " and " + MAX_LENGTH + " characters.");
        }
        if (password.strip().equalsIgnoreCase(email.strip())) {
            throw new InvalidInputException("password", "The password must not be the e-mail address.");
        }
        if (password.chars().distinct().count() < 5) {
            throw new InvalidInputException("password", "The password is too repetitive.");
        }
    }
}
