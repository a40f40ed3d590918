package lat.warp.notification.web;

import lat.warp.notification.Acknowledgements;
import lat.warp.shared.PublicEndpoint;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;

/**
 * The acknowledgement link of a message. Opening it (GET) only shows what it acknowledges, so a mail
 * scanner that follows links acknowledges nothing; the button (POST) acknowledges. No login: the link's
 * secret is the permission.
 */
@Controller
class AckController {

    private final Acknowledgements acknowledgements;

    AckController(Acknowledgements acknowledgements) {
        this.acknowledgements = acknowledgements;
    }

    @GetMapping("/ack/{token}")
    @PublicEndpoint("an acknowledgement link; the secret in the link is the permission")
    String page(@PathVariable String token, Model model) {
        acknowledgements.peek(token).ifPresentOrElse(pending -> {
            model.addAttribute("pending", pending);
            model.addAttribute("token", token);
        }, () -> model.addAttribute("invalid", true));
        return "notification/ack";
    }

    @PostMapping("/ack/{token}")
    @PublicEndpoint("confirms an acknowledgement link; the secret in the link is the permission")
    String confirm(@PathVariable String token, Model model) {
        if (acknowledgements.confirm(token)) {
            model.addAttribute("done", true);
        } else {
            model.addAttribute("invalid", true);
        }
        return "notification/ack";
    }
}
