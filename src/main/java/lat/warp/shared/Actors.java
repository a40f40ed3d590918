package lat.warp.shared;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;

/** The one place that turns the current security context into an {@link Actor}. */
public final class Actors {
    private static final ThreadLocal<Actor> SYSTEM = new ThreadLocal<>();

    private Actors() {
    }

    public static Actor current() {
        Actor system = SYSTEM.get();
        if (system != null) {
            return system;
        }
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        if (auth != null && auth.getPrincipal() instanceof ActorHolder holder) {
            return holder.actor();
        }
        return Actor.anonymous();
    }

    /** Runs work as the system (bootstrap, demo data, schedules), restoring the previous actor after. */
    public static <T> T runAsSystem(String what, java.util.function.Supplier<T> work) {
        return runAs(Actor.system(what), work);
    }

    /**
     * Runs work as the given actor, restoring the previous actor after: a job acting for one organisation
     * with only the permissions it needs (the digest job reads a member's events as that member would).
     */
    public static <T> T runAs(Actor actor, java.util.function.Supplier<T> work) {
        Actor previous = SYSTEM.get();
        SYSTEM.set(actor);
        try {
            return work.get();
        } finally {
            if (previous == null) {
                SYSTEM.remove();
            } else {
                SYSTEM.set(previous);
            }
        }
    }

    public static void runAs(Actor actor, Runnable work) {
        runAs(actor, () -> {
            work.run();
            return null;
        });
    }

    public static void runAsSystem(String what, Runnable work) {
        runAsSystem(what, () -> {
            work.run();
            return null;
        });
    }
}
