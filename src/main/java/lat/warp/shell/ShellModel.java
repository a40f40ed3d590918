package lat.warp.shell;

import jakarta.servlet.http.HttpServletRequest;
import lat.warp.shared.Actor;
import lat.warp.shared.Actors;
import lat.warp.shared.Permission;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/** What every page's layout needs: who is looking (for the navigation) and where they are (for the language links). */
@ControllerAdvice(annotations = Controller.class)
class ShellModel {

    @ModelAttribute("viewer")
    Viewer viewer() {
        return new Viewer(Actors.current());
    }

    @ModelAttribute("currentPath")
    String currentPath(HttpServletRequest request) {
        return request.getRequestURI().substring(request.getContextPath().length());
    }

    /** The navigation's view of the actor. */
    public record Viewer(Actor actor) {
        public boolean isLoggedIn() {
            return !actor.isAnonymous();
        }

        public String getLabel() {
            return actor.label();
        }

        public boolean can(String permission) {
            return actor.has(Permission.valueOf(permission));
        }
    }
}
