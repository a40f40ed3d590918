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
        @Nullable String periodFrom, @Nullable String periodTo, @Nullable String incidentId) {

    static StoredMessage of(Notice notice, @Nullable String incidentId) {
        return new StoredMessage(notice.key(), notice.organisation().toString(), notice.kind().name(),
                notice.reference(), notice.tlp().name(), notice.severity().name(), notice.title(), notice.text(),
                notice.classificationType(), notice.link(), notice.events(), notice.acknowledgeable(), List.of(), null,
                null, incidentId);
    }
}
