package lat.warp.registry.web;

import lat.warp.shared.RequiresPermission;
import lat.warp.registry.Organisation;
import lat.warp.registry.OrganisationDraft;
import lat.warp.registry.Organisations;
import lat.warp.shared.InvalidInputException;
import lat.warp.shared.OrganisationKind;
import lat.warp.shared.Permission;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The analysts' directory of organisations; administrators add organisations here. */
@Controller
class OrganisationDirectoryController {

    private final Organisations organisations;

    OrganisationDirectoryController(Organisations organisations) {
        this.organisations = organisations;
    }

    @GetMapping("/admin/organisations")
    @RequiresPermission(Permission.ORGANISATION_READ_ANY)
    String list(@RequestParam(name = "q", defaultValue = "") String query, Model model) {
        model.addAttribute("q", query);
        model.addAttribute("organisations", organisations.list(query));
        model.addAttribute("kinds", OrganisationKind.values());
        return "registry/organisations";
    }

    @PostMapping("/admin/organisations")
    @RequiresPermission(Permission.ORGANISATION_MANAGE_ANY)
    String create(@RequestParam(defaultValue = "") String name, @RequestParam(defaultValue = "MEMBER") String kind,
            @RequestParam(defaultValue = "") String country, @RequestParam(defaultValue = "") String sector,
            @RequestParam(defaultValue = "false") boolean requireTwoFactor, RedirectAttributes redirect) {
        try {
            OrganisationKind parsedKind;
            try {
                parsedKind = OrganisationKind.valueOf(kind);
            } catch (IllegalArgumentException e) {
                throw new InvalidInputException("kind", "Unknown kind.");
            }
            Organisation created = organisations.create(
                    new OrganisationDraft(name, parsedKind, country, sector, requireTwoFactor));
            redirect.addFlashAttribute("notice", "organisations.created");
            redirect.addAttribute("q", created.name());
        } catch (InvalidInputException e) {
            redirect.addFlashAttribute("formError", "invalid." + e.field());
        }
        return "redirect:/admin/organisations";
    }
}
