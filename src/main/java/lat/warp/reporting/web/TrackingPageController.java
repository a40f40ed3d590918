package lat.warp.reporting.web;

import jakarta.servlet.http.HttpServletResponse;
import lat.warp.reporting.ReportTracking;
import lat.warp.reporting.ReporterConfirmation;
import lat.warp.reporting.SubmittedReport;
import lat.warp.reporting.TrackingView;
import lat.warp.shared.NotFoundException;
import lat.warp.shared.PublicEndpoint;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The public reporter's pages behind secret links: the confirmation of the address (a button, so that a
 * mail scanner that opens the link confirms nothing), and the tracking page with the status, the steps and
 * the messages meant for the reporter. Neither page is cached nor indexed.
 */
@Controller
class TrackingPageController {

    /** Where the tracking page lives (the e-mails link to it); {@code /track/{token}} is a short alias. */
    static final String PATH = "/reports/track/";

    private final ReportTracking tracking;
    private final ReporterConfirmation confirmation;

    TrackingPageController(ReportTracking tracking, ReporterConfirmation confirmation) {
        this.tracking = tracking;
        this.confirmation = confirmation;
    }

    @GetMapping({PATH + "{token}", "/track/{token}"})
    @PublicEndpoint("the secret tracking link is the credential; it shows only what is meant for the reporter")
    String track(@PathVariable String token, Model model, HttpServletResponse response) {
        secret(response);
        TrackingView view;
        try {
            view = tracking.view(token);
        } catch (NotFoundException e) {
            response.setStatus(404);
            view = null;
        }
        model.addAttribute("view", view);
        if (!model.containsAttribute("notice")) {
            model.addAttribute("notice", null);
        }
        return "reporting/track";
    }

    @GetMapping("/reports/confirm/{token}")
    @PublicEndpoint("the e-mailed confirmation link is the credential")
    String confirmPage(@PathVariable String token, Model model, HttpServletResponse response) {
        secret(response);
        model.addAttribute("token", token);
        model.addAttribute("usable", token.length() <= 200);
        return "reporting/confirm";
    }

    @PostMapping("/reports/confirm/{token}")
    @PublicEndpoint("the e-mailed confirmation link is the credential")
    String confirm(@PathVariable String token, Model model, HttpServletResponse response, RedirectAttributes redirect) {
        secret(response);
        SubmittedReport confirmed;
        try {
            confirmed = confirmation.confirm(token);
        } catch (NotFoundException e) {
            response.setStatus(404);
            model.addAttribute("token", token);
            model.addAttribute("usable", false);
            return "reporting/confirm";
        }
        redirect.addFlashAttribute("notice", "reportConfirm.done");
        return "redirect:" + PATH + confirmed.trackingToken();
    }

    /** A page behind a secret link: kept out of caches and search engines. */
    private static void secret(HttpServletResponse response) {
        response.setHeader("Cache-Control", "no-store");
        response.setHeader("X-Robots-Tag", "noindex, nofollow");
    }
}
