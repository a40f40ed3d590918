package lat.warp.shared;

import java.util.EnumSet;
import java.util.Set;

/**
 * The roles of DESIGN.md section 2. A role is held within one organisation, and only roles that fit
 * the organisation's kind may be held there.
 */
public enum Role {
    ADMIN(OrganisationKind.WARP),
    ANALYST(OrganisationKind.WARP),
    OFFICER(OrganisationKind.WARP),
    MEMBER_ADMIN(OrganisationKind.MEMBER, OrganisationKind.CSIRT),
    MEMBER(OrganisationKind.MEMBER),
    CSIRT(OrganisationKind.CSIRT);

    private final Set<OrganisationKind> allowedIn;

    Role(OrganisationKind first, OrganisationKind... rest) {
        this.allowedIn = EnumSet.of(first, rest);
    }

    public boolean allowedIn(OrganisationKind kind) {
        return allowedIn.contains(kind);
    }

    /** Roles of the WARP's own staff, who must always use two-factor authentication. */
    public boolean isStaff() {
        return allowedIn.contains(OrganisationKind.WARP);
    }
}
