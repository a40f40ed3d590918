package lat.warp.advice.web;

import lat.warp.advice.AdviceGuides;
import lat.warp.events.Classification;
import lat.warp.shared.NotFoundException;
import lat.warp.shared.PublicEndpoint;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.servlet.view.RedirectView;

/**
 * The guide pages: the index of every guide grouped by RSIT class, and one guide per RSIT type. An
 * older name the taxonomy maps ({@code malware}, {@code c&c}, {@code blacklist}…) is redirected to its
 * RSIT type's guide; a name it does not know is the not-found page.
 */
@Controller
class AdvicePagesController {

    private final AdviceGuides guides;

    AdvicePagesController(AdviceGuides guides) {
        this.guides = guides;
    }

    @GetMapping("/advice")
    @PublicEndpoint("the remediation guides are TLP:CLEAR, for anyone")
    String index(Model model) {
        model.addAttribute("guidesByClass", guides.guidesByClass());
        return "advice/index";
    }

    @GetMapping("/advice/{type}")
    @PublicEndpoint("the remediation guides are TLP:CLEAR; notification e-mails link here")
    Object guide(@PathVariable String type, Model model) {
        Classification found = guides.resolve(type);
        if (found == null) {
            throw new NotFoundException("No advice guide for that type.");
        }
        if (!found.type().equals(type)) {
            RedirectView view = new RedirectView(AdviceGuides.path(found.type()), true);
            view.setExposeModelAttributes(false);
            view.setStatusCode(HttpStatus.MOVED_PERMANENTLY);
            return view;
        }
        model.addAttribute("type", found.type());
        model.addAttribute("rsitClass", found.taxonomy());
        model.addAttribute("sections", AdviceGuides.SECTIONS);
        return "advice/guide";
    }
}
