package lat.warp.notification;

import java.util.UUID;
import lat.warp.shared.OrganisationId;

/**
 * Reading and editing an organisation's notification policy. Member administrators edit their own
 * ({@code ORGANISATION_MANAGE_OWN}); analysts and administrators read any. Every change is audited.
 */
public interface NotificationPolicies {

    /** The saved policy, or the defaults when none is saved. */
    NotificationPolicy get(OrganisationId organisation);

    NotificationPolicy save(OrganisationId organisation, NotificationPolicy.Draft draft);

    /**
     * Adds a webhook; a URL whose host is a private, loopback or link-local address is refused unless
     * {@code allowPrivate}, which only an administrator ({@code CONFIGURATION_MANAGE}) may set.
     */
    Webhook.Created addWebhook(OrganisationId organisation, String url, boolean allowPrivate);

    void removeWebhook(OrganisationId organisation, UUID webhook);
}
