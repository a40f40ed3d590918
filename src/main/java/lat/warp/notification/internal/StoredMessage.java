package lat.warp.notification.internal;

import java.util.List;
import java.util.Map;
import lat.warp.notification.Notice;
import org.jspecify.annotations.Nullable;

/**
 * What a delivery will say, as kept in the outbox's payload (jsonb): a notice, or a digest of notices and
 * events. Everything the message needs is here, so that it is composed the same on every attempt.
 *
 * @param template which templates compose it: the notice's kind
 * @param items for a digest, the notices it gathers
 * @param periodFrom for a digest, the period's start (ISO instant); null otherwise
 */
record StoredMessage(String key, String organisation, String template, String reference, String tlp, String severity,
        String title, String text, @Nullable String classificationType, @Nullable String link,
        List<Map<String, Object>> events, boolean acknowledgeable, List<StoredMessage> items,
        @Nullable String periodFrom, @Nullable String periodTo, @Nullable String incidentId,
        @Nullable Rendered rendered) {

    /**
     * A digest's events already summed up and rendered as the attachment, once, when the digest was composed
     * (instead of the events themselves, which then stay out of the payload).
     *
     * @param count how many events
     * @param byType how many of each classification.type
     * @param content the attachment's text (CSV or JSON, UTF-8)
     */
    record Rendered(int count, Map<String, Integer> byType, String fileName, String contentType, String content) {
    }

    StoredMessage(String key, String organisation, String template, String reference, String tlp, String severity,
            String title, String text, @Nullable String classificationType, @Nullable String link,
            List<Map<String, Object>> events, boolean acknowledgeable, List<StoredMessage> items,
            @Nullable String periodFrom, @Nullable String periodTo, @Nullable String incidentId) {
        this(key, organisation, template, reference, tlp, severity, title, text, classificationType, link, events,
                acknowledgeable, items, periodFrom, periodTo, incidentId, null);
    }

    static StoredMessage of(Notice notice, @Nullable String incidentId) {
        return new StoredMessage(notice.key(), notice.organisation().toString(), notice.kind().name(),
                notice.reference(), notice.tlp().name(), notice.severity().name(), notice.title(), notice.text(),
                notice.classificationType(), notice.link(), notice.events(), notice.acknowledgeable(), List.of(), null,
                null, incidentId);
    }
}
