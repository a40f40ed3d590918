package lat.warp.notification;

import java.time.Instant;
import java.util.UUID;

/**
 * A URL that receives notifications as JSON, signed with a secret shown once when it is added.
 *
 * @param allowPrivate an administrator allowed a private or loopback address (refused otherwise)
 */
public record Webhook(UUID id, String url, boolean allowPrivate, Instant createdAt) {

    /** A webhook just added, with its signing secret: shown once, never again. */
    public record Created(Webhook webhook, String secret) {
    }
}
