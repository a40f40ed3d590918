package lat.warp.identity.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import lat.warp.shared.AuthenticatedEndpoint;
import lat.warp.identity.Language;
import lat.warp.identity.Logins;
import lat.warp.identity.TotpEnrolment;
import lat.warp.identity.User;
import lat.warp.identity.Users;
import lat.warp.registry.Organisations;
import lat.warp.shared.AccessDeniedException;
import lat.warp.shared.Actors;
import lat.warp.shared.InvalidInputException;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** A person's own account: profile, language of e-mails, password and two-factor. */
@Controller
@RequestMapping("/account")
@AuthenticatedEndpoint
class AccountController {

    private static final String ENROLMENT = "warp.accountEnrolment";

    private final Users users;
    private final Logins logins;
    private final Organisations organisations;

    AccountController(Users users, Logins logins, Organisations organisations) {
        this.users = users;
        this.logins = logins;
        this.organisations = organisations;
    }

    @GetMapping
    String account(Model model) {
        User me = me();
        model.addAttribute("me", me);
        model.addAttribute("organisation", organisations.findForSystem(me.organisation()).orElseThrow());
        model.addAttribute("languages", Language.values());
        return "identity/account";
    }

    @PostMapping("/language")
    String language(@RequestParam String language, RedirectAttributes redirect) {
        users.setOwnLanguage(Language.of(language));
        redirect.addFlashAttribute("notice", "account.language.saved");
        return "redirect:/account";
    }

    @PostMapping("/password")
    String password(@RequestParam(defaultValue = "") String currentPassword,
            @RequestParam(defaultValue = "") String newPassword, RedirectAttributes redirect) {
        try {
            users.changeOwnPassword(currentPassword, newPassword);
            redirect.addFlashAttribute("notice", "account.password.changed");
        } catch (InvalidInputException e) {
            redirect.addFlashAttribute("passwordError", "invalid." + e.field());
        }
        return "redirect:/account";
    }

    @GetMapping("/two-factor")
    String enrolPage(HttpServletRequest request, Model model) {
        HttpSession session = request.getSession();
        TotpEnrolment enrolment = (TotpEnrolment) session.getAttribute(ENROLMENT);
        if (enrolment == null) {
            enrolment = logins.newEnrolment(me().email());
            session.setAttribute(ENROLMENT, enrolment);
        }
        model.addAttribute("enrolment", enrolment);
        model.addAttribute("action", "/account/two-factor");
        return "identity/enrol";
    }

    @PostMapping("/two-factor")
    String enrol(@RequestParam(defaultValue = "") String code, HttpServletRequest request, Model model,
            RedirectAttributes redirect) {
        TotpEnrolment enrolment = (TotpEnrolment) request.getSession().getAttribute(ENROLMENT);
        if (enrolment == null) {
            return "redirect:/account/two-factor";
        }
        try {
            logins.enrolOwn(enrolment.secret(), code);
        } catch (InvalidInputException e) {
            model.addAttribute("enrolment", enrolment);
            model.addAttribute("action", "/account/two-factor");
            model.addAttribute("error", "login.error.BAD_CODE");
            return "identity/enrol";
        }
        request.getSession().removeAttribute(ENROLMENT);
        redirect.addFlashAttribute("notice", "account.twoFactor.enrolled");
        return "redirect:/account";
    }

    private User me() {
        var id = Actors.current().user();
        if (id == null) {
            throw new AccessDeniedException("Only a logged-in person has an account page.");
        }
        return users.get(id);
    }
}
