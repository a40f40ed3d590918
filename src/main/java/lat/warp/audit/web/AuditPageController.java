package lat.warp.audit.web;

import lat.warp.shared.RequiresPermission;
import lat.warp.shared.Permission;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import lat.warp.audit.AuditAction;
import lat.warp.audit.AuditOutcome;
import lat.warp.audit.AuditPage;
import lat.warp.audit.AuditQueries;
import lat.warp.audit.AuditVerification;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The audit page for administrators. AuditQueries and AuditVerification check AUDIT_READ themselves. */
@Controller
@RequestMapping(AuditPageController.PATH)
class AuditPageController {

    static final String PATH = "/admin/audit";

    private static final DateTimeFormatter UTC_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
            .withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter FORM_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm");

    private final AuditQueries queries;
    private final AuditVerification verification;

    AuditPageController(AuditQueries queries, AuditVerification verification) {
        this.queries = queries;
        this.verification = verification;
    }

    @RequiresPermission(Permission.AUDIT_READ)
    @GetMapping
    String list(@ModelAttribute("search") AuditSearchForm search, BindingResult binding, Model model) {
        // A filter that does not parse (a mistyped organisation id) is dropped and reported, not a 400 page.
        AuditPage page = queries.list(search.toFilter(), search.getBefore(), AuditQueries.DEFAULT_PAGE_SIZE);
        model.addAttribute("page", page);
        model.addAttribute("invalidFilter", binding.hasErrors());
        model.addAttribute("actions", AuditAction.values());
        model.addAttribute("outcomes", AuditOutcome.values());
        model.addAttribute("timeFormat", UTC_TIME);
        model.addAttribute("formTimeFormat", FORM_TIME);
        model.addAttribute("olderLink", page.nextBefore() == null ? null : search.link(page.nextBefore()));
        model.addAttribute("newestLink", search.getBefore() == null ? null : search.link(null));
        model.addAttribute("clearLink", search.filtered() ? PATH : null);
        return "audit/list";
    }

    /** Verifies, then shows the result on the list page (post, redirect, get: a reload does not verify again). */
    @RequiresPermission(Permission.AUDIT_READ)
    @PostMapping("/verification")
    String verify(RedirectAttributes redirect) {
        redirect.addFlashAttribute("verification", verification.verify());
        return "redirect:" + PATH;
    }
}
