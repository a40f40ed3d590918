/**
 * Notification: telling members. Each organisation's {@link lat.warp.notification.NotificationPolicy}
 * (channels, immediate or digest, language, attachment format, minimum severity, muted types,
 * encryption); the transactional outbox of deliveries that a sender hands to SMTP (PGP/MIME signed,
 * encrypted when the contact has a key) or to webhooks (HMAC-signed), with retries, parking and the
 * delivery log; daily, hourly and weekly digests of the feed events inside a member's networks; and the
 * acknowledgement links. Listens to {@link lat.warp.reporting.IncidentChanged}; other modules (warnings,
 * brokering) call {@link lat.warp.notification.Notifications#notify}.
 */
@org.jspecify.annotations.NullMarked
package lat.warp.notification;
