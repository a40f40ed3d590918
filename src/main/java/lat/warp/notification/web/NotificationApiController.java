package lat.warp.notification.web;

import java.util.List;
import java.util.Set;
import java.util.UUID;
import lat.warp.notification.Delivery;
import lat.warp.notification.NotificationPolicies;
import lat.warp.notification.NotificationPolicy;
import lat.warp.notification.Notifications;
import lat.warp.notification.Webhook;
import lat.warp.reporting.Severity;
import lat.warp.shared.InvalidInputException;
import lat.warp.shared.NotFoundException;
import lat.warp.shared.OrganisationId;
import lat.warp.shared.Permission;
import lat.warp.shared.RequiresPermission;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Notification policies, webhooks and the delivery log over HTTP; the services check access again. */
@RestController
@RequestMapping("/api/v1")
class NotificationApiController {

    private final NotificationPolicies policies;
    private final Notifications notifications;

    NotificationApiController(NotificationPolicies policies, Notifications notifications) {
        this.policies = policies;
        this.notifications = notifications;
    }

    /** The body of a PUT: every field of the policy except the webhooks. */
    record PolicyBody(@Nullable List<String> contactIds, NotificationPolicy.@Nullable Schedule schedule,
            @Nullable Boolean businessDaysOnly, @Nullable String timeZone, @Nullable String language,
            NotificationPolicy.@Nullable AttachmentFormat attachmentFormat, @Nullable Severity minimumSeverity,
            @Nullable Set<String> mutedTypes, @Nullable Boolean encrypt) {
    }

    record WebhookBody(@Nullable String url, @Nullable Boolean allowPrivate) {
    }

    @GetMapping("/organisations/{id}/notification-policy")
    @RequiresPermission({Permission.ORGANISATION_READ_OWN, Permission.ORGANISATION_READ_ANY})
    NotificationPolicy policy(@PathVariable String id) {
        return policies.get(parse(id));
    }

    @PutMapping("/organisations/{id}/notification-policy")
    @RequiresPermission({Permission.ORGANISATION_MANAGE_OWN, Permission.ORGANISATION_MANAGE_ANY})
    NotificationPolicy save(@PathVariable String id, @RequestBody PolicyBody body) {
        if (body.schedule() == null) {
            throw new InvalidInputException("schedule", "schedule is required: IMMEDIATE, HOURLY, DAILY or WEEKLY.");
        }
        return policies.save(parse(id), new NotificationPolicy.Draft(
                body.contactIds() == null ? List.of() : body.contactIds(), body.schedule(),
                body.businessDaysOnly() == null || body.businessDaysOnly(),
                body.timeZone() == null ? "UTC" : body.timeZone(), body.language() == null ? "" : body.language(),
                body.attachmentFormat() == null ? NotificationPolicy.AttachmentFormat.CSV : body.attachmentFormat(),
                body.minimumSeverity() == null ? Severity.LOW : body.minimumSeverity(),
                body.mutedTypes() == null ? Set.of() : body.mutedTypes(), body.encrypt() == null || body.encrypt()));
    }

    /** Adds a webhook; the answer carries its signing secret, which is never shown again. */
    @PostMapping("/organisations/{id}/notification-policy/webhooks")
    @RequiresPermission({Permission.ORGANISATION_MANAGE_OWN, Permission.ORGANISATION_MANAGE_ANY})
    @ResponseStatus(HttpStatus.CREATED)
    Webhook.Created addWebhook(@PathVariable String id, @RequestBody WebhookBody body) {
        return policies.addWebhook(parse(id), body.url() == null ? "" : body.url(),
                Boolean.TRUE.equals(body.allowPrivate()));
    }

    @DeleteMapping("/organisations/{id}/notification-policy/webhooks/{webhook}")
    @RequiresPermission({Permission.ORGANISATION_MANAGE_OWN, Permission.ORGANISATION_MANAGE_ANY})
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void removeWebhook(@PathVariable String id, @PathVariable String webhook) {
        policies.removeWebhook(parse(id), uuid(webhook, "No such webhook."));
    }

    @GetMapping("/organisations/{id}/notification-deliveries")
    @RequiresPermission({Permission.ORGANISATION_READ_OWN, Permission.NOTIFICATION_LOG_READ_ANY})
    List<Delivery> log(@PathVariable String id, @RequestParam(defaultValue = "100") int limit) {
        return notifications.log(parse(id), limit);
    }

    /** Every organisation's deliveries (analysts); {@code state=PARKED} lists those waiting for a retry. */
    @GetMapping("/notifications/deliveries")
    @RequiresPermission(Permission.NOTIFICATION_LOG_READ_ANY)
    List<Delivery> all(@RequestParam(required = false) Delivery.@Nullable State state,
            @RequestParam(defaultValue = "100") int limit) {
        return notifications.logOfAll(state, limit);
    }

    @PostMapping("/notifications/deliveries/{id}/retry")
    @RequiresPermission(Permission.NOTIFICATION_LOG_READ_ANY)
    Delivery retry(@PathVariable String id) {
        return notifications.retry(uuid(id, "No such delivery."));
    }

    static OrganisationId parse(String id) {
        try {
            return OrganisationId.of(id);
        } catch (IllegalArgumentException e) {
            throw new NotFoundException("No such organisation.");
        }
    }

    static UUID uuid(String id, String notFound) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw new NotFoundException(notFound);
        }
    }
}
