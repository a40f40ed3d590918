package lat.warp.access;

import java.util.Arrays;
import lat.warp.audit.AuditAction;
import lat.warp.audit.AuditTrail;
import lat.warp.shared.AccessDeniedException;
import lat.warp.shared.Actor;
import lat.warp.shared.Actors;
import lat.warp.shared.OrganisationId;
import lat.warp.shared.Permission;
import org.springframework.stereotype.Service;

/**
 * The checks every use case makes before it acts. A refusal throws {@link AccessDeniedException} and
 * writes an audit entry that survives the caller's rollback.
 */
@Service
public class AccessControl {

    private final AuditTrail audit;

    public AccessControl(AuditTrail audit) {
        this.audit = audit;
    }

    public Actor current() {
        return Actors.current();
    }

    /** The current actor must hold the permission. */
    public Actor require(Permission permission, String useCase) {
        Actor actor = current();
        if (!actor.has(permission)) {
            deny(actor, null, useCase, "missing permission " + permission);
        }
        return actor;
    }

    /** The current actor must hold at least one of the permissions. */
    public Actor requireAny(String useCase, Permission... permissions) {
        Actor actor = current();
        if (Arrays.stream(permissions).noneMatch(actor::has)) {
            deny(actor, null, useCase, "missing permission " + Arrays.toString(permissions));
        }
        return actor;
    }

    /**
     * The current actor may act on the target organisation's data: with {@code any} on every
     * organisation, with {@code own} only on its own.
     */
    public Actor requireForOrganisation(OrganisationId target, Permission own, Permission any, String useCase) {
        Actor actor = current();
        if (!canActOn(actor, target, own, any)) {
            deny(actor, target, useCase, "no access to organisation " + target);
        }
        return actor;
    }

    /** Refuses the use case for a reason other than a missing permission (no person logged in, a closed endpoint). */
    public AccessDeniedException refuse(String useCase, String reason) {
        Actor actor = current();
        deny(actor, null, useCase, reason);
        throw new IllegalStateException("unreachable");
    }

    public boolean canActOn(Actor actor, OrganisationId target, Permission own, Permission any) {
        return actor.has(any) || (actor.has(own) && actor.belongsTo(target));
    }

    private void deny(Actor actor, @org.jspecify.annotations.Nullable OrganisationId target, String useCase, String reason) {
        audit.entry(AuditAction.ACCESS_DENIED).actor(actor).organisation(target != null ? target : actor.organisation())
                .object("use-case", useCase).denied(reason);
        throw new AccessDeniedException("You may not " + useCase + ".");
    }
}
