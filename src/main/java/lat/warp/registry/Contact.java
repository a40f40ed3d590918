package lat.warp.registry;

import lat.warp.shared.OrganisationId;
import org.jspecify.annotations.Nullable;

/** Someone to tell about an organisation's networks. */
public record Contact(String id, OrganisationId organisation, Role role, String email, @Nullable String phone,
        @Nullable String language, @Nullable String pgpKey, String source) {

    /** What the contact is for. */
    public enum Role { ABUSE, SECURITY, ADMINISTRATIVE }
}
