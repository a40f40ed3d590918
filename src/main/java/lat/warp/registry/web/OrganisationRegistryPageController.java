package lat.warp.registry.web;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import lat.warp.access.AccessControl;
import lat.warp.registry.Contact;
import lat.warp.registry.Contacts;
import lat.warp.registry.Organisation;
import lat.warp.registry.Organisations;
import lat.warp.registry.RegistryResources;
import lat.warp.shared.Actor;
import lat.warp.shared.InvalidInputException;
import lat.warp.shared.NotFoundException;
import lat.warp.shared.OrganisationId;
import lat.warp.shared.Permission;
import lat.warp.shared.RequiresPermission;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * One organisation in the registry: what it is, the networks, AS numbers and domains it holds, and
 * whom to tell about them. Members see their own, analysts any; those who manage the organisation add
 * and remove its contacts here. The services check the same again.
 */
@Controller
class OrganisationRegistryPageController {

    private final Organisations organisations;
    private final RegistryResources resources;
    private final Contacts contacts;
    private final AccessControl access;

    OrganisationRegistryPageController(Organisations organisations, RegistryResources resources, Contacts contacts,
            AccessControl access) {
        this.organisations = organisations;
        this.resources = resources;
        this.contacts = contacts;
        this.access = access;
    }

    @GetMapping("/registry/my")
    @RequiresPermission(Permission.ORGANISATION_READ_OWN)
    String own() {
        OrganisationId own = access.current().organisation();
        if (own == null) {
            throw access.refuse("open one's own organisation's networks", "the caller belongs to no organisation");
        }
        return "redirect:/registry/organisations/" + own;
    }

    @GetMapping("/registry/organisations/{id}")
    @RequiresPermission({Permission.ORGANISATION_READ_OWN, Permission.ORGANISATION_READ_ANY})
    String page(@PathVariable String id, @RequestParam(name = "after", required = false) @Nullable String after,
            Model model) {
        OrganisationId organisationId = parse(id);
        Organisation organisation = organisations.get(organisationId);
        Actor viewer = access.current();
        model.addAttribute("organisation", organisation);
        model.addAttribute("resources", resources.of(organisationId, after));
        model.addAttribute("after", after);
        model.addAttribute("contacts", contacts.list(organisationId));
        model.addAttribute("canManage", access.canActOn(viewer, organisationId, Permission.ORGANISATION_MANAGE_OWN,
                Permission.ORGANISATION_MANAGE_ANY));
        model.addAttribute("canManageUsers", access.canActOn(viewer, organisationId, Permission.USER_MANAGE_OWN,
                Permission.USER_MANAGE_ANY));
        model.addAttribute("contactRoles", Contact.Role.values());
        model.addAttribute("contactLanguages", List.of("es", "pt", "en"));
        if (!model.containsAttribute("contactForm")) {
            model.addAttribute("contactForm", Map.of());
        }
        return "registry/organisation";
    }

    @PostMapping("/registry/organisations/{id}/contacts")
    @RequiresPermission({Permission.ORGANISATION_MANAGE_OWN, Permission.ORGANISATION_MANAGE_ANY})
    String addContact(@PathVariable String id, @RequestParam(defaultValue = "") String role,
            @RequestParam(defaultValue = "") String email, @RequestParam(defaultValue = "") String phone,
            @RequestParam(defaultValue = "") String language, @RequestParam(defaultValue = "") String pgpKey,
            RedirectAttributes redirect) {
        OrganisationId organisationId = parse(id);
        try {
            Contact.Role parsedRole;
            try {
                parsedRole = Contact.Role.valueOf(role);
            } catch (IllegalArgumentException e) {
                redirect.addFlashAttribute("contactError", "contacts.invalid.role");
                return keep(redirect, organisationId, role, email, phone, language, pgpKey);
            }
            contacts.add(organisationId, parsedRole, email, phone, language, pgpKey);
            redirect.addFlashAttribute("notice", "contacts.added");
        } catch (InvalidInputException e) {
            redirect.addFlashAttribute("contactError",
                    "role".equals(e.field()) ? "contacts.invalid.role" : "invalid." + e.field());
            return keep(redirect, organisationId, role, email, phone, language, pgpKey);
        }
        return "redirect:/registry/organisations/" + organisationId + "#contacts";
    }

    @PostMapping("/registry/organisations/{id}/contacts/{contact}/remove")
    @RequiresPermission({Permission.ORGANISATION_MANAGE_OWN, Permission.ORGANISATION_MANAGE_ANY})
    String removeContact(@PathVariable String id, @PathVariable String contact, RedirectAttributes redirect) {
        OrganisationId organisationId = parse(id);
        contacts.remove(contact);
        redirect.addFlashAttribute("notice", "contacts.removed");
        return "redirect:/registry/organisations/" + organisationId + "#contacts";
    }

    /** Back to the page with the form filled in as it was sent, so that one mistake costs no retyping. */
    private static String keep(RedirectAttributes redirect, OrganisationId organisation, String role, String email,
            String phone, String language, String pgpKey) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("role", role);
        form.put("email", email);
        form.put("phone", phone);
        form.put("language", language);
        form.put("pgpKey", pgpKey);
        redirect.addFlashAttribute("contactForm", form);
        return "redirect:/registry/organisations/" + organisation + "#add-contact";
    }

    private static OrganisationId parse(String id) {
        try {
            return OrganisationId.of(id);
        } catch (IllegalArgumentException e) {
            throw new NotFoundException("No such organisation.");
        }
    }
}
