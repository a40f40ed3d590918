package lat.warp.registry;

import java.time.Instant;
import lat.warp.shared.OrganisationId;
import lat.warp.shared.OrganisationKind;
import org.jspecify.annotations.Nullable;

/**
 * An organisation known to the WARP.
 *
 * @param country ISO 3166-1 alpha-2 code, upper case
 * @param requireTwoFactor every user of this organisation must use two-factor authentication
 */
public record Organisation(OrganisationId id, String name, OrganisationKind kind, String country,
        @Nullable String sector, boolean requireTwoFactor, Instant createdAt) {

    /** WARP staff always use two-factor; other organisations when they ask for it. */
    public boolean twoFactorMandatory() {
        return kind == OrganisationKind.WARP || requireTwoFactor;
    }
}
