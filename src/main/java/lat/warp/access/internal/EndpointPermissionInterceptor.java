package lat.warp.access.internal;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import lat.warp.access.AccessControl;
import lat.warp.shared.AuthenticatedEndpoint;
import lat.warp.shared.PublicEndpoint;
import lat.warp.shared.RequiresPermission;
import lat.warp.platform.ProblemResponses;
import lat.warp.shared.Actor;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.http.HttpStatus;
import org.springframework.security.web.savedrequest.HttpSessionRequestCache;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * Enforces the access annotation every WARP endpoint carries, before the handler runs. An endpoint
 * with none is refused (fail closed); the ArchUnit test makes sure none ships that way.
 */
final class EndpointPermissionInterceptor implements HandlerInterceptor {

    private final AccessControl access;
    private final HttpSessionRequestCache requestCache = new HttpSessionRequestCache();

    EndpointPermissionInterceptor(AccessControl access) {
        this.access = access;
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler)
            throws Exception {
        if (!(handler instanceof HandlerMethod method) || !method.getBeanType().getName().startsWith("lat.warp.")) {
            return true;
        }
        if (isPublic(method)) {
            return true;
        }
        RequiresPermission required = find(method, RequiresPermission.class);
        boolean authenticatedOnly = find(method, AuthenticatedEndpoint.class) != null;
        if (required == null && !authenticatedOnly) {
            throw access.refuse(request.getMethod() + " " + request.getRequestURI(),
                    "the endpoint declares no permission, so it is closed");
        }
        Actor actor = access.current();
        if (actor.isAnonymous()) {
            askToAuthenticate(request, response);
            return false;
        }
        if (required != null) {
            access.requireAny(request.getMethod() + " " + request.getRequestURI(), required.value());
        }
        return true;
    }

    private void askToAuthenticate(HttpServletRequest request, HttpServletResponse response) throws Exception {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        if (ProblemResponses.wantsProblem(request, path)) {
            ProblemResponses.write(request, response, HttpStatus.UNAUTHORIZED, "Unauthorized",
                    "Authentication is required: send an API token as 'Authorization: Bearer <token>'.");
        } else {
            requestCache.saveRequest(request, response);
            response.sendRedirect(request.getContextPath() + "/login");
        }
    }

    /**
     * Public when the method says so, or when its class does and the method asks for nothing more: a
     * permission declared on the method is never switched off by a public class.
     */
    private static boolean isPublic(HandlerMethod method) {
        if (AnnotatedElementUtils.hasAnnotation(method.getMethod(), PublicEndpoint.class)) {
            return true;
        }
        boolean methodAsksForMore = AnnotatedElementUtils.hasAnnotation(method.getMethod(), RequiresPermission.class)
                || AnnotatedElementUtils.hasAnnotation(method.getMethod(), AuthenticatedEndpoint.class);
        return !methodAsksForMore && AnnotatedElementUtils.hasAnnotation(method.getBeanType(), PublicEndpoint.class);
    }

    private static <A extends java.lang.annotation.Annotation> A find(HandlerMethod method, Class<A> type) {
        A onMethod = AnnotatedElementUtils.findMergedAnnotation(method.getMethod(), type);
        return onMethod != null ? onMethod : AnnotatedElementUtils.findMergedAnnotation(method.getBeanType(), type);
    }
}
