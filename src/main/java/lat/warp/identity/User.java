package lat.warp.identity;

import java.time.Instant;
import java.util.Set;
import lat.warp.shared.OrganisationId;
import lat.warp.shared.Role;
import lat.warp.shared.UserId;
import org.jspecify.annotations.Nullable;

/** A person's account and their membership (one organisation, one or more roles). */
public record User(UserId id, String email, String name, Language language, OrganisationId organisation,
        Set<Role> roles, boolean enabled, boolean twoFactorEnabled, @Nullable Instant lockedUntil,
        @Nullable Instant lastLoginAt, Instant createdAt) {

    public boolean isStaff() {
        return roles.stream().anyMatch(Role::isStaff);
    }

    public boolean lockedAt(Instant now) {
        return lockedUntil != null && lockedUntil.isAfter(now);
    }
}
