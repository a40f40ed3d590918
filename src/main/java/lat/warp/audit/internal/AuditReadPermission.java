package lat.warp.audit.internal;

import lat.warp.audit.AuditAction;
import lat.warp.audit.AuditTrail;
import lat.warp.shared.AccessDeniedException;
import lat.warp.shared.Actor;
import lat.warp.shared.Actors;
import lat.warp.shared.Permission;
import org.springframework.stereotype.Component;

/**
 * The check in front of every read of the trail. It mirrors lat.warp.access.AccessControl, which
 * audit cannot call: access depends on audit.
 */
@Component
public class AuditReadPermission {

    private final AuditTrail audit;

    AuditReadPermission(AuditTrail audit) {
        this.audit = audit;
    }

    /** The current actor, if it holds AUDIT_READ; otherwise records the refusal and throws. */
    public Actor require(String useCase) {
        Actor actor = Actors.current();
        if (!actor.has(Permission.AUDIT_READ)) {
            audit.entry(AuditAction.ACCESS_DENIED).actor(actor).object("use-case", useCase)
                    .denied("missing permission " + Permission.AUDIT_READ);
            throw new AccessDeniedException("You may not " + useCase + ".");
        }
        return actor;
    }
}
