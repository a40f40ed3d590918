package lat.warp.shell;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import lat.warp.shared.PublicEndpoint;
import lat.warp.platform.ProblemResponses;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.servlet.ModelAndView;

/**
 * Errors that happen outside a controller (unknown paths, refusals in filters): a problem detail for
 * API callers, a friendly page for people. Never the exception's text.
 */
@Controller
class WarpErrorController implements ErrorController {

    @RequestMapping("/error")
    @PublicEndpoint("error pages must be reachable by everyone")
    ModelAndView error(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        int status = code instanceof Integer i ? i : 500;
        HttpStatus httpStatus = HttpStatus.resolve(status);
        if (httpStatus == null) {
            httpStatus = HttpStatus.INTERNAL_SERVER_ERROR;
        }
        Object uri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        String path = uri instanceof String s ? s : request.getRequestURI();
        Object messageKey = request.getAttribute("warp.errorMessage");
        if (ProblemResponses.wantsProblem(request, path)) {
            ProblemResponses.write(response, httpStatus, httpStatus.getReasonPhrase(), switch (status) {
                case 404 -> "There is nothing at this address.";
                case 403 -> "You may not do this.";
                case 401 -> "Authentication is required.";
                case 400 -> "The request is not valid.";
                default -> "The request could not be completed.";
            }, path);
            return null;
        }
        String key = messageKey instanceof String s ? s : switch (status) {
            case 404 -> "error.notFound";
            case 403 -> "error.forbidden";
            case 400 -> "error.badRequest";
            default -> "error.internal";
        };
        return PageExceptionHandler.page(request, response, status, key, null);
    }
}
