package lat.warp.reporting.internal;

import java.util.List;
import java.util.Locale;
import lat.warp.platform.MailOutbox;
import lat.warp.platform.WarpProperties;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Component;

/** The e-mails reporting sends to reporters, in their language (es, pt, en), queued in the caller's transaction. */
@Component
public class ReporterMail {

    private final MailOutbox outbox;
    private final MessageSource messages;
    private final WarpProperties properties;

    ReporterMail(MailOutbox outbox, MessageSource messages, WarpProperties properties) {
        this.outbox = outbox;
        this.messages = messages;
        this.properties = properties;
    }

    public String trackingUrl(String token) {
        return properties.publicUrl() + "/reports/track/" + token;
    }

    public String confirmationUrl(String token) {
        return properties.publicUrl() + "/reports/confirm/" + token;
    }

    /** The link that confirms a public reporter's address; it carries a secret, erased once sent. */
    public void confirmation(String to, String language, String subject, String token) {
        Locale locale = locale(language);
        outbox.queue(to, text("reporting.mail.confirm.subject", locale),
                text("reporting.mail.confirm.body", locale, subject, confirmationUrl(token)), true);
    }

    /** A receipt with the tracking link, for a report that arrived by e-mail. */
    public void receipt(String to, String language, String subject, String trackingToken) {
        Locale locale = locale(language);
        outbox.queue(to, text("reporting.mail.receipt.subject", locale, subject),
                text("reporting.mail.receipt.body", locale, subject, trackingUrl(trackingToken)), true);
    }

    /** Every address is outside the region: which RIR to ask instead. */
    public void outOfRegion(String to, String language, String subject, List<String> registries) {
        Locale locale = locale(language);
        String names = String.join(", ", registries.stream().map(ReporterMail::rirName).toList());
        outbox.queue(to, text("reporting.mail.outOfRegion.subject", locale, subject),
                text("reporting.mail.outOfRegion.body", locale, subject, names), false);
    }

    /** An analyst's message to the reporter. */
    public void messageToReporter(String to, String language, String number, String body) {
        Locale locale = locale(language);
        outbox.queue(to, text("reporting.mail.message.subject", locale, number),
                text("reporting.mail.message.body", locale, number, body), false);
    }

    /** The name a reporter knows an RIR by, with where to report abuse of its addresses. */
    public static String rirName(String registry) {
        return switch (registry) {
            case "arin" -> "ARIN (https://www.arin.net)";
            case "ripencc" -> "RIPE NCC (https://www.ripe.net)";
            case "apnic" -> "APNIC (https://www.apnic.net)";
            case "afrinic" -> "AFRINIC (https://afrinic.net)";
            case "lacnic" -> "LACNIC (https://www.lacnic.net)";
            default -> registry.toUpperCase(Locale.ROOT);
        };
    }

    private String text(String key, Locale locale, Object... args) {
        return messages.getMessage(key, args, locale);
    }

    private static Locale locale(String language) {
        return switch (language) {
            case "pt" -> Locale.forLanguageTag("pt");
            case "en" -> Locale.ENGLISH;
            default -> Locale.forLanguageTag("es");
        };
    }
}
