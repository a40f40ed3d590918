package lat.warp.shell;

import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.util.UUID;
import lat.warp.audit.AuditAction;
import lat.warp.audit.AuditTrail;
import lat.warp.shared.AccessDeniedException;
import lat.warp.shared.InvalidInputException;
import lat.warp.shared.NotFoundException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.ServletWebRequest;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * RFC 9457 problem details for every error of an API controller. Refused input is audited; a 5xx is
 * logged with a short error id that the client also gets, never the exception's text.
 */
@RestControllerAdvice(annotations = RestController.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
class ApiExceptionHandler extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);

    private final AuditTrail audit;

    ApiExceptionHandler(AuditTrail audit) {
        this.audit = audit;
    }

    @ExceptionHandler(AccessDeniedException.class)
    ResponseEntity<ProblemDetail> denied(AccessDeniedException e, HttpServletRequest request) {
        return problem(HttpStatus.FORBIDDEN, "Forbidden", e.getMessage(), request);
    }

    @ExceptionHandler(NotFoundException.class)
    ResponseEntity<ProblemDetail> notFound(NotFoundException e, HttpServletRequest request) {
        return problem(HttpStatus.NOT_FOUND, "Not Found", e.getMessage(), request);
    }

    @ExceptionHandler(InvalidInputException.class)
    ResponseEntity<ProblemDetail> invalid(InvalidInputException e, HttpServletRequest request) {
        rejected(request, e.getMessage());
        ResponseEntity<ProblemDetail> response = problem(HttpStatus.BAD_REQUEST, "Bad Request", e.getMessage(), request);
        response.getBody().setProperty("field", e.field());
        return response;
    }

    @ExceptionHandler(lat.warp.shared.UnavailableException.class)
    ResponseEntity<ProblemDetail> unavailable(lat.warp.shared.UnavailableException e, HttpServletRequest request) {
        return problem(HttpStatus.SERVICE_UNAVAILABLE, "Service Unavailable", e.getMessage(), request);
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> unexpected(Exception e, HttpServletRequest request) {
        String errorId = UUID.randomUUID().toString().substring(0, 8);
        log.error("Unexpected error {} on {} {}", errorId, request.getMethod(), request.getRequestURI(), e);
        ResponseEntity<ProblemDetail> response = problem(HttpStatus.INTERNAL_SERVER_ERROR, "Internal Server Error",
                "Something went wrong on our side. Quote error id " + errorId + " if you contact us.", request);
        response.getBody().setProperty("errorId", errorId);
        return response;
    }

    @Override
    protected @Nullable ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        String detail = "The request body could not be read: it must be well-formed JSON of the documented shape.";
        rejected(((ServletWebRequest) request).getRequest(), "unreadable body");
        ProblemDetail body = createProblemDetail(ex, status, detail, null, null, request);
        return handleExceptionInternal(ex, body, headers, status, request);
    }

    @Override
    protected @Nullable ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        String detail = ex.getBindingResult().getFieldErrors().stream()
                .map(f -> f.getField() + ": " + f.getDefaultMessage()).reduce((a, b) -> a + "; " + b)
                .orElse("The request is not valid.");
        rejected(((ServletWebRequest) request).getRequest(), "invalid fields");
        ProblemDetail body = createProblemDetail(ex, status, detail, null, null, request);
        return handleExceptionInternal(ex, body, headers, status, request);
    }

    private void rejected(HttpServletRequest request, String reason) {
        audit.entry(AuditAction.REQUEST_REJECTED).sourceAddress(request.getRemoteAddr())
                .object("path", request.getMethod() + " " + request.getRequestURI()).failure(reason);
    }

    private static ResponseEntity<ProblemDetail> problem(HttpStatus status, String title, String detail,
            HttpServletRequest request) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setTitle(title);
        problem.setInstance(URI.create(request.getRequestURI()));
        return ResponseEntity.status(status).contentType(org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON)
                .body(problem);
    }
}
