package lat.warp.identity.web;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import lat.warp.shared.RequiresPermission;
import lat.warp.identity.ApiTokens;
import lat.warp.identity.Language;
import lat.warp.identity.UserDraft;
import lat.warp.identity.Users;
import lat.warp.registry.Organisation;
import lat.warp.registry.Organisations;
import lat.warp.access.AccessControl;
import lat.warp.shared.Actors;
import lat.warp.shared.InvalidInputException;
import lat.warp.shared.OrganisationId;
import lat.warp.shared.Permission;
import lat.warp.shared.Role;
import lat.warp.shared.TokenScope;
import lat.warp.shared.UserId;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * One organisation's people and machines: its users, its API tokens and its two-factor policy.
 * Member admins reach their own; administrators any. The services check the same again.
 */
@Controller
@RequiresPermission({Permission.USER_MANAGE_OWN, Permission.USER_MANAGE_ANY})
class OrganisationPageController {

    private final Organisations organisations;
    private final Users users;
    private final ApiTokens tokens;
    private final AccessControl access;

    OrganisationPageController(Organisations organisations, Users users, ApiTokens tokens, AccessControl access) {
        this.access = access;
        this.organisations = organisations;
        this.users = users;
        this.tokens = tokens;
    }

    @GetMapping("/organisation")
    String own() {
        OrganisationId own = Actors.current().organisation();
        if (own == null) {
            throw access.refuse("open one's own organisation", "the caller belongs to no organisation");
        }
        return "redirect:/organisations/" + own;
    }

    @GetMapping("/organisations/{id}")
    String page(@PathVariable String id, Model model) {
        OrganisationId organisationId = parse(id);
        Organisation organisation = organisations.get(organisationId);
        model.addAttribute("organisation", organisation);
        model.addAttribute("users", users.list(organisationId));
        model.addAttribute("tokens", tokens.list(organisationId));
        model.addAttribute("now", Instant.now());
        model.addAttribute("roles", EnumSet.allOf(Role.class).stream().filter(r -> r.allowedIn(organisation.kind()))
                .filter(r -> !r.isStaff() || Actors.current().has(Permission.USER_MANAGE_ANY)).toList());
        model.addAttribute("scopes", TokenScope.values());
        model.addAttribute("languages", Language.values());
        return "identity/organisation";
    }

    @PostMapping("/organisations/{id}/users")
    String createUser(@PathVariable String id, @RequestParam(defaultValue = "") String email,
            @RequestParam(defaultValue = "") String name, @RequestParam(defaultValue = "es") String language,
            @RequestParam(required = false) List<String> roles, @RequestParam(defaultValue = "") String password,
            RedirectAttributes redirect) {
        OrganisationId organisation = parse(id);
        try {
            Set<Role> chosen = EnumSet.noneOf(Role.class);
            if (roles != null) {
                roles.forEach(r -> chosen.add(Role.valueOf(r)));
            }
            users.create(new UserDraft(email, name, Language.of(language), organisation, chosen),
                    password.isBlank() ? null : password);
            redirect.addFlashAttribute("notice", "users.created");
        } catch (InvalidInputException e) {
            redirect.addFlashAttribute("userError", "invalid." + e.field());
        } catch (IllegalArgumentException e) {
            redirect.addFlashAttribute("userError", "invalid.roles");
        }
        return "redirect:/organisations/" + organisation;
    }

    @PostMapping("/organisations/{id}/users/{user}/{action}")
    String changeUser(@PathVariable String id, @PathVariable String user, @PathVariable String action,
            RedirectAttributes redirect) {
        UserId userId = UserId.of(user);
        try {
            switch (action) {
                case "disable" -> users.setEnabled(userId, false);
                case "enable" -> users.setEnabled(userId, true);
                case "unlock" -> users.unlock(userId);
                case "reset-two-factor" -> users.resetTwoFactor(userId);
                default -> throw new lat.warp.shared.NotFoundException("No such action.");
            }
            redirect.addFlashAttribute("notice", "users.changed");
        } catch (InvalidInputException e) {
            redirect.addFlashAttribute("userError", "invalid." + e.field());
        }
        return "redirect:/organisations/" + parse(id);
    }

    @PostMapping("/organisations/{id}/two-factor")
    String twoFactorPolicy(@PathVariable String id, @RequestParam(defaultValue = "false") boolean required,
            RedirectAttributes redirect) {
        try {
            organisations.setTwoFactorRequired(parse(id), required);
            redirect.addFlashAttribute("notice", "users.changed");
        } catch (InvalidInputException e) {
            redirect.addFlashAttribute("userError", "invalid." + e.field());
        }
        return "redirect:/organisations/" + parse(id);
    }

    @PostMapping("/organisations/{id}/tokens")
    @RequiresPermission({Permission.TOKEN_MANAGE_OWN, Permission.TOKEN_MANAGE_ANY})
    String createToken(@PathVariable String id, @RequestParam(defaultValue = "") String name,
            @RequestParam(defaultValue = "") String role, @RequestParam(required = false) List<String> scopes,
            @RequestParam(defaultValue = "90") int days, RedirectAttributes redirect) {
        OrganisationId organisation = parse(id);
        try {
            Set<TokenScope> chosen = EnumSet.noneOf(TokenScope.class);
            if (scopes != null) {
                scopes.forEach(s -> chosen.add(TokenScope.fromLabel(s)));
            }
            ApiTokens.Issued issued = tokens.create(organisation, name, role.isBlank() ? null : Role.valueOf(role),
                    chosen, Instant.now().plus(Duration.ofDays(Math.max(1, Math.min(days, 366)))));
            redirect.addFlashAttribute("newSecret", issued.secret());
        } catch (InvalidInputException e) {
            redirect.addFlashAttribute("tokenError", "invalid." + e.field());
        } catch (IllegalArgumentException e) {
            redirect.addFlashAttribute("tokenError", "invalid.role");
        }
        return "redirect:/organisations/" + organisation;
    }

    @PostMapping("/organisations/{id}/tokens/{token}/revoke")
    @RequiresPermission({Permission.TOKEN_MANAGE_OWN, Permission.TOKEN_MANAGE_ANY})
    String revokeToken(@PathVariable String id, @PathVariable String token, RedirectAttributes redirect) {
        tokens.revoke(token);
        redirect.addFlashAttribute("notice", "users.changed");
        return "redirect:/organisations/" + parse(id);
    }

    private static OrganisationId parse(String id) {
        try {
            return OrganisationId.of(id);
        } catch (IllegalArgumentException e) {
            throw new lat.warp.shared.NotFoundException("No such organisation.");
        }
    }
}
