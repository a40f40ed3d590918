package lat.warp.shell;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.UUID;
import lat.warp.shared.AccessDeniedException;
import lat.warp.shared.Actors;
import lat.warp.shared.InvalidInputException;
import lat.warp.shared.NotFoundException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/** Friendly error pages for the UI: a plain message in the reader's language, and an error id for a 5xx. */
@ControllerAdvice(annotations = Controller.class)
@Order(Ordered.LOWEST_PRECEDENCE)
class PageExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(PageExceptionHandler.class);

    @ExceptionHandler(AccessDeniedException.class)
    ModelAndView denied(HttpServletRequest request, HttpServletResponse response) {
        return page(request, response, 403, "error.forbidden", null);
    }

    @ExceptionHandler({NotFoundException.class, NoResourceFoundException.class})
    ModelAndView notFound(HttpServletRequest request, HttpServletResponse response) {
        return page(request, response, 404, "error.notFound", null);
    }

    @ExceptionHandler(InvalidInputException.class)
    ModelAndView invalid(InvalidInputException e, HttpServletRequest request, HttpServletResponse response) {
        return page(request, response, 400, "invalid." + e.field(), null);
    }

    @ExceptionHandler(Exception.class)
    ModelAndView unexpected(Exception e, HttpServletRequest request, HttpServletResponse response) {
        String errorId = UUID.randomUUID().toString().substring(0, 8);
        log.error("Unexpected error {} on {} {}", errorId, request.getMethod(), request.getRequestURI(), e);
        return page(request, response, 500, "error.internal", errorId);
    }

    /**
     * The error page. It carries the layout's model itself: {@code @ModelAttribute} methods (see
     * {@link ShellModel}) do not run for exception handlers, and without them the layout cannot render.
     */
    static ModelAndView page(HttpServletRequest request, HttpServletResponse response, int status, String messageKey,
            String errorId) {
        response.setStatus(status);
        ModelAndView page = new ModelAndView("error");
        page.addObject("viewer", new ShellModel.Viewer(Actors.current()));
        page.addObject("currentPath", originalPath(request));
        page.addObject("status", status);
        page.addObject("messageKey", messageKey);
        page.addObject("errorId", errorId);
        page.setStatus(org.springframework.http.HttpStatusCode.valueOf(status));
        return page;
    }

    /** The path the reader asked for (not /error), so that the language links come back to it. */
    private static String originalPath(HttpServletRequest request) {
        Object forwarded = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        String uri = forwarded instanceof String s ? s : request.getRequestURI();
        String context = request.getContextPath();
        return uri.startsWith(context) ? uri.substring(context.length()) : uri;
    }
}
