package lat.warp.notification.internal;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import lat.warp.platform.WarpProperties;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Calls a webhook: a JSON body, {@code X-WARP-Delivery: <id>} (the same on every attempt, so the
 * receiver can drop a repeat) and {@code X-WARP-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of
 * "t.body" under the webhook's secret>}. Receivers should refuse a signature older than five minutes.
 */
@Component
class WebhookCaller {

    /** A failure no retry can fix (the address became private, the webhook was removed). */
    static final class Refused extends Exception {
        Refused(String message) {
            super(message);
        }
    }

    private final JdbcClient jdbc;
    private final HttpClient http;
    private final NotificationSettings settings;
    private final WarpProperties properties;

    WebhookCaller(JdbcClient jdbc, NotificationSettings settings, WarpProperties properties) {
        this.jdbc = jdbc;
        this.settings = settings;
        this.properties = properties;
        this.http = HttpClient.newBuilder().connectTimeout(settings.webhookTimeout())
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    void call(Outbox.Claimed d, String subject) throws Refused, Exception {
        record Hook(String url, String secret, boolean allowPrivate) {
        }
        Hook hook = jdbc.sql("select url, secret, allow_private from notification_webhooks where id = ?")
                .param(d.webhookId()).query((rs, n) -> new Hook(rs.getString(1), rs.getString(2), rs.getBoolean(3)))
                .optional().orElseThrow(() -> new Refused("The webhook was removed."));
        URI uri = URI.create(hook.url());
        if (!hook.allowPrivate()) {
            String problem = WebhookAddresses.privateAddressProblem(uri);
            if (problem != null) {
                throw new Refused(problem);
            }
        }
        byte[] body = Outbox.JSON.writeValueAsBytes(body(d, subject));
        long t = Instant.now().getEpochSecond();
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(settings.webhookTimeout())
                .header("Content-Type", "application/json")
                .header("User-Agent", "WARP-Webhook/1")
                .header("X-WARP-Delivery", d.id().toString())
                .header("X-WARP-Signature", "t=" + t + ",v1=" + sign(hook.secret(), t, body))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        HttpResponse<Void> response = http.send(request, HttpResponse.BodyHandlers.discarding());
        if (response.statusCode() / 100 != 2) {
            throw new IllegalStateException("The webhook answered HTTP " + response.statusCode() + ".");
        }
    }

    /** The signature a receiver recomputes: hex HMAC-SHA256 of {@code t + "." + body}. */
    static String sign(String secret, long t, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update((t + ".").getBytes(StandardCharsets.US_ASCII));
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private Map<String, Object> body(Outbox.Claimed d, String subject) {
        StoredMessage m = d.message();
        String base = properties.publicUrl().replaceAll("/$", "");
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("delivery", d.id().toString());
        body.put("organisation", d.organisation().toString());
        body.put("kind", m.template());
        body.put("reference", m.reference());
        body.put("tlp", lat.warp.events.Tlp.valueOf(m.tlp()).label());
        body.put("severity", m.severity());
        body.put("subject", subject);
        body.put("title", m.title());
        body.put("text", m.text());
        body.put("classificationType", m.classificationType());
        body.put("advice", m.classificationType() == null ? null : base + "/advice/" + m.classificationType());
        body.put("link", m.link() == null ? null : base + m.link());
        body.put("periodFrom", m.periodFrom());
        body.put("periodTo", m.periodTo());
        body.put("items", m.items().stream().map(i -> Map.of("reference", i.reference(), "title", i.title(),
                "tlp", i.tlp(), "severity", i.severity())).toList());
        body.put("events", m.events());
        return body;
    }
}
