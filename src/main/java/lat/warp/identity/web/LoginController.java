package lat.warp.identity.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;
import lat.warp.shared.PublicEndpoint;
import lat.warp.identity.LoginOutcome;
import lat.warp.identity.Logins;
import lat.warp.identity.TotpEnrolment;
import lat.warp.identity.User;
import lat.warp.identity.internal.SessionUser;
import lat.warp.shared.UserId;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.security.web.savedrequest.HttpSessionRequestCache;
import org.springframework.security.web.savedrequest.SavedRequest;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.LocaleResolver;

/**
 * The login pages: password, then the TOTP code (or, when two-factor is mandatory and not set up yet,
 * the enrolment). Between the steps the session holds only a pending login, which grants nothing.
 */
@Controller
class LoginController {

    static final String PENDING = "warp.pendingLogin";
    static final String ENROLMENT = "warp.pendingEnrolment";
    private static final Duration PENDING_VALIDITY = Duration.ofMinutes(5);

    private final Logins logins;
    private final LocaleResolver localeResolver;
    private final SecurityContextRepository contexts = new HttpSessionSecurityContextRepository();
    private final HttpSessionRequestCache requestCache = new HttpSessionRequestCache();

    LoginController(Logins logins, LocaleResolver localeResolver) {
        this.logins = logins;
        this.localeResolver = localeResolver;
    }

    /** A login halfway through: who, which step, and until when. */
    record PendingLogin(UserId user, boolean enrol, Instant expiresAt) implements Serializable {
    }

    @GetMapping("/login")
    @PublicEndpoint("the login page")
    String loginPage() {
        return "identity/login";
    }

    @PostMapping("/login")
    @PublicEndpoint("the login form")
    String login(@RequestParam(defaultValue = "") String email, @RequestParam(defaultValue = "") String password,
            HttpServletRequest request, HttpServletResponse response, Model model) {
        LoginOutcome outcome = logins.checkPassword(email, password, request.getRemoteAddr());
        return switch (outcome) {
            case LoginOutcome.Authenticated done -> complete(done.user(), request, response);
            case LoginOutcome.SecondFactorRequired next -> pending(request, next.user(), false);
            case LoginOutcome.EnrolmentRequired next -> pending(request, next.user(), true);
            case LoginOutcome.Refused refused -> {
                model.addAttribute("email", email);
                model.addAttribute("error", "login.error." + refused.reason().name());
                response.setStatus(refused.reason() == LoginOutcome.Reason.THROTTLED ? 429 : 401);
                yield "identity/login";
            }
        };
    }

    @GetMapping("/login/two-factor")
    @PublicEndpoint("second step of the login; needs a pending login in the session")
    String twoFactorPage(HttpServletRequest request) {
        PendingLogin pending = pendingLogin(request);
        if (pending == null) {
            return "redirect:/login?expired";
        }
        return pending.enrol() ? "redirect:/login/two-factor/enrol" : "identity/two-factor";
    }

    @PostMapping("/login/two-factor")
    @PublicEndpoint("second step of the login; needs a pending login in the session")
    String twoFactor(@RequestParam(defaultValue = "") String code, HttpServletRequest request,
            HttpServletResponse response, Model model) {
        PendingLogin pending = pendingLogin(request);
        if (pending == null || pending.enrol()) {
            return "redirect:/login?expired";
        }
        LoginOutcome outcome = logins.checkSecondFactor(pending.user(), code, request.getRemoteAddr());
        if (outcome instanceof LoginOutcome.Authenticated done) {
            return complete(done.user(), request, response);
        }
        LoginOutcome.Reason reason = ((LoginOutcome.Refused) outcome).reason();
        if (reason == LoginOutcome.Reason.EXPIRED) {
            request.getSession().removeAttribute(PENDING);
            return "redirect:/login?expired";
        }
        model.addAttribute("error", "login.error." + reason.name());
        response.setStatus(reason == LoginOutcome.Reason.THROTTLED ? 429 : 401);
        return "identity/two-factor";
    }

    @GetMapping("/login/two-factor/enrol")
    @PublicEndpoint("mandatory two-factor enrolment during login; needs a pending login in the session")
    String enrolPage(HttpServletRequest request, Model model) {
        PendingLogin pending = pendingLogin(request);
        if (pending == null || !pending.enrol()) {
            return "redirect:/login?expired";
        }
        HttpSession session = request.getSession();
        TotpEnrolment enrolment = (TotpEnrolment) session.getAttribute(ENROLMENT);
        if (enrolment == null) {
            String label = logins.findForSession(pending.user()).map(User::email).orElse("user");
            enrolment = logins.newEnrolment(label);
            session.setAttribute(ENROLMENT, enrolment);
        }
        model.addAttribute("enrolment", enrolment);
        return "identity/enrol";
    }

    @PostMapping("/login/two-factor/enrol")
    @PublicEndpoint("mandatory two-factor enrolment during login; needs a pending login in the session")
    String enrol(@RequestParam(defaultValue = "") String code, HttpServletRequest request,
            HttpServletResponse response, Model model) {
        PendingLogin pending = pendingLogin(request);
        TotpEnrolment enrolment = (TotpEnrolment) request.getSession().getAttribute(ENROLMENT);
        if (pending == null || !pending.enrol() || enrolment == null) {
            return "redirect:/login?expired";
        }
        LoginOutcome outcome = logins.confirmEnrolment(pending.user(), enrolment.secret(), code,
                request.getRemoteAddr());
        if (outcome instanceof LoginOutcome.Authenticated done) {
            request.getSession().removeAttribute(ENROLMENT);
            return complete(done.user(), request, response);
        }
        model.addAttribute("enrolment", enrolment);
        model.addAttribute("error", "login.error." + ((LoginOutcome.Refused) outcome).reason().name());
        response.setStatus(401);
        return "identity/enrol";
    }

    private String pending(HttpServletRequest request, UserId user, boolean enrol) {
        request.getSession();
        request.changeSessionId();
        request.getSession().setAttribute(PENDING, new PendingLogin(user, enrol, Instant.now().plus(PENDING_VALIDITY)));
        return enrol ? "redirect:/login/two-factor/enrol" : "redirect:/login/two-factor";
    }

    private PendingLogin pendingLogin(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        if (session == null || !(session.getAttribute(PENDING) instanceof PendingLogin pending)) {
            return null;
        }
        if (pending.expiresAt().isBefore(Instant.now())) {
            session.removeAttribute(PENDING);
            return null;
        }
        return pending;
    }

    /** Makes the session a logged-in one: a new session id, the user's language, then back to where they were going. */
    private String complete(User user, HttpServletRequest request, HttpServletResponse response) {
        SavedRequest saved = requestCache.getRequest(request, response);
        HttpSession session = request.getSession();
        session.removeAttribute(PENDING);
        request.changeSessionId();
        SecurityContext context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(new SessionUser(user.id(), user.email()));
        contexts.saveContext(context, request, response);
        localeResolver.setLocale(request, response, user.language().locale());
        String target = saved == null ? "/" : localPath(saved.getRedirectUrl());
        requestCache.removeRequest(request, response);
        return "redirect:" + target;
    }

    private static String localPath(String url) {
        try {
            java.net.URI uri = java.net.URI.create(url);
            String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
            return uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery();
        } catch (IllegalArgumentException e) {
            return "/";
        }
    }
}
