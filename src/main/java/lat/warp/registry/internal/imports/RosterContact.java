package lat.warp.registry.internal.imports;

import org.jspecify.annotations.Nullable;

/**
 * A contact of a member, as the roster gives it.
 *
 * @param role what the contact is for
 * @param email the e-mail address
 * @param phone a telephone number, e.g. {@code +598 2604 2222}; null when not given
 * @param language the language the contact reads: {@code es}, {@code pt} or {@code en}; null when not given
 * @param pgpKey an ASCII-armoured OpenPGP public key to encrypt mail to the contact; null when not given
 */
public record RosterContact(
        Role role, String email, @Nullable String phone, @Nullable String language, @Nullable String pgpKey) {

    public enum Role {
        /** Receives abuse reports about the member's resources. */
        ABUSE,
        /** The member's security team (CSIRT), for warnings and advisories. */
        SECURITY,
        /** Administrative matters of the membership. */
        ADMINISTRATIVE
    }
}
