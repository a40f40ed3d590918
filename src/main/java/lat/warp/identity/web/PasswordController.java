package lat.warp.identity.web;

import lat.warp.shared.PublicEndpoint;
import lat.warp.identity.PasswordResets;
import lat.warp.shared.InvalidInputException;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** "Forgot your password": ask for a link by e-mail, then choose a new password through it. */
@Controller
class PasswordController {

    private final PasswordResets resets;

    PasswordController(PasswordResets resets) {
        this.resets = resets;
    }

    @GetMapping("/password/forgot")
    @PublicEndpoint("people who cannot log in ask for a reset link")
    String forgotPage() {
        return "identity/forgot";
    }

    @PostMapping("/password/forgot")
    @PublicEndpoint("people who cannot log in ask for a reset link")
    String forgot(@RequestParam(defaultValue = "") String email, Model model) {
        resets.request(email);
        model.addAttribute("sent", true);
        return "identity/forgot";
    }

    @GetMapping("/password/reset/{token}")
    @PublicEndpoint("the e-mailed link is the credential")
    String resetPage(@PathVariable String token, Model model) {
        model.addAttribute("token", token);
        model.addAttribute("usable", resets.isUsable(token));
        return "identity/reset";
    }

    @PostMapping("/password/reset/{token}")
    @PublicEndpoint("the e-mailed link is the credential")
    String reset(@PathVariable String token, @RequestParam(defaultValue = "") String password,
            @RequestParam(defaultValue = "") String confirmation, Model model) {
        model.addAttribute("token", token);
        model.addAttribute("usable", true);
        if (!password.equals(confirmation)) {
            model.addAttribute("error", "password.reset.mismatch");
            return "identity/reset";
        }
        try {
            resets.complete(token, password);
        } catch (InvalidInputException e) {
            if ("token".equals(e.field())) {
                model.addAttribute("usable", false);
            } else {
                model.addAttribute("error", "invalid." + e.field());
            }
            return "identity/reset";
        }
        return "redirect:/login?reset";
    }
}
