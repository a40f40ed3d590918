package lat.warp.shared;

import java.util.EnumSet;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Who performs a use case: a logged-in person, an API token of an organisation, the system itself
 * (scheduled jobs, demo data, bootstrap), or an anonymous member of the public.
 *
 * @param label a human-readable name for audit entries (an e-mail address, a token name); never a secret
 */
public record Actor(Kind kind, @Nullable UserId user, @Nullable OrganisationId organisation, Set<Role> roles,
        Set<Permission> permissions, String label, @Nullable String tokenId) implements java.io.Serializable {

    public enum Kind { USER, TOKEN, SYSTEM, ANONYMOUS }

    public Actor {
        roles = roles.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(roles));
        permissions = permissions.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(permissions));
    }

    public static Actor anonymous() {
        return new Actor(Kind.ANONYMOUS, null, null, Set.of(), Set.of(), "anonymous", null);
    }

    /** The server acting on its own behalf (bootstrap, demo data, schedules): may do everything. */
    public static Actor system(String what) {
        return new Actor(Kind.SYSTEM, null, null, Set.of(), EnumSet.allOf(Permission.class), "system:" + what, null);
    }

    public static Actor user(UserId user, OrganisationId organisation, Set<Role> roles, String label) {
        return new Actor(Kind.USER, user, organisation, roles, RolePermissions.of(roles), label, null);
    }

    public static Actor token(String tokenId, OrganisationId organisation, Set<Role> roles, Set<TokenScope> scopes,
            String label) {
        return new Actor(Kind.TOKEN, null, organisation, roles, RolePermissions.of(roles, scopes), label, tokenId);
    }

    public boolean has(Permission permission) {
        return permissions.contains(permission);
    }

    public boolean belongsTo(@Nullable OrganisationId other) {
        return organisation != null && organisation.equals(other);
    }

    public boolean isAnonymous() {
        return kind == Kind.ANONYMOUS;
    }
}
