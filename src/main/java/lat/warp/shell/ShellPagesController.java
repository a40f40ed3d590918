package lat.warp.shell;

import lat.warp.shared.AuthenticatedEndpoint;
import lat.warp.shared.PublicEndpoint;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.view.RedirectView;

/** The home page, the five services' entry pages, and the language switch. */
@Controller
class ShellPagesController {

    /**
     * The services whose modules are not built yet; their page says so. Reporting and advice have their own
     * pages now ({@code /incidents}, {@code /report}, {@code /advice}), and their old addresses lead there.
     */
    enum Service { brokering, warnings, statistics }

    @GetMapping("/")
    @PublicEndpoint("the landing page explains the WARP and offers login")
    String home() {
        return "home";
    }

    @GetMapping("/services/{service}")
    @AuthenticatedEndpoint
    String service(@PathVariable String service, Model model) {
        if (service.equals("reporting")) {
            return "redirect:/report";
        }
        if (service.equals("advice")) {
            return "redirect:/advice";
        }
        Service known;
        try {
            known = Service.valueOf(service);
        } catch (IllegalArgumentException e) {
            throw new lat.warp.shared.NotFoundException("No such service.");
        }
        model.addAttribute("service", known.name());
        return "service";
    }

    /** Switches the language (the locale interceptor has already read ?lang=) and goes back. */
    @GetMapping("/language")
    @PublicEndpoint("anyone may choose the language of the pages")
    RedirectView language(@RequestParam(name = "return", defaultValue = "/") String returnTo) {
        boolean local = returnTo.startsWith("/") && !returnTo.startsWith("//") && !returnTo.contains("\\");
        RedirectView view = new RedirectView(local ? returnTo : "/", true);
        view.setExposeModelAttributes(false);
        return view;
    }
}
