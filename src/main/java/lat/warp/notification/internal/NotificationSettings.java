package lat.warp.notification.internal;

import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Notification's knobs ({@code warp.notification.*}); SMTP itself comes from the platform's mail settings.
 *
 * @param pgpPassphrase protects the WARP's OpenPGP secret key in the database ({@code WARP_PGP_PASSPHRASE});
 *        unset: a random one is created once in {@code $WARP_DATA_DIR/pgp-passphrase}
 * @param maxAttempts attempts before a delivery is parked
 * @param backoff the wait after the first failed attempt; it doubles with each further one, up to {@code maxBackoff}
 * @param sendInterval how often the sender looks for due deliveries
 * @param senders how many sender threads work the outbox in parallel
 * @param digestInterval how often the digest job looks for digests that are due
 * @param digestThreads how many organisations' digests are composed in parallel
 * @param digestBatch organisations per digest transaction (each in a savepoint of its own)
 * @param ackValidity how long an acknowledgement link works
 */
@ConfigurationProperties("warp.notification")
public record NotificationSettings(@Nullable String pgpPassphrase, @DefaultValue("8") int maxAttempts,
        @DefaultValue("30s") Duration backoff, @DefaultValue("1h") Duration maxBackoff,
        @DefaultValue("2s") Duration sendInterval, @DefaultValue("2") int senders, @DefaultValue("50") int batchSize,
        @DefaultValue("5m") Duration digestInterval, @DefaultValue("2") int digestThreads, @DefaultValue("50") int digestBatch, @DefaultValue("10s") Duration webhookTimeout,
        @DefaultValue("30d") Duration ackValidity) {
}
