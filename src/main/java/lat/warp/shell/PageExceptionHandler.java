package lat.warp.shell;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.UUID;
import lat.warp.shared.AccessDeniedException;
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
    ModelAndView denied(HttpServletResponse response) {
        return page(response, 403, "error.forbidden", null);
    }

    @ExceptionHandler({NotFoundException.class, NoResourceFoundException.class})
    ModelAndView notFound(HttpServletResponse response) {
        return page(response, 404, "error.notFound", null);
    }

    @ExceptionHandler(InvalidInputException.class)
    ModelAndView invalid(InvalidInputException e, HttpServletResponse response) {
        return page(response, 400, "invalid." + e.field(), null);
    }

    @ExceptionHandler(Exception.class)
    ModelAndView unexpected(Exception e, HttpServletRequest request, HttpServletResponse response) {
        String errorId = UUID.randomUUID().toString().substring(0, 8);
        log.error("Unexpected error {} on {} {}", errorId, request.getMethod(), request.getRequestURI(), e);
        return page(response, 500, "error.internal", errorId);
    }

    static ModelAndView page(HttpServletResponse response, int status, String messageKey, String errorId) {
        response.setStatus(status);
        ModelAndView page = new ModelAndView("error");
        page.addObject("status", status);
        page.addObject("messageKey", messageKey);
        page.addObject("errorId", errorId);
        page.setStatus(org.springframework.http.HttpStatusCode.valueOf(status));
        return page;
    }
}
