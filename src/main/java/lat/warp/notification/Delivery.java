package lat.warp.notification;

import java.time.Instant;
import java.util.UUID;
import lat.warp.shared.OrganisationId;
import org.jspecify.annotations.Nullable;

/**
 * One message to one recipient over one channel, as the delivery log shows it. Its id is the stable
 * {@code Message-ID} and {@code X-WARP-Delivery} of every attempt.
 *
 * @param recipient an e-mail address or a webhook URL
 * @param lastError why the last attempt failed, in words an analyst can act on
 */
public record Delivery(UUID id, OrganisationId organisation, Channel channel, String recipient, Notice.Kind kind,
        String reference, String subject, State state, int attempts, @Nullable String lastError, Instant createdAt,
        Instant nextAttemptAt, @Nullable Instant sentAt) {

    public enum Channel { EMAIL, WEBHOOK }

    /** PENDING until sent; PARKED after the last retry (or at once for an error no retry can fix). */
    public enum State { PENDING, SENT, PARKED }
}
