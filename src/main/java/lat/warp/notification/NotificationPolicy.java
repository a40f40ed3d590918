package lat.warp.notification;

import java.time.ZoneId;
import java.util.List;
import java.util.Set;
import lat.warp.reporting.Severity;
import lat.warp.shared.OrganisationId;

/**
 * How one organisation wants to be told. When it has saved none, {@link #saved()} is false and the
 * defaults apply: a daily digest on business days to its abuse contacts, in its country's language.
 *
 * @param contactIds the contacts (of the registry) that receive e-mail; empty means "the abuse contacts"
 * @param webhooks the webhook URLs that receive every notification as JSON
 * @param schedule immediate, or a digest every hour, day or week
 * @param businessDaysOnly digests are sent Monday to Friday only (in {@code timeZone}); the weekend's wait for Monday
 * @param timeZone the member's time zone, for digest boundaries
 * @param language {@code es}, {@code pt} or {@code en}
 * @param attachmentFormat how the events of a notification are attached
 * @param minimumSeverity notifications below it are not sent (digests still list them)
 * @param mutedTypes RSIT types (e.g. {@code scanner}) never notified
 * @param encrypt encrypt e-mail to contacts that have an OpenPGP key (it is always signed)
 */
public record NotificationPolicy(OrganisationId organisation, boolean saved, List<String> contactIds,
        List<Webhook> webhooks, Schedule schedule, boolean businessDaysOnly, ZoneId timeZone, String language,
        AttachmentFormat attachmentFormat, Severity minimumSeverity, Set<String> mutedTypes, boolean encrypt) {

    public NotificationPolicy {
        contactIds = List.copyOf(contactIds);
        webhooks = List.copyOf(webhooks);
        mutedTypes = Set.copyOf(mutedTypes);
    }

    /** When notifications go out. */
    public enum Schedule {
        IMMEDIATE, HOURLY, DAILY, WEEKLY;

        public boolean digest() {
            return this != IMMEDIATE;
        }
    }

    /** How the events of a notification are attached. */
    public enum AttachmentFormat {
        CSV, JSON, XARF
    }

    /** What a member administrator edits (webhooks are added and removed one by one). */
    public record Draft(List<String> contactIds, Schedule schedule, boolean businessDaysOnly, String timeZone,
            String language, AttachmentFormat attachmentFormat, Severity minimumSeverity, Set<String> mutedTypes,
            boolean encrypt) {
    }
}
