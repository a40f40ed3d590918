package lat.warp.registry.internal.imports;

import org.jspecify.annotations.Nullable;

/**
 * An entity of an RDAP answer with the role "abuse", as far as its jCard says.
 *
 * @param handle the entity's handle; null when the server gives none
 * @param name the jCard {@code fn}
 * @param email the first jCard {@code email}
 * @param phone the first jCard {@code tel} that is not a fax, without a {@code tel:} prefix
 */
public record RdapContact(
        @Nullable String handle, @Nullable String name, @Nullable String email, @Nullable String phone) {
}
