package lat.warp.identity.web;

import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import lat.warp.shared.RequiresPermission;
import lat.warp.identity.Users;
import lat.warp.registry.Organisation;
import lat.warp.registry.Organisations;
import lat.warp.shared.Permission;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/** Administrators: every user of every organisation. */
@Controller
class AdminUsersController {

    private final Users users;
    private final Organisations organisations;

    AdminUsersController(Users users, Organisations organisations) {
        this.users = users;
        this.organisations = organisations;
    }

    @GetMapping("/admin/users")
    @RequiresPermission(Permission.USER_MANAGE_ANY)
    String list(Model model) {
        Map<String, Organisation> byId = organisations.list("").stream()
                .collect(Collectors.toMap(o -> o.id().toString(), Function.identity()));
        model.addAttribute("users", users.listAll());
        model.addAttribute("organisations", byId);
        return "identity/users";
    }
}
