package lat.warp.notification.web;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import lat.warp.access.AccessControl;
import lat.warp.notification.Delivery;
import lat.warp.notification.NotificationPolicies;
import lat.warp.notification.NotificationPolicy;
import lat.warp.notification.Notifications;
import lat.warp.notification.Webhook;
import lat.warp.registry.Contacts;
import lat.warp.registry.Organisations;
import lat.warp.reporting.Severity;
import lat.warp.shared.Actor;
import lat.warp.shared.InvalidInputException;
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
 * The pages: an organisation's notification policy with its own delivery log (member administrators edit
 * it, analysts read any), and the analysts' log of every delivery with the parked ones and their retry.
 */
@Controller
class NotificationPageController {

    private final NotificationPolicies policies;
    private final Notifications notifications;
    private final Organisations organisations;
    private final Contacts contacts;
    private final AccessControl access;

    NotificationPageController(NotificationPolicies policies, Notifications notifications, Organisations organisations,
            Contacts contacts, AccessControl access) {
        this.policies = policies;
        this.notifications = notifications;
        this.organisations = organisations;
        this.contacts = contacts;
        this.access = access;
    }

    @GetMapping("/notifications/policy")
    @RequiresPermission(Permission.ORGANISATION_READ_OWN)
    String own() {
        OrganisationId own = access.current().organisation();
        if (own == null) {
            throw access.refuse("open one's own notification policy", "the caller belongs to no organisation");
        }
        return "redirect:/notifications/policy/" + own;
    }

    @GetMapping("/notifications/policy/{id}")
    @RequiresPermission({Permission.ORGANISATION_READ_OWN, Permission.ORGANISATION_READ_ANY})
    String page(@PathVariable String id, Model model) {
        OrganisationId organisation = NotificationApiController.parse(id);
        NotificationPolicy policy = policies.get(organisation);
        Actor viewer = access.current();
        model.addAttribute("organisation", organisations.get(organisation));
        model.addAttribute("policy", policy);
        model.addAttribute("contacts", contacts.list(organisation));
        model.addAttribute("canManage", access.canActOn(viewer, organisation, Permission.ORGANISATION_MANAGE_OWN,
                Permission.ORGANISATION_MANAGE_ANY));
        model.addAttribute("canAllowPrivate", viewer.has(Permission.CONFIGURATION_MANAGE));
        model.addAttribute("schedules", NotificationPolicy.Schedule.values());
        model.addAttribute("formats", NotificationPolicy.AttachmentFormat.values());
        model.addAttribute("severities", Severity.values());
        model.addAttribute("languages", List.of("es", "pt", "en"));
        model.addAttribute("mutedText", String.join(", ", policy.mutedTypes().stream().sorted().toList()));
        model.addAttribute("deliveries", notifications.log(organisation, 50));
        return "notification/policy";
    }

    @PostMapping("/notifications/policy/{id}")
    @RequiresPermission({Permission.ORGANISATION_MANAGE_OWN, Permission.ORGANISATION_MANAGE_ANY})
    String save(@PathVariable String id, @RequestParam(required = false) @Nullable List<String> contactIds,
            @RequestParam(defaultValue = "") String schedule, @RequestParam(defaultValue = "false") boolean businessDaysOnly,
            @RequestParam(defaultValue = "") String timeZone, @RequestParam(defaultValue = "") String language,
            @RequestParam(defaultValue = "") String attachmentFormat,
            @RequestParam(defaultValue = "") String minimumSeverity, @RequestParam(defaultValue = "") String mutedTypes,
            @RequestParam(defaultValue = "false") boolean encrypt, RedirectAttributes redirect) {
        OrganisationId organisation = NotificationApiController.parse(id);
        try {
            Set<String> muted = new LinkedHashSet<>(Arrays.stream(mutedTypes.split("[,\\s]+"))
                    .filter(s -> !s.isBlank()).toList());
            policies.save(organisation, new NotificationPolicy.Draft(contactIds == null ? List.of() : contactIds,
                    parseEnum(NotificationPolicy.Schedule.class, schedule, "schedule"), businessDaysOnly, timeZone,
                    language, parseEnum(NotificationPolicy.AttachmentFormat.class, attachmentFormat, "attachmentFormat"),
                    parseEnum(Severity.class, minimumSeverity, "minimumSeverity"), muted, encrypt));
            redirect.addFlashAttribute("notice", "notification.policy.saved");
        } catch (InvalidInputException e) {
            redirect.addFlashAttribute("error", "invalid." + e.field());
        }
        return "redirect:/notifications/policy/" + organisation;
    }

    @PostMapping("/notifications/policy/{id}/webhooks")
    @RequiresPermission({Permission.ORGANISATION_MANAGE_OWN, Permission.ORGANISATION_MANAGE_ANY})
    String addWebhook(@PathVariable String id, @RequestParam(defaultValue = "") String url,
            @RequestParam(defaultValue = "false") boolean allowPrivate, RedirectAttributes redirect) {
        OrganisationId organisation = NotificationApiController.parse(id);
        try {
            Webhook.Created created = policies.addWebhook(organisation, url, allowPrivate);
            redirect.addFlashAttribute("webhookSecret", created.secret());
        } catch (InvalidInputException e) {
            redirect.addFlashAttribute("error", "invalid." + e.field());
            redirect.addFlashAttribute("errorDetail", e.getMessage());
        }
        return "redirect:/notifications/policy/" + organisation + "#webhooks";
    }

    @PostMapping("/notifications/policy/{id}/webhooks/{webhook}/remove")
    @RequiresPermission({Permission.ORGANISATION_MANAGE_OWN, Permission.ORGANISATION_MANAGE_ANY})
    String removeWebhook(@PathVariable String id, @PathVariable String webhook, RedirectAttributes redirect) {
        OrganisationId organisation = NotificationApiController.parse(id);
        policies.removeWebhook(organisation, NotificationApiController.uuid(webhook, "No such webhook."));
        redirect.addFlashAttribute("notice", "notification.policy.webhook.removed");
        return "redirect:/notifications/policy/" + organisation + "#webhooks";
    }

    @GetMapping("/admin/notifications")
    @RequiresPermission(Permission.NOTIFICATION_LOG_READ_ANY)
    String log(@RequestParam(required = false) @Nullable String state, Model model) {
        Delivery.State filter = null;
        if (state != null && !state.isBlank()) {
            filter = parseEnum(Delivery.State.class, state, "deliveryState");
        }
        List<Delivery> deliveries = new ArrayList<>(notifications.logOfAll(filter, 200));
        model.addAttribute("deliveries", deliveries);
        model.addAttribute("state", filter == null ? "" : filter.name());
        return "notification/log";
    }

    @PostMapping("/admin/notifications/{id}/retry")
    @RequiresPermission(Permission.NOTIFICATION_LOG_READ_ANY)
    String retry(@PathVariable String id, RedirectAttributes redirect) {
        UUID delivery = NotificationApiController.uuid(id, "No such delivery.");
        try {
            notifications.retry(delivery);
            redirect.addFlashAttribute("notice", "notification.log.retried");
        } catch (InvalidInputException e) {
            redirect.addFlashAttribute("error", "invalid." + e.field());
        }
        return "redirect:/admin/notifications?state=PARKED";
    }

    private static <E extends Enum<E>> E parseEnum(Class<E> type, String value, String field) {
        try {
            return Enum.valueOf(type, value.strip());
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(field, "Not a valid choice.");
        }
    }
}
