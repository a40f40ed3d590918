package lat.warp.identity.internal;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.util.Optional;
import lat.warp.identity.Logins;
import lat.warp.shared.Actor;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Turns the session's {@link SessionUser} into this request's {@link ActorAuthentication}, reading the
 * account afresh. A disabled or deleted account loses its session here. The new context is for this
 * request only: the session keeps just the user id.
 */
final class SessionActorFilter extends OncePerRequestFilter {

    private final Logins logins;

    SessionActorFilter(Logins logins) {
        this.logins = logins;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication instanceof SessionUser sessionUser) {
            Optional<Actor> actor = logins.currentActor(sessionUser.user());
            SecurityContext context = SecurityContextHolder.createEmptyContext();
            if (actor.isPresent()) {
                context.setAuthentication(new ActorAuthentication(actor.get()));
            } else {
                HttpSession session = request.getSession(false);
                if (session != null) {
                    session.invalidate();
                }
            }
            SecurityContextHolder.setContext(context);
        }
        chain.doFilter(request, response);
    }
}
