package lat.warp.shared;

import static lat.warp.shared.Permission.*;

import java.util.Collection;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * The one place that says what each role may do (DESIGN.md section 2). Administrators may do
 * everything except unseal a brokered source, which stays with the officers' two-person rule.
 */
public final class RolePermissions {

    private static final Set<Permission> MEMBER_STAFF = EnumSet.of(ORGANISATION_READ_OWN, ATTRIBUTION_LOOKUP,
            REPORT_SUBMIT, INCIDENT_ACT_OWN, EVENT_READ_OWN, BROKER_SHARE, WARNING_READ_OWN, ADVICE_ASK);

    private static final Map<Role, Set<Permission>> GRANTS = new EnumMap<>(Role.class);

    static {
        Set<Permission> admin = EnumSet.allOf(Permission.class);
        admin.remove(BROKER_UNSEAL);
        GRANTS.put(Role.ADMIN, admin);

        GRANTS.put(Role.ANALYST, EnumSet.of(ORGANISATION_READ_OWN, ORGANISATION_READ_ANY, ATTRIBUTION_LOOKUP,
                REGISTRY_IMPORT, REPORT_SUBMIT, INCIDENT_MANAGE, NOTIFICATION_LOG_READ_ANY, EVENT_SEARCH_ALL, FEED_INGEST, BROKER_MODERATE,
                WARNING_READ_OWN, WARNING_WRITE));

        GRANTS.put(Role.OFFICER, EnumSet.of(ORGANISATION_READ_OWN, BROKER_UNSEAL));

        Set<Permission> memberAdmin = EnumSet.copyOf(MEMBER_STAFF);
        memberAdmin.addAll(EnumSet.of(ORGANISATION_MANAGE_OWN, USER_MANAGE_OWN, TOKEN_MANAGE_OWN));
        GRANTS.put(Role.MEMBER_ADMIN, memberAdmin);

        GRANTS.put(Role.MEMBER, EnumSet.copyOf(MEMBER_STAFF));

        Set<Permission> csirt = EnumSet.copyOf(MEMBER_STAFF);
        csirt.add(MEASUREMENT_SUBMIT);
        GRANTS.put(Role.CSIRT, csirt);
    }

    private RolePermissions() {
    }

    public static Set<Permission> of(Role role) {
        return EnumSet.copyOf(GRANTS.get(role));
    }

    public static Set<Permission> of(Collection<Role> roles) {
        Set<Permission> all = EnumSet.noneOf(Permission.class);
        roles.forEach(r -> all.addAll(GRANTS.get(r)));
        return all;
    }

    /** The permissions of the roles, limited to the given token scopes. */
    public static Set<Permission> of(Collection<Role> roles, Collection<TokenScope> scopes) {
        Set<Permission> all = of(roles);
        all.removeIf(p -> !scopes.contains(p.scope()));
        return all;
    }
}
